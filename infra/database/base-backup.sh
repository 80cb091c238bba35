#!/usr/bin/env bash
# A base backup of the cluster with pgBackRest, into the backup repository
# (encrypted; pgbackrest-conf.sh), taken on the primary: full once a week,
# differential (what changed since the last full one) every other day
# (minitwit-base-backup-*.timer, on every database host; only the primary's
# run goes ahead). The stanza is created first if the repository has none.
# pgBackRest then expires what the retention (two full backups) lets go,
# and the time of this success is left for Prometheus (node exporter's
# textfile collector), for the alert on a base backup too old.
#   usage: base-backup.sh full|diff
set -euo pipefail
type=${1:?usage: base-backup.sh full|diff}
[[ $type == full || $type == diff ]] || { echo "usage: base-backup.sh full|diff" >&2 && exit 2; }
pgbackrest --stanza=minitwit stanza-create
pgbackrest --stanza=minitwit --type="$type" backup
metrics=${BACKUP_METRICS_DIR:-/var/lib/prometheus/node-exporter}
if [ -d "$metrics" ]; then
  # Written whole, then renamed: the collector never reads half a file.
  cat > "$metrics/minitwit-base-backup-$type.prom.tmp" <<METRICS
# HELP minitwit_base_backup_last_success_timestamp_seconds When the last base backup of this type finished.
# TYPE minitwit_base_backup_last_success_timestamp_seconds gauge
minitwit_base_backup_last_success_timestamp_seconds{type="$type"} $(date +%s)
METRICS
  mv "$metrics/minitwit-base-backup-$type.prom.tmp" "$metrics/minitwit-base-backup-$type.prom"
fi
echo "base backup ($type): done"
