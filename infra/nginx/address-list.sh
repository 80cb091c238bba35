#!/usr/bin/env bash
# Prints the entries of one of nginx's `geo` address lists (an address or
# CIDR range per line, mapped to 1): simulator-addresses.conf (exempt from
# the API's rate limit) and operator-addresses.conf (allowed to Grafana).
# deploy.sh writes both from SIMULATOR_ADDRESSES and OPERATOR_ADDRESSES; the
# nginx tests run it too.
#   usage: infra/nginx/address-list.sh <address or CIDR range>...
set -euo pipefail
if (($# == 0)); then
  echo "usage: $0 <address or CIDR range>..." >&2
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
echo "# Written by infra/nginx/address-list.sh."
printf '%s 1;\n' "$@"
