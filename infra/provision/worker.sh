#!/usr/bin/env bash
# A Swarm worker: joins the swarm with the token and manager address that
# Vagrant fetched from the manager (/tmp/swarm-join, "<address> <token>"),
# so a new worker needs no manual step. Opens only the swarm's ports, to the
# private network.
#   env: PRIVATE_NETWORK (CIDR of the VPC)
set -euo pipefail
here=$(dirname "${BASH_SOURCE[0]}")
bash "$here/common.sh" docker
bash "$here/container-logs.sh"
bash "$here/swarm-ports.sh" "${PRIVATE_NETWORK:?PRIVATE_NETWORK must be the VPC range}"

if [ ! -s /tmp/swarm-join ]; then
  echo "worker: no swarm join token: bring the manager up first (vagrant up manager)" >&2
  exit 1
fi
read -r manager token < /tmp/swarm-join
rm -f /tmp/swarm-join
if [ "$(docker info --format '{{.Swarm.LocalNodeState}}')" != active ]; then
  docker swarm join --advertise-addr "$(bash "$here/private-address.sh")" --token "$token" "$manager:2377"
fi
