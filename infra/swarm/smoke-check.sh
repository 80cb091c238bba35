#!/usr/bin/env bash
# After a deployment: the web domain serves the public timeline and the api
# subdomain answers /latest, through nginx, within two minutes.
#   usage: infra/swarm/smoke-check.sh <web domain>
set -euo pipefail
domain=${1:?usage: smoke-check.sh <web domain>}

check() { # what url pattern
  for _ in $(seq 24); do
    if curl -fsS --max-time 5 "$2" | grep -q "$3"; then
      echo "smoke check: $1 ok"
      return 0
    fi
    sleep 5
  done
  echo "smoke check: $1 failed ($2)" >&2
  return 1
}
check web "https://$domain/public" '<html'
check api "https://api.$domain/latest" '"latest"'
