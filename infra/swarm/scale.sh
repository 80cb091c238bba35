#!/usr/bin/env bash
# Sets how many web and api replicas run (on the workers; add workers with
# the Vagrantfile first when they are full). nginx and Prometheus find the
# new replicas through Swarm's DNS; deploy.sh keeps the counts.
# Every replica keeps up to DATABASE_POOL_SIZE connections to PostgreSQL,
# and a task being replaced (a node that went away, a restart) may still hold
# its connections while its successor opens new ones, one task per service
# at a time: counts whose connections would not fit in the database's max_connections
# (less 10 kept for operators, backups and migrations) are refused.
#   usage: infra/swarm/scale.sh <web replicas> <api replicas>
#   env: DOCKER_HOST (ssh://root@<manager>),
#        DATABASE_MAX_CONNECTIONS (200, as infra/provision/database.sh sets it)
set -euo pipefail
usage="usage: scale.sh <web replicas> <api replicas>"
web=${1:?$usage}
api=${2:?$usage}
for count in "$web" "$api"; do
  [[ $count =~ ^[0-9]+$ ]] || { echo "$usage (whole numbers)" >&2 && exit 2; }
done

pool_size() { # service
  docker service inspect --format '{{range .Spec.TaskTemplate.ContainerSpec.Env}}{{println .}}{{end}}' \
    "minitwit_$1" | sed -n 's/^DATABASE_POOL_SIZE=//p'
}
web_pool=$(pool_size web)
api_pool=$(pool_size api)
needed=$(((web + 1) * ${web_pool:-10} + (api + 1) * ${api_pool:-10}))
available=$((${DATABASE_MAX_CONNECTIONS:-200} - 10))
if ((needed > available)); then
  echo "refused: web ×$web and api ×$api need up to $needed database connections, more than the" \
    "$available PostgreSQL allows (raise max_connections, lower DATABASE_POOL_SIZE, or put" \
    "PgBouncer in front of PostgreSQL)" >&2
  exit 2
fi
docker service scale --detach=false "minitwit_web=$web" "minitwit_api=$api"
