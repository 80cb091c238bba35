#!/bin/sh
# The settings infra/provision/database.sh gives the database droplet, with
# its values from the environment: listen on the private network, password
# (scram) authentication from PRIVATE_NETWORK only, MAX_CONNECTIONS, and the
# minitwit database with the roles of /database-roles.sql (the provisioning's
# file, mounted): minitwit_runtime (password DATABASE_PASSWORD) and minitwit
# (MIGRATION_DATABASE_PASSWORD).
set -eu
cluster_dir=$(ls -d /etc/postgresql/*/main)
version=$(basename "$(dirname "$cluster_dir")")
cat > "$cluster_dir/conf.d/minitwit.conf" <<CONF
listen_addresses = '*'
max_connections = ${MAX_CONNECTIONS:?}
password_encryption = scram-sha-256
CONF
echo "host minitwit minitwit,minitwit_runtime ${PRIVATE_NETWORK:?} scram-sha-256" >> "$cluster_dir/pg_hba.conf"
pg_ctlcluster "$version" main start
runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 --command='CREATE DATABASE minitwit'
runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 --dbname=minitwit --file=/database-roles.sql
runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 --dbname=minitwit \
  -v password="${DATABASE_PASSWORD:?}" -v migration_password="${MIGRATION_DATABASE_PASSWORD:?}" <<'SQL'
SELECT format('ALTER ROLE minitwit PASSWORD %L', :'migration_password') \gexec
SELECT format('ALTER ROLE minitwit_runtime PASSWORD %L', :'password') \gexec
SQL
pg_ctlcluster "$version" main stop
exec runuser -u postgres -- "/usr/lib/postgresql/$version/bin/postgres" \
  -D "/var/lib/postgresql/$version/main" -c "config_file=$cluster_dir/postgresql.conf"
