#!/bin/sh
# A database host's programs, as systemd starts them on a droplet: etcd, then
# Patroni (which runs PostgreSQL) and Prometheus's exporters, with the configuration
# infra/database/configure.sh writes (the project's infra folder is mounted
# at /opt/minitwit/infra, as provisioning uploads it). The container ends
# when either program does.
set -eu
bash /opt/minitwit/infra/database/configure.sh
# shellcheck disable=SC1091
set -a && . /etc/default/etcd && set +a
runuser -u etcd -- etcd &
etcd_pid=$!
until etcdctl --endpoints=http://127.0.0.1:2379 endpoint health > /dev/null 2>&1; do
  kill -0 "$etcd_pid" || exit 1
  sleep 0.2
done
# Patroni with a clean environment: a PGPASSWORD (or any PG* variable) would
# reach PostgreSQL's WAL receiver and pg_rewind and override Patroni's own.
env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/var/lib/postgresql LANG=C.UTF-8 \
  runuser -u postgres -- patroni /etc/patroni/config.yml &
patroni_pid=$!
# What Prometheus scrapes besides Patroni, as Debian's packages run them.
install -d -o postgres -g prometheus -m 775 /var/lib/prometheus/node-exporter
DATA_SOURCE_NAME='user=prometheus host=/run/postgresql dbname=postgres' \
  runuser -u prometheus -- prometheus-postgres-exporter > /dev/null 2>&1 &
runuser -u prometheus -- prometheus-node-exporter \
  --collector.textfile.directory=/var/lib/prometheus/node-exporter > /dev/null 2>&1 &
while kill -0 "$etcd_pid" 2> /dev/null && kill -0 "$patroni_pid" 2> /dev/null; do sleep 1; done
echo "database host: etcd or Patroni stopped" >&2
exit 1
