#!/usr/bin/env bash
# The database host: Debian's PostgreSQL, listening on the private address
# only, reachable from the private network only (password authentication),
# with the minitwit database and role, and the backup timer
# (infra/backup/minitwit-backup.timer: every 4 hours).
#   env: PRIVATE_NETWORK, DATABASE_PASSWORD, BACKUP_TARGET (rclone remote:path),
#        BACKUP_RCLONE_CONFIG (the rclone configuration for that remote, with a
#        key that can only write), BACKUP_AGE_RECIPIENT (the operators' age public key)
set -euo pipefail
here=$(dirname "${BASH_SOURCE[0]}")
bash "$here/common.sh"
private_network=${PRIVATE_NETWORK:?PRIVATE_NETWORK must be the VPC range}
password=${DATABASE_PASSWORD:?DATABASE_PASSWORD must be set}

apt-get install -y -qq --no-install-recommends postgresql rclone age
cluster_dir=$(ls -d /etc/postgresql/*/main)
address=$(bash "$here/private-address.sh")
cat > "$cluster_dir/conf.d/minitwit.conf" <<CONF
listen_addresses = 'localhost,$address'
max_connections = 200
password_encryption = scram-sha-256
CONF
if ! grep -q "minitwit-private-network" "$cluster_dir/pg_hba.conf"; then
  echo "host minitwit minitwit $private_network scram-sha-256 # minitwit-private-network" \
    >> "$cluster_dir/pg_hba.conf"
fi
systemctl restart postgresql

sudo -u postgres psql -v ON_ERROR_STOP=1 -v password="$password" <<'SQL'
SELECT format('CREATE ROLE minitwit LOGIN PASSWORD %L', :'password')
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'minitwit') \gexec
SELECT format('ALTER ROLE minitwit PASSWORD %L', :'password') \gexec
SELECT 'CREATE DATABASE minitwit OWNER minitwit'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'minitwit') \gexec
SQL
ufw allow from "$private_network" to any port 5432 proto tcp

bash "$here/../backup/install.sh"
