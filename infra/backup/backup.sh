#!/usr/bin/env bash
# Dumps the MiniTwit database, encrypts the dump to the operators' age key,
# and copies it off this droplet. Run every 4 hours by minitwit-backup.timer
# on the database host.
#   env: BACKUP_TARGET          where dumps go: an rclone remote and path
#                               (spaces:minitwit-backups/db) or a folder
#        BACKUP_AGE_RECIPIENT   the operators' age public key (age1…); its
#                               private key is never on this host
#        DATABASE_URL           the database (default: minitwit over the local socket)
# This host's storage key needs to write new objects only: nothing here
# lists, reads or deletes, and the bucket's lifecycle rule deletes old dumps
# (infra/README.md), so whoever takes this host cannot destroy the backups.
set -euo pipefail
target=${BACKUP_TARGET:?BACKUP_TARGET must say where the dumps go (rclone remote:path or a folder)}
recipient=${BACKUP_AGE_RECIPIENT:?BACKUP_AGE_RECIPIENT must be the age public key of the operators}
database=${DATABASE_URL:-minitwit}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
name="minitwit-$(date -u +%Y%m%dT%H%M%SZ).dump.age"

# Custom format: compressed, and pg_restore can restore it selectively.
pg_dump --format=custom --no-owner --no-privileges --dbname="$database" --file="$work/dump"
# A dump that cannot be read back is no backup.
pg_restore --list "$work/dump" > /dev/null
age --encrypt --recipient "$recipient" --output "$work/$name" "$work/dump"
# Written without looking at what is there (a write-only key cannot).
rclone copyto --no-check-dest --s3-no-check-bucket --s3-no-head "$work/$name" "$target/$name"
echo "backup: $target/$name ($(stat -c %s "$work/$name") bytes, encrypted)"
