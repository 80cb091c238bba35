#!/usr/bin/env bash
# Deploys the stack at a commit, or updates it to that commit: the images
# tagged with it and the configuration files of this checkout. Swarm replaces
# the web and api tasks one at a time, each new one healthy before the old one
# stops, and rolls back by itself if the new version fails. Deploying an
# earlier commit is the way back to it.
#   usage: infra/swarm/deploy.sh <commit>
#   env: DOCKER_HOST (ssh://root@<manager>), REGISTRY (where the images are),
#        ELASTICSEARCH_HOST (the logging host's private address)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export TAG=${1:?usage: deploy.sh <commit>}
export REGISTRY=${REGISTRY:?REGISTRY must say where the images are}
export ELASTICSEARCH_HOST=${ELASTICSEARCH_HOST:?ELASTICSEARCH_HOST must be set}

# Keep the replica counts the operators chose with scale.sh (2 at first).
replicas() {
  docker service inspect --format '{{.Spec.Mode.Replicated.Replicas}}' "minitwit_$1" 2> /dev/null || echo 2
}
WEB_REPLICAS=$(replicas web)
API_REPLICAS=$(replicas api)
export WEB_REPLICAS API_REPLICAS

docker stack deploy --with-registry-auth --detach=false --compose-file docker-stack.yml minitwit
echo "deployed $TAG: web ×$WEB_REPLICAS, api ×$API_REPLICAS"
