#!/usr/bin/env bash
# Runs in the `setup` service once Elasticsearch is healthy (and again on
# every `docker-compose up`: each step replaces what it sets). It installs the
# index lifecycle that bounds retention, the index template of MiniTwit's log
# data stream, and the accounts: kibana_system's password, `filebeat_writer`
# (may only write MiniTwit's logs) and `operator` (reads them in Kibana).
set -euo pipefail
cd /usr/share/elasticsearch/minitwit

for variable in ELASTIC_PASSWORD KIBANA_PASSWORD FILEBEAT_PASSWORD OPERATOR_PASSWORD; do
  # Passwords go into JSON bodies below: keep them to characters JSON takes as they are.
  if [[ ! ${!variable} =~ ^[A-Za-z0-9+/=_.,:@%-]{16,}$ ]]; then
    echo "$variable must be at least 16 characters of A-Z a-z 0-9 + / = _ . , : @ % -" >&2
    exit 1
  fi
done

# elastic's request: METHOD PATH BODY (BODY is JSON text, or @file).
request() {
  echo "$1 $2"
  curl --silent --show-error --fail-with-body \
    --cacert /usr/share/elasticsearch/config/certs/ca/ca.crt \
    --user "elastic:$ELASTIC_PASSWORD" \
    --request "$1" --header 'Content-Type: application/json' \
    --data-binary "$3" "https://elasticsearch:9200$2"
  echo
}

request POST /_security/user/kibana_system/_password "{\"password\":\"$KIBANA_PASSWORD\"}"
request PUT /_ilm/policy/minitwit-logs @ilm-policy.json
request PUT /_index_template/minitwit-logs @index-template.json
request PUT /_security/role/minitwit_logs_writer @writer-role.json
request PUT /_security/role/minitwit_logs_reader @reader-role.json
request PUT /_security/user/filebeat_writer \
  "{\"password\":\"$FILEBEAT_PASSWORD\",\"roles\":[\"minitwit_logs_writer\"]}"
request PUT /_security/user/operator \
  "{\"password\":\"$OPERATOR_PASSWORD\",\"roles\":[\"minitwit_logs_reader\"],\"full_name\":\"MiniTwit operator\"}"
echo "logging host set up"
