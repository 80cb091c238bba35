#!/usr/bin/env bash
# Sets how many web and api replicas run (on the workers; add workers with
# the Vagrantfile first when they are full). nginx and Prometheus find the
# new replicas through Swarm's DNS; deploy.sh keeps the counts.
#   usage: infra/swarm/scale.sh <web replicas> <api replicas>
#   env: DOCKER_HOST (ssh://root@<manager>)
set -euo pipefail
usage="usage: scale.sh <web replicas> <api replicas>"
web=${1:?$usage}
api=${2:?$usage}
for count in "$web" "$api"; do
  [[ $count =~ ^[0-9]+$ ]] || { echo "$usage (whole numbers)" >&2 && exit 2; }
done
docker service scale --detach=false "minitwit_web=$web" "minitwit_api=$api"
