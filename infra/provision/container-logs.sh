#!/usr/bin/env bash
# Filebeat's view of the containers' log files, on every Swarm node: a
# read-only bind of Docker's containers folder that is neither recursive nor
# shared. Swarm mounts each task's secrets on a tmpfs inside that folder
# (<container>/mounts/secrets); a recursive bind (what a stack's volume is)
# would show the secrets of the tasks already running, and a shared one those
# of every task started later. This one shows the log files and nothing
# mounted beside them. The line in /etc/fstab mounts it again at boot.
set -euo pipefail
source_dir=/var/lib/docker/containers
view=/var/lib/minitwit/container-logs
options=bind,ro,private

if ! mountpoint -q "$view"; then
  # Docker creates its folder as 0710; so does this, if it comes first.
  [ -d "$source_dir" ] || install -d -m 0710 "$source_dir"
  install -d -m 0700 "$view"
  mount -o "$options" "$source_dir" "$view"
fi
grep -q "^$source_dir $view " /etc/fstab ||
  printf '%s %s none %s 0 0\n' "$source_dir" "$view" "$options" >> /etc/fstab
