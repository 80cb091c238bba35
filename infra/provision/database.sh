#!/usr/bin/env bash
# A database host (one of three: database-1, -2, -3): PostgreSQL 15 managed
# by Patroni, with etcd as the consensus store the three hosts share, and
# pgBackRest archiving every WAL segment to the backup bucket
# (infra/database: configure.sh writes the configuration, post-bootstrap.sh
# creates the minitwit database and its roles on the first host), base
# backups on a schedule and the independent pg_dump copy (infra/backup),
# both on whichever host is the primary. The first
# host starts the cluster; each other joins it through a host in it. The
# ports are open to the private network only: PostgreSQL (5432), Patroni's
# REST API (8008: the database proxies' health checks, Prometheus), etcd's
# (2379, 2380).
#   /tmp/database-join: the private address of a host already in the
#        cluster, which the Vagrantfile fetched (empty on database-1, which
#        starts the cluster)
#   env: PRIVATE_NETWORK, NODE_NAME (database-N),
#        DATABASE_PASSWORD (minitwit_runtime's, for DATABASE_URL),
#        MIGRATION_DATABASE_PASSWORD (minitwit's, for the API's
#        MIGRATION_DATABASE_URL), SUPERUSER_PASSWORD, REPLICATION_PASSWORD,
#        REWIND_PASSWORD, PATRONI_API_PASSWORD, and the backups':
#        BACKUP_CIPHER_PASSWORD, BACKUP_S3_ENDPOINT, BACKUP_S3_REGION,
#        BACKUP_S3_BUCKET, BACKUP_S3_KEY, BACKUP_S3_KEY_SECRET (see
#        infra/README.md), BACKUP_TARGET, BACKUP_RCLONE_CONFIG and
#        BACKUP_AGE_RECIPIENT (the independent pg_dump copy)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bash "$here/common.sh"
private_network=${PRIVATE_NETWORK:?PRIVATE_NETWORK must be the VPC range}
name=${NODE_NAME:?NODE_NAME must name this host (database-1)}
join=$(cat /tmp/database-join 2> /dev/null || true)
if [ "$name" != database-1 ] && [ -z "$join" ]; then
  echo "database: no host to join: bring database-1 up first (vagrant up database-1)" >&2
  exit 1
fi
max_connections=200

# Debian's PostgreSQL creates a cluster of its own at installation; Patroni
# runs the one PostgreSQL of this host.
apt-get install -y -qq --no-install-recommends postgresql-15 patroni etcd-server etcd-client \
  pgbackrest prometheus-postgres-exporter prometheus-node-exporter rclone age
if pg_lsclusters --no-header | grep -q '^15 *main '; then pg_dropcluster --stop 15 main; fi
systemctl disable --now postgresql

# The synchronous_commit guard, built against this PostgreSQL; the build
# tools (with clang and LLVM) are removed after.
apt-get install -y -qq --no-install-recommends postgresql-server-dev-15 make gcc
make -C "$here/../database/synchronous-commit-guard" with_llvm=no install
make -C "$here/../database/synchronous-commit-guard" clean
apt-get purge -y -qq --auto-remove postgresql-server-dev-15

# A hung Patroni is reset by the kernel's watchdog before its lease runs out.
echo softdog > /etc/modules-load.d/softdog.conf
modprobe softdog
cat > /etc/udev/rules.d/60-watchdog.rules <<'UDEV'
KERNEL=="watchdog", OWNER="postgres", GROUP="postgres", MODE="0600"
UDEV
chown postgres:postgres /dev/watchdog

NODE_ADDRESS=$(bash "$here/private-address.sh") ETCD_JOIN=$join \
  MAX_CONNECTIONS=$max_connections WATCHDOG_MODE=required \
  bash "$here/../database/configure.sh"
# The package started etcd with its defaults as it was installed.
systemctl enable etcd
systemctl restart etcd
systemctl enable --now patroni

# Prometheus reads PostgreSQL's statistics as the prometheus role (created
# by post-bootstrap.sh; Debian's exporter connects as it over the socket)
# and, through the node exporter, the last base backup's time.
chgrp postgres /var/lib/prometheus/node-exporter
chmod 775 /var/lib/prometheus/node-exporter

# Base backups: full on Sundays, differential on the other days, taken by
# whichever host is the primary then; the first one now, once the cluster
# has its primary.
install -m 644 "$here/../database/minitwit-base-backup@.service" \
  "$here/../database/minitwit-base-backup-full.timer" \
  "$here/../database/minitwit-base-backup-diff.timer" /etc/systemd/system/
systemctl daemon-reload
systemctl enable --now minitwit-base-backup-full.timer minitwit-base-backup-diff.timer
systemctl start --no-block minitwit-base-backup@full.service

# PostgreSQL, Patroni's REST API, etcd (clients, peers) and the exporters:
# the private network only (SECURITY.md says what that trusts).
for port in 5432 8008 2379 2380 9187 9100; do
  ufw allow from "$private_network" to any port "$port" proto tcp
done

bash "$here/../backup/install.sh"
