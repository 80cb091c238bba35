#!/bin/sh
# Starts the node's Docker engine: on its socket and, for the test's own
# commands (the scripts' DOCKER_HOST), on TCP 2375 of the private network;
# REGISTRY is plain HTTP, and also the mirror for official images.
set -eu
# The cgroup hierarchies are mounted read-only in a container that is not
# --privileged; the engine must create its own groups in them.
for hierarchy in /sys/fs/cgroup/*; do
  mount -o remount,bind,rw "$hierarchy" "$hierarchy" 2> /dev/null || true
done
mount -o remount,rw /sys/fs/cgroup 2> /dev/null || true
# As on a droplet, where systemd makes every mount shared, then as its
# provisioning does: Filebeat's view of the containers' logs (bind-mounted
# here by cluster.ts).
mount --make-rshared /
bash /provision/container-logs.sh
exec dockerd --host=unix:///var/run/docker.sock --host=tcp://0.0.0.0:2375 \
  --insecure-registry="${REGISTRY:?}" --registry-mirror="http://${REGISTRY}"
