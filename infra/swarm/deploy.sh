#!/usr/bin/env bash
# Deploys the stack at a commit, or updates it to that commit: the images
# tagged with it and the configuration files of this checkout. Swarm replaces
# the web and api tasks one at a time (each stopped, then its successor
# started where it was, healthy before the next), and rolls back by itself
# if the new version fails. Deploying an earlier commit is the way back to it.
#   usage: infra/swarm/deploy.sh <commit>
#   env: DOCKER_HOST (ssh://root@<manager>), REGISTRY (where the images are),
#        ELASTICSEARCH_HOST (the logging host's private address),
#        DATABASE_HOSTS (the three database hosts' private addresses,
#        space-separated, in the order of their names: database-1 first),
#        SIMULATOR_ADDRESSES (the simulator's source addresses or CIDR
#        ranges, space-separated: exempt from nginx's limit on the API),
#        OPERATOR_ADDRESSES (the operators' networks, the same way: the only
#        clients nginx lets reach Grafana),
#        [SESSION_SECRET_NAME] (the session key's secret, after a rotation)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export TAG=${1:?usage: deploy.sh <commit>}
export REGISTRY=${REGISTRY:?REGISTRY must say where the images are}
export ELASTICSEARCH_HOST=${ELASTICSEARCH_HOST:?ELASTICSEARCH_HOST must be set}
read -r DATABASE_HOST_1 DATABASE_HOST_2 DATABASE_HOST_3 extra <<< "${DATABASE_HOSTS:-}"
if [[ -z ${DATABASE_HOST_3:-} || -n ${extra:-} ]]; then
  echo "DATABASE_HOSTS must list the three database hosts' private addresses" >&2
  exit 2
fi
export DATABASE_HOST_1 DATABASE_HOST_2 DATABASE_HOST_3
: "${SIMULATOR_ADDRESSES:?SIMULATOR_ADDRESSES must list the source addresses of the simulator}"
: "${OPERATOR_ADDRESSES:?OPERATOR_ADDRESSES must list the networks of the operators}"

generated=$(mktemp -d)
trap 'rm -rf "$generated"' EXIT
mkdir "$generated/nginx" "$generated/prometheus"
# shellcheck disable=SC2086 # one argument per address
infra/nginx/address-list.sh $SIMULATOR_ADDRESSES > "$generated/nginx/simulator-addresses.conf"
# shellcheck disable=SC2086
infra/nginx/address-list.sh $OPERATOR_ADDRESSES > "$generated/nginx/operator-addresses.conf"
export NGINX_SIMULATOR_ADDRESSES=$generated/nginx/simulator-addresses.conf
export NGINX_OPERATOR_ADDRESSES=$generated/nginx/operator-addresses.conf
infra/prometheus/database-targets.sh "$DATABASE_HOST_1" "$DATABASE_HOST_2" "$DATABASE_HOST_3" \
  > "$generated/prometheus/database-hosts.yml"
export PROMETHEUS_DATABASE_HOSTS=$generated/prometheus/database-hosts.yml

# Each service's configs are named by a digest of its files, not by the
# commit: a deployment that does not change nginx's files does not restart
# nginx (whose host-mode ports allow only stop-first updates).
# The digest is of contents and of names within each folder, never of where
# the files are: the address lists are written to a new temporary folder at
# every deployment.
digest() { # files or folders
  local item
  for item in "$@"; do
    if [[ -d $item ]]; then
      (cd "$item" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
    else
      sha256sum < "$item"
    fi
  done | sha256sum | cut -c1-12
}
NGINX_CONFIG=$(digest infra/nginx "$generated/nginx")
HAPROXY_CONFIG=$(digest infra/haproxy)
PROMETHEUS_CONFIG=$(digest infra/prometheus/prometheus.yml infra/prometheus/agent.yml infra/prometheus/rules "$generated/prometheus")
GRAFANA_CONFIG=$(digest infra/grafana)
FILEBEAT_CONFIG=$(digest infra/logging/filebeat.yml)
export NGINX_CONFIG HAPROXY_CONFIG PROMETHEUS_CONFIG GRAFANA_CONFIG FILEBEAT_CONFIG

# Keep the replica counts the operators chose with scale.sh (2 at first).
# `docker service inspect` prints an empty line for a service that does not
# exist yet (and fails), so only a whole number it prints is taken.
replicas() {
  local count
  count=$(docker service inspect --format '{{.Spec.Mode.Replicated.Replicas}}' "minitwit_$1" 2> /dev/null) || true
  if [[ $count =~ ^[0-9]+$ ]]; then echo "$count"; else echo 2; fi
}
WEB_REPLICAS=$(replicas web)
API_REPLICAS=$(replicas api)
export WEB_REPLICAS API_REPLICAS

docker stack deploy --with-registry-auth --detach=false --compose-file docker-stack.yml minitwit
echo "deployed $TAG: web ×$WEB_REPLICAS, api ×$API_REPLICAS"

# Configs of earlier deployments that no service uses any more: Swarm refuses
# to remove one in use, so only those go.
for config in $(docker config ls --quiet --filter label=com.docker.stack.namespace=minitwit); do
  docker config rm "$config" > /dev/null 2>&1 || true
done
