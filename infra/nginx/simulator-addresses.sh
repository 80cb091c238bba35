#!/usr/bin/env bash
# Prints simulator-addresses.conf: the entries of nginx's `geo` map that
# exempt the simulator's source addresses from the API's rate limit.
# deploy.sh runs it with SIMULATOR_ADDRESSES; the nginx tests run it too.
#   usage: infra/nginx/simulator-addresses.sh <address or CIDR range>...
set -euo pipefail
if (($# == 0)); then
  echo "usage: $0 <address or CIDR range>... (the simulator's source addresses)" >&2
  exit 64
fi
ipv4='^[0-9]{1,3}(\.[0-9]{1,3}){3}(/[0-9]{1,2})?$'
ipv6='^[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*(/[0-9]{1,3})?$'
for address in "$@"; do
  # Only addresses reach nginx's configuration; nginx -t checks the numbers.
  if [[ ! $address =~ $ipv4 && ! $address =~ $ipv6 ]]; then
    echo "not an IP address or CIDR range: '$address'" >&2
    exit 64
  fi
done
echo "# The simulator's source addresses (infra/nginx/simulator-addresses.sh)."
printf '%s 1;\n' "$@"
