#!/usr/bin/env bash
# Installs the backup timer on the database host: the settings in
# /etc/minitwit/backup.env (readable by postgres only), the rclone
# configuration of the off-droplet storage, and the systemd units.
#   env: BACKUP_TARGET, BACKUP_AGE_RECIPIENT (the operators' age public key),
#        BACKUP_RCLONE_CONFIG (the rclone.conf text, with a write-only key)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
install -d -m 750 -o root -g postgres /etc/minitwit
install -d -m 700 -o postgres -g postgres ~postgres/.config/rclone
umask 027
cat > /etc/minitwit/backup.env <<ENV
BACKUP_TARGET=${BACKUP_TARGET:?BACKUP_TARGET must say where the dumps go}
BACKUP_AGE_RECIPIENT=${BACKUP_AGE_RECIPIENT:?BACKUP_AGE_RECIPIENT must be the age public key of the operators}
ENV
chgrp postgres /etc/minitwit/backup.env
printf '%s\n' "${BACKUP_RCLONE_CONFIG:?BACKUP_RCLONE_CONFIG must configure the storage remote}" \
  > ~postgres/.config/rclone/rclone.conf
chown postgres:postgres ~postgres/.config/rclone/rclone.conf
chmod 600 ~postgres/.config/rclone/rclone.conf

install -m 644 "$here/minitwit-backup.service" "$here/minitwit-backup.timer" /etc/systemd/system/
systemctl daemon-reload
systemctl enable --now minitwit-backup.timer
