#!/usr/bin/env bash
# Exits 0 when this database host is the primary now (its Patroni holds the
# leader lease), 1 otherwise: the backups' ExecCondition, so that of the
# three hosts' timers only the primary's runs.
set -euo pipefail
address=$(awk '/^restapi:/ { inside = 1 } inside && /connect_address:/ { print $2; exit }' \
  /etc/patroni/config.yml)
curl --silent --fail --max-time 5 --output /dev/null "http://$address/primary" || exit 1
