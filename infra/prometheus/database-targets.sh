#!/usr/bin/env bash
# Prints Prometheus's file_sd list of the database hosts (deploy.sh writes it
# from DATABASE_HOSTS; prometheus.yml's database jobs read it): one group per
# host, named database-1, -2, -3 in the order given.
#   usage: database-targets.sh <address> <address> <address>
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: database-targets.sh <address>..." >&2 && exit 2; }
number=0
for address in "$@"; do
  number=$((number + 1))
  printf -- '- targets: ["%s"]\n  labels: { host: database-%d }\n' "$address" "$number"
done
