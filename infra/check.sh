#!/usr/bin/env bash
# Checks every operations file with the tool that understands it (part of the
# README's test command; the tools are Debian packages that
# packages/tooling/local-stack/src/system-packages.ts installs). What only a running
# program can show is tested in packages/tooling/operations/test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

echo "== Prometheus: configuration, rules, rule unit tests"
promtool check config prometheus/prometheus.yml prometheus/agent.yml
promtool check rules prometheus/rules/*.yml
(cd prometheus && promtool test rules tests/*.yml)

echo "== YAML"
yamllint --strict --config-file ../.yamllint . ../docker-stack.yml ../.travis.yml

echo "== the logging host's compose file (placeholder values for its required settings)"
LOGGING_HOST=192.0.2.1 ELASTIC_PASSWORD=placeholder KIBANA_PASSWORD=placeholder \
  FILEBEAT_PASSWORD=placeholder OPERATOR_PASSWORD=placeholder KIBANA_ENCRYPTION_KEY=placeholder \
  docker-compose --file logging/docker-compose.yml --project-directory logging config --quiet

echo "== shell scripts"
find . -name "*.sh" -print0 | xargs -0 shellcheck ../.ci/run

echo "== the Swarm stack (what the docker CLI checks without an engine; the rest: packages/tooling/operations/test/stack.test.ts)"
TAG=check REGISTRY=registry.example ELASTICSEARCH_HOST=192.0.2.1 NGINX_CONFIG=check PROMETHEUS_CONFIG=check \
  GRAFANA_CONFIG=check FILEBEAT_CONFIG=check HAPROXY_CONFIG=check NGINX_SIMULATOR_ADDRESSES=/dev/null \
  NGINX_OPERATOR_ADDRESSES=/dev/null PROMETHEUS_DATABASE_HOSTS=/dev/null \
  DATABASE_HOST_1=192.0.2.11 DATABASE_HOST_2=192.0.2.12 DATABASE_HOST_3=192.0.2.13 \
  docker stack config --compose-file ../docker-stack.yml > /dev/null

echo "== the Vagrantfile (the DigitalOcean provider block is not checked without its plugin)"
ruby -c ../Vagrantfile
key_dir=$(mktemp -d)
trap 'rm -rf "$key_dir"' EXIT
touch "$key_dir/key"
(cd .. && MINITWIT_SSH_KEY_PATH="$key_dir/key" vagrant validate --ignore-provider)

echo "== HAProxy: the database proxy's configuration (placeholder addresses)"
DATABASE_HOST_1=192.0.2.11 DATABASE_HOST_2=192.0.2.12 DATABASE_HOST_3=192.0.2.13 \
  haproxy -c -f haproxy/haproxy.cfg

echo "== nginx: 'nginx -t' runs on the real configuration in packages/tooling/operations/test/scale-out.test.ts"

echo "operations files: all checks passed"
