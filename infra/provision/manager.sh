#!/usr/bin/env bash
# The Swarm manager: initialises the swarm on its private address (once) and
# opens the public ports of nginx (80, 443; Grafana is behind it), and the
# swarm's own ports to the private network only.
#   env: PRIVATE_NETWORK (CIDR of the VPC),
#        DEPLOY_PUBLIC_KEY (the public key CI deploys with, as the user deploy)
set -euo pipefail
here=$(dirname "${BASH_SOURCE[0]}")
bash "$here/common.sh" docker 80 443
bash "$here/container-logs.sh"
private_network=${PRIVATE_NETWORK:?PRIVATE_NETWORK must be the VPC range, e.g. 10.110.0.0/20}
deploy_key=${DEPLOY_PUBLIC_KEY:?DEPLOY_PUBLIC_KEY must be the public key CI deploys with}

address=$(bash "$here/private-address.sh")
if [ "$(docker info --format '{{.Swarm.LocalNodeState}}')" != active ]; then
  # Autolock: the swarm's keys (secrets included) stay encrypted on disk, and
  # after Docker restarts the manager waits for `docker swarm unlock`. Keep
  # the key (`docker swarm unlock-key --quiet`) in the password manager.
  docker swarm init --autolock --advertise-addr "$address" --listen-addr "$address:2377"
fi

# CI deploys as `deploy`, not root: no password, no sudo, a key of its own
# that can be revoked alone. Its docker group still lets it do anything Docker
# can on this host (SECURITY.md).
id deploy > /dev/null 2>&1 || useradd --create-home --shell /bin/bash --groups docker deploy
install -d -m 700 -o deploy -g deploy ~deploy/.ssh
printf '%s\n' "$deploy_key" > ~deploy/.ssh/authorized_keys
chown deploy:deploy ~deploy/.ssh/authorized_keys
chmod 600 ~deploy/.ssh/authorized_keys

bash "$here/swarm-ports.sh" "$private_network"
ufw allow 80/tcp
ufw allow 443/tcp
