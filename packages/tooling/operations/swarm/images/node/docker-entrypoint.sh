#!/bin/sh
# As the official image's entrypoint: arguments that are options or not a
# command are given to node; anything else runs as it is.
set -e
if [ "${1#-}" != "$1" ] || ! command -v "$1" > /dev/null; then
  set -- node "$@"
fi
exec "$@"
