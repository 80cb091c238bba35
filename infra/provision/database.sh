#!/usr/bin/env bash
# The database host: Debian's PostgreSQL, listening on the private address
# only, reachable from the private network only (password authentication),
# with the minitwit database and its two roles (database-roles.sql: minitwit
# owns the schema, minitwit_runtime is what the services run as), and the
# backup timer (infra/backup/minitwit-backup.timer: every 4 hours).
#   env: PRIVATE_NETWORK, DATABASE_PASSWORD (minitwit_runtime's, for
#        DATABASE_URL), MIGRATION_DATABASE_PASSWORD (minitwit's, for the
#        API's MIGRATION_DATABASE_URL), BACKUP_TARGET (rclone remote:path),
#        BACKUP_RCLONE_CONFIG (the rclone configuration for that remote, with a
#        key that can only write), BACKUP_AGE_RECIPIENT (the operators' age public key)
set -euo pipefail
here=$(dirname "${BASH_SOURCE[0]}")
bash "$here/common.sh"
private_network=${PRIVATE_NETWORK:?PRIVATE_NETWORK must be the VPC range}
password=${DATABASE_PASSWORD:?DATABASE_PASSWORD must be set (the runtime role)}
migration_password=${MIGRATION_DATABASE_PASSWORD:?MIGRATION_DATABASE_PASSWORD must be set (the role that owns the schema)}

apt-get install -y -qq --no-install-recommends postgresql rclone age
cluster_dir=$(ls -d /etc/postgresql/*/main)
address=$(bash "$here/private-address.sh")
cat > "$cluster_dir/conf.d/minitwit.conf" <<CONF
listen_addresses = 'localhost,$address'
max_connections = 200
password_encryption = scram-sha-256
CONF
# Replaced at each run: earlier provisioning let the one role it had in.
sed -i '/# minitwit-private-network$/d' "$cluster_dir/pg_hba.conf"
echo "host minitwit minitwit,minitwit_runtime $private_network scram-sha-256 # minitwit-private-network" \
  >> "$cluster_dir/pg_hba.conf"
systemctl restart postgresql

sudo -u postgres psql -v ON_ERROR_STOP=1 <<'SQL'
SELECT 'CREATE DATABASE minitwit'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'minitwit') \gexec
SQL
sudo -u postgres psql -v ON_ERROR_STOP=1 --dbname=minitwit --file="$here/database-roles.sql"
sudo -u postgres psql -v ON_ERROR_STOP=1 --dbname=minitwit \
  -v password="$password" -v migration_password="$migration_password" <<'SQL'
SELECT format('ALTER ROLE minitwit PASSWORD %L', :'migration_password') \gexec
SELECT format('ALTER ROLE minitwit_runtime PASSWORD %L', :'password') \gexec
SQL
ufw allow from "$private_network" to any port 5432 proto tcp

bash "$here/../backup/install.sh"
