#!/usr/bin/env bash
# Writes one database host's configuration: etcd (a member of the three
# hosts' consensus store, its v2 API on), Patroni (PostgreSQL 15 with
# synchronous replication that never acknowledges a commit one host alone
# holds) and pgBackRest (continuous WAL archiving, encrypted, to the
# off-droplet repository). Run as root by infra/provision/database.sh, and by
# the swarm test's database hosts, which start the same programs without
# systemd. Running it again rewrites the files; etcd's membership and
# PostgreSQL's data are kept.
#   env: NODE_NAME (database-1), NODE_ADDRESS (this host's private address),
#        ETCD_JOIN (the private address of a host already in the cluster;
#          empty for the first host, which starts a new one),
#        PRIVATE_NETWORK (CIDR of the VPC: the only network let in),
#        MAX_CONNECTIONS, WATCHDOG_MODE (required, or off where the host has
#          no watchdog device), and the secrets: DATABASE_PASSWORD
#        (minitwit_runtime's), MIGRATION_DATABASE_PASSWORD (minitwit's),
#        SUPERUSER_PASSWORD,
#        REPLICATION_PASSWORD, REWIND_PASSWORD, PATRONI_API_PASSWORD, and the
#        backup repository's (pgbackrest-conf.sh)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
name=${NODE_NAME:?NODE_NAME must name this host (database-1)}
address=${NODE_ADDRESS:?NODE_ADDRESS must be the private address of this host}
private_network=${PRIVATE_NETWORK:?PRIVATE_NETWORK must be the VPC range}
max_connections=${MAX_CONNECTIONS:-200}
watchdog_mode=${WATCHDOG_MODE:-required}
secret() { # name: the variable's value, refused when empty
  local value=${!1:-}
  if [ -z "$value" ]; then
    echo "configure.sh: $1 must be set" >&2
    exit 1
  fi
  printf '%s' "$value"
}
# YAML's single-quoted form: a quote is written twice.
yaml_quoted() { printf "'%s'" "${1//\'/\'\'}"; }

data_dir=/var/lib/postgresql/15/minitwit
etcd_data=/var/lib/etcd/minitwit

# --- etcd --------------------------------------------------------------------
# A host joins the cluster of ETCD_JOIN (which learns of it first, as etcd
# requires) or, without it, starts a cluster of one that the others join.
# A member that has its data already is started as it is.
if [ ! -d "$etcd_data/member" ]; then
  if [ -n "${ETCD_JOIN:-}" ]; then
    members=$(etcdctl --endpoints="http://$ETCD_JOIN:2379" member list)
    # etcd takes one new member at a time, once the last one is up: retried.
    for attempt in $(seq 30); do
      if grep -q "http://$address:2380" <<< "$members"; then break; fi
      if [ "$attempt" = 30 ]; then
        echo "configure.sh: etcd at $ETCD_JOIN did not take $name as a member" >&2
        exit 1
      fi
      etcdctl --endpoints="http://$ETCD_JOIN:2379" member add "$name" \
        --peer-urls="http://$address:2380" > /dev/null || sleep 2
      members=$(etcdctl --endpoints="http://$ETCD_JOIN:2379" member list)
    done
    # "id, started, name, peer URLs, client URLs, learner": a member not
    # started yet (this one) has no name in the list.
    initial_cluster=$(awk -F', ' -v self="$name" -v peer="http://$address:2380" '
      { n = ($3 == "" && $4 == peer) ? self : $3; printf "%s%s=%s", sep, n, $4; sep = "," }' <<< "$members")
    cluster_state=existing
  else
    initial_cluster="$name=http://$address:2380"
    cluster_state=new
  fi
  install -d -m 700 -o etcd -g etcd "$etcd_data"
  cat > /etc/default/etcd <<ETCD
# Written by infra/database/configure.sh.
ETCD_NAME=$name
ETCD_DATA_DIR=$etcd_data
ETCD_LISTEN_PEER_URLS=http://$address:2380
ETCD_LISTEN_CLIENT_URLS=http://$address:2379,http://127.0.0.1:2379
ETCD_INITIAL_ADVERTISE_PEER_URLS=http://$address:2380
ETCD_ADVERTISE_CLIENT_URLS=http://$address:2379
ETCD_INITIAL_CLUSTER=$initial_cluster
ETCD_INITIAL_CLUSTER_STATE=$cluster_state
ETCD_INITIAL_CLUSTER_TOKEN=minitwit-database
# Patroni 3.0.2's etcd3 client overwrites the leader key without comparing
# it (upstream fixed that in 3.0.3): a primary that froze and resumed took
# the lead back, and acknowledged writes were rewound away. Its v2 client
# writes with compare-and-swap, and etcd 3.4 serves v2 only when asked.
ETCD_ENABLE_V2=true
ETCD
fi

# --- PostgreSQL under Patroni --------------------------------------------------
install -d -m 750 -o postgres -g postgres /etc/patroni
umask 077
cat > /etc/patroni/config.yml <<PATRONI
# Written by infra/database/configure.sh.
scope: minitwit
name: $name

restapi:
  listen: $address:8008
  connect_address: $address:8008
  # GET (HAProxy's /primary, Prometheus's /metrics) is open; what changes the
  # cluster (switchover, restart, config) asks for this.
  authentication:
    username: patroni
    password: $(yaml_quoted "$(secret PATRONI_API_PASSWORD)")

ctl:
  authentication:
    username: patroni
    password: $(yaml_quoted "$(secret PATRONI_API_PASSWORD)")

# The v2 API (see /etc/default/etcd); the client finds every member from these.
etcd:
  hosts: $address:2379${ETCD_JOIN:+,$ETCD_JOIN:2379}
  protocol: http

bootstrap:
  # Cluster-wide, kept in etcd once the cluster exists (patronictl edit-config).
  dcs:
    ttl: 20
    loop_wait: 5
    retry_timeout: 5
    # A replica further behind than 1 MB is never promoted.
    maximum_lag_on_failover: 1048576
    # A commit returns only once the synchronous standby holds it, and with
    # no synchronous standby left, commits wait rather than return.
    synchronous_mode: true
    synchronous_mode_strict: true
    postgresql:
      use_pg_rewind: true
      use_slots: true
      parameters:
        max_connections: $max_connections
        password_encryption: scram-sha-256
        wal_level: replica
        wal_log_hints: 'on'
        hot_standby: 'on'
        max_wal_senders: 10
        max_replication_slots: 10
        wal_keep_size: 1GB
        # Refuses a write committed with synchronous_commit below 'on'
        # (infra/database/synchronous-commit-guard).
        shared_preload_libraries: synchronous_commit_guard
        # Every WAL segment goes to the backup repository, at least once a
        # minute while anything is written: the most a lost cluster loses.
        archive_mode: 'on'
        archive_timeout: 60
        archive_command: pgbackrest --stanza=minitwit archive-push %p
  initdb:
    - encoding: UTF8
    - locale: C.UTF-8
    - data-checksums
  # The minitwit database and its two roles, once, on the first host.
  post_bootstrap: $here/post-bootstrap.sh

postgresql:
  listen: $address,127.0.0.1:5432
  connect_address: $address:5432
  data_dir: $data_dir
  bin_dir: /usr/lib/postgresql/15/bin
  pgpass: /var/lib/postgresql/.pgpass-patroni
  # A new replica copies the primary at once, not after a spread checkpoint.
  basebackup:
    - checkpoint: fast
  authentication:
    superuser:
      username: postgres
      password: $(yaml_quoted "$(secret SUPERUSER_PASSWORD)")
    replication:
      username: replicator
      password: $(yaml_quoted "$(secret REPLICATION_PASSWORD)")
    rewind:
      username: rewinder
      password: $(yaml_quoted "$(secret REWIND_PASSWORD)")
  parameters:
    unix_socket_directories: /var/run/postgresql
  pg_hba:
    - local all postgres peer
    # Debian's prometheus-postgres-exporter, as its own system user.
    - local postgres prometheus peer
    - host all postgres 127.0.0.1/32 scram-sha-256
    - host replication replicator $private_network scram-sha-256
    # Patroni on a replica reads its timeline over a local replication connection.
    - host replication replicator 127.0.0.1/32 scram-sha-256
    - host postgres rewinder $private_network scram-sha-256
    - host minitwit minitwit,minitwit_runtime $private_network scram-sha-256
    # Operators' restores, through an SSH tunnel to this host.
    - host minitwit minitwit 127.0.0.1/32 scram-sha-256

# With a watchdog, a host whose Patroni hangs is reset before its lease runs
# out, so it cannot go on as a primary once another host is promoted.
watchdog:
  mode: $(yaml_quoted "$watchdog_mode")
  device: /dev/watchdog
  safety_margin: 5
PATRONI
chown postgres:postgres /etc/patroni/config.yml

# The two MiniTwit roles' passwords, for post-bootstrap.sh alone.
install -d -m 750 -o root -g postgres /etc/minitwit
cat > /etc/minitwit/database-roles.env <<ROLES
DATABASE_PASSWORD=$(printf '%q' "$(secret DATABASE_PASSWORD)")
MIGRATION_DATABASE_PASSWORD=$(printf '%q' "$(secret MIGRATION_DATABASE_PASSWORD)")
ROLES
chown root:postgres /etc/minitwit/database-roles.env
chmod 640 /etc/minitwit/database-roles.env

# --- pgBackRest ----------------------------------------------------------------
install -d -m 750 -o postgres -g postgres /var/log/pgbackrest /var/spool/pgbackrest
install -d -m 750 -o root -g postgres /etc/pgbackrest
bash "$here/pgbackrest-conf.sh" "$data_dir" > /etc/pgbackrest/pgbackrest.conf
chown root:postgres /etc/pgbackrest/pgbackrest.conf
chmod 640 /etc/pgbackrest/pgbackrest.conf
