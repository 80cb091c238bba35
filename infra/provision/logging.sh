#!/usr/bin/env bash
# The logging host: Elasticsearch and Kibana from infra/logging (its own
# compose file and .env, uploaded by Vagrant), Elasticsearch on the private
# address, reachable from the private network only, and Kibana on loopback
# (operators reach it through an SSH tunnel).
#   env: PRIVATE_NETWORK
set -euo pipefail
here=$(dirname "${BASH_SOURCE[0]}")
bash "$here/common.sh" docker
apt-get install -y -qq --no-install-recommends docker-compose
sysctl -w vm.max_map_count=262144
echo 'vm.max_map_count=262144' > /etc/sysctl.d/90-elasticsearch.conf

(cd "$here/../logging" && docker-compose up -d)
ufw allow from "${PRIVATE_NETWORK:?PRIVATE_NETWORK must be the VPC range}" to any port 9200 proto tcp
