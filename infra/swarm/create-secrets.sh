#!/usr/bin/env bash
# Creates, once, the Docker secrets and external configs the stack uses, on
# the swarm DOCKER_HOST points at (ssh://root@<manager>). Values come from the
# environment and files, never from the repository; a secret that exists is
# left as it is (Swarm secrets cannot change: rotate by removing the stack's
# use of it first). SESSION_SECRET is generated when not given.
#   env: DATABASE_URL (as minitwit_runtime), MIGRATION_DATABASE_URL (as
#        minitwit, the schema's owner), SIMULATOR_USERNAME, SIMULATOR_PASSWORD,
#        GRAFANA_ADMIN_PASSWORD, FILEBEAT_PASSWORD, [SESSION_SECRET],
#        TLS_CERTIFICATE_FILE, TLS_PRIVATE_KEY_FILE, LOGGING_CA_FILE
set -euo pipefail

create() { # kind name value-or-file
  local kind=$1 name=$2 source=$3
  if docker "$kind" inspect "$name" > /dev/null 2>&1; then
    echo "$kind $name: exists, kept"
  else
    docker "$kind" create "$name" "$source" > /dev/null
    echo "$kind $name: created"
  fi
}
from_value() { # kind name value
  printf '%s' "$3" | create "$1" "$2" -
}

from_value secret runtime_database_url "${DATABASE_URL:?DATABASE_URL must be set (the database host, as minitwit_runtime)}"
from_value secret migration_database_url "${MIGRATION_DATABASE_URL:?MIGRATION_DATABASE_URL must be set (the database host, as minitwit)}"
from_value secret session_secret "${SESSION_SECRET:-$(openssl rand -base64 48)}"
from_value secret simulator_username "${SIMULATOR_USERNAME:?SIMULATOR_USERNAME must be set}"
from_value secret simulator_password "${SIMULATOR_PASSWORD:?SIMULATOR_PASSWORD must be set}"
from_value secret grafana_admin_password "${GRAFANA_ADMIN_PASSWORD:?GRAFANA_ADMIN_PASSWORD must be set}"
from_value secret filebeat_password "${FILEBEAT_PASSWORD:?FILEBEAT_PASSWORD must be set (from the logging host)}"
create secret tls_private_key "${TLS_PRIVATE_KEY_FILE:?TLS_PRIVATE_KEY_FILE must name the key file}"
create config tls_certificate "${TLS_CERTIFICATE_FILE:?TLS_CERTIFICATE_FILE must name the certificate chain}"
create config logging_ca "${LOGGING_CA_FILE:?LOGGING_CA_FILE must name the CA certificate of the logging host}"
