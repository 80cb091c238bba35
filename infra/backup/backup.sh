#!/usr/bin/env bash
# Dumps the MiniTwit database and copies the dump off this droplet, then
# deletes the copies older than the retention. Run every 4 hours by
# minitwit-backup.timer on the database host.
#   env: BACKUP_TARGET          where dumps go: an rclone remote and path
#                               (spaces:minitwit-backups/db) or a folder
#        BACKUP_RETENTION_DAYS  how long a dump is kept (default 14)
#        DATABASE_URL           the database (default: minitwit over the local socket)
set -euo pipefail
target=${BACKUP_TARGET:?BACKUP_TARGET must say where the dumps go (rclone remote:path or a folder)}
retention_days=${BACKUP_RETENTION_DAYS:-14}
database=${DATABASE_URL:-minitwit}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
name="minitwit-$(date -u +%Y%m%dT%H%M%SZ).dump"

# Custom format: compressed, and pg_restore can restore it selectively.
pg_dump --format=custom --no-owner --no-privileges --dbname="$database" --file="$work/$name"
# A dump that cannot be read back is no backup.
pg_restore --list "$work/$name" > /dev/null
rclone copyto "$work/$name" "$target/$name"
rclone delete --min-age "${retention_days}d" --include 'minitwit-*.dump' "$target"
echo "backup: $target/$name ($(stat -c %s "$work/$name") bytes); kept: the last $retention_days days"
