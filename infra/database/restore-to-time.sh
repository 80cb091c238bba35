#!/usr/bin/env bash
# Restores the database as it was at a moment, from the backup repository
# (the base backup before it, then the archived WAL up to it), into a new
# stand-alone PostgreSQL cluster, leaving the running cluster alone: the
# operator then copies what was lost out of it, or makes it the base of a new
# cluster (infra/README.md, "Restoring to a time"). Run as postgres on a
# database host, whose pgBackRest configuration names the repository; on
# another machine, PGBACKREST_CONFIG names one (infra/database/pgbackrest-conf.sh
# writes it). Nothing is written to the repository: the restored cluster does
# not archive.
#   usage: restore-to-time.sh [--yes] <time | latest> <new data folder> [port]
#     <time>: as PostgreSQL reads a timestamp, e.g. "2026-12-03 14:05:00+00";
#     the restore stops just before it. latest: everything archived.
#     [port]: where the restored cluster listens, on localhost (5433).
#     It lists the repository's backups and asks before it goes on (--yes:
#     without asking).
set -euo pipefail
usage="usage: restore-to-time.sh [--yes] <time | latest> <new data folder> [port]"
yes=false
if [ "${1:-}" = --yes ]; then
  yes=true
  shift
fi
target=${1:?$usage}
data_dir=${2:?$usage}
port=${3:-5433}
config=${PGBACKREST_CONFIG:-/etc/pgbackrest/pgbackrest.conf}
if [ -e "$data_dir" ] && [ -n "$(ls -A "$data_dir")" ]; then
  echo "restore-to-time.sh: $data_dir is not empty: name a new folder" >&2
  exit 2
fi
pgbackrest=(pgbackrest --config="$config" --stanza=minitwit)

echo "== the repository's backups"
"${pgbackrest[@]}" info
if [ "$yes" != true ]; then
  read -r -p "Restore the database as it was at $target into $data_dir? [y/N] " answer || answer=
  if [[ ! $answer =~ ^[yY] ]]; then
    echo "restore-to-time.sh: nothing restored" >&2
    exit 1
  fi
fi
if [ "$target" = latest ]; then
  recovery=(--type=default)
else
  recovery=(--type=time "--target=$target" --target-action=promote)
fi
started=$(date +%s)
install -d -m 700 "$data_dir"
"${pgbackrest[@]}" --pg1-path="$data_dir" --archive-mode=off "${recovery[@]}" restore

# The files are a copy of a Patroni host's, whose settings name that host's
# replication, standby, hba file and libraries: the copy starts alone.
/usr/lib/postgresql/15/bin/pg_ctl --pgdata="$data_dir" --wait --timeout=86400 \
  --log="$data_dir/restore.log" start -o "-c port=$port -c listen_addresses=localhost \
  -c unix_socket_directories=/var/run/postgresql -c hba_file=$data_dir/pg_hba.conf \
  -c ident_file=$data_dir/pg_ident.conf -c primary_conninfo= -c primary_slot_name= \
  -c synchronous_standby_names= -c shared_preload_libraries= -c archive_mode=off"
psql=(psql --port="$port" --host=/var/run/postgresql --dbname=minitwit --no-align --tuples-only)
until [ "$("${psql[@]}" --command='SELECT pg_is_in_recovery()')" = f ]; do sleep 1; done

echo "== restored ($(($(date +%s) - started)) s) to ${target}"
"${psql[@]}" --command="SELECT format('%s users, %s messages (newest %s), %s follows',
  (SELECT count(*) FROM users), (SELECT count(*) FROM messages),
  (SELECT max(pub_date) FROM messages), (SELECT count(*) FROM follows))"
echo "It runs on port $port: psql --port=$port --dbname=minitwit;" \
  "stop it with pg_ctl --pgdata=$data_dir stop."
