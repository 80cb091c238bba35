#!/usr/bin/env bash
# Checks every operations file with the tool that understands it (part of the
# README's test command; the tools are Debian packages that
# packages/local-stack/src/system-packages.ts installs). What only a running
# program can show is tested in packages/operations/test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

echo "== Prometheus: configuration, rules, rule unit tests"
promtool check config prometheus/prometheus.yml
promtool check rules prometheus/rules/*.yml
(cd prometheus && promtool test rules tests/*.yml)

echo "== YAML"
yamllint --strict --config-file ../.yamllint .

echo "== the logging host's compose file (placeholder values for its required settings)"
LOGGING_HOST=192.0.2.1 ELASTIC_PASSWORD=placeholder KIBANA_PASSWORD=placeholder \
  FILEBEAT_PASSWORD=placeholder OPERATOR_PASSWORD=placeholder KIBANA_ENCRYPTION_KEY=placeholder \
  docker-compose --file logging/docker-compose.yml --project-directory logging config --quiet

echo "== shell scripts"
find . -name "*.sh" -print0 | xargs -0 shellcheck ../.ci/run

echo "operations files: all checks passed"
