#!/usr/bin/env bash
# Patroni's post_bootstrap (infra/database/configure.sh): run once, on the
# host that creates the cluster, while it is the only one. Creates the
# minitwit database and its two roles (infra/provision/database-roles.sql)
# with their passwords from /etc/minitwit/database-roles.env, and the role
# Prometheus's PostgreSQL exporter reads the statistics as (pg_monitor). Patroni runs it
# as postgres with synchronous_commit=local: no standby exists yet to wait for.
#   usage: post-bootstrap.sh <connection string> (Patroni's superuser)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
connection=${1:?usage: post-bootstrap.sh <connection string>}
# shellcheck source=/dev/null # written by configure.sh
. /etc/minitwit/database-roles.env
psql --dbname="$connection" -v ON_ERROR_STOP=1 --quiet --command='CREATE DATABASE minitwit' \
  --command='CREATE ROLE prometheus LOGIN IN ROLE pg_monitor'
# Patroni's connection string is keyword=value, in which the last dbname counts.
minitwit="$connection dbname=minitwit"
psql --dbname="$minitwit" -v ON_ERROR_STOP=1 --quiet --file="$here/../provision/database-roles.sql"
psql --dbname="$minitwit" -v ON_ERROR_STOP=1 --quiet \
  -v password="${DATABASE_PASSWORD:?}" -v migration_password="${MIGRATION_DATABASE_PASSWORD:?}" <<'SQL'
SELECT format('ALTER ROLE minitwit PASSWORD %L', :'migration_password') \gexec
SELECT format('ALTER ROLE minitwit_runtime PASSWORD %L', :'password') \gexec
SQL
# The backup stanza, so that WAL archiving succeeds from the first segment.
# Should the repository be unreachable now, base-backup.sh creates it later
# (meanwhile archiving fails, and the alert on it says so).
pgbackrest --stanza=minitwit stanza-create ||
  echo "post-bootstrap.sh: no backup stanza yet (the repository did not answer)" >&2
