#!/usr/bin/env bash
# Restores a dump made by backup.sh into a database, replacing what it
# holds, in one transaction (a failed restore changes nothing). Run by an
# operator, from their machine: the storage key that reads the dumps and the
# age private key that decrypts them are never on the database host (reach
# the database through an SSH tunnel, README "Restoring a backup"). Stop the
# web and api services first (infra/swarm/scale.sh 0 0) so nothing writes meanwhile.
#   usage: restore.sh [--yes] [dump name]
#     Without a name, the dump the storage received last, by the storage's
#     own clock (S3's Last-Modified: neither the name nor a time the writer
#     sets, so a dump planted with a name that sorts last is not taken). It
#     says which, and asks before it replaces anything (--yes: without asking).
#   env: BACKUP_TARGET (as for backup.sh), BACKUP_AGE_IDENTITY (the age
#        private key file), DATABASE_URL (as minitwit, the role that owns the
#        schema: the runtime role's rights on what is restored then follow
#        from infra/provision/database-roles.sql's default privileges), DATABASE_ROLE (when
#        DATABASE_URL connects as a superuser instead: minitwit)
set -euo pipefail
target=${BACKUP_TARGET:?BACKUP_TARGET must say where the dumps are}
identity=${BACKUP_AGE_IDENTITY:?BACKUP_AGE_IDENTITY must name the age private key file}
database=${DATABASE_URL:?DATABASE_URL must say which database to restore into}

yes=false
if [ "${1:-}" = --yes ]; then
  yes=true
  shift
fi
name=${1:-}
if [ -z "$name" ]; then
  # "<time written>;<name>", the newest last.
  newest=$(rclone lsf --use-server-modtime --format tp --include 'minitwit-*.dump.age' "$target" |
    sort | tail -n 1)
  name=${newest#*;}
  if [ -z "$name" ]; then
    echo "restore: no dump in $target" >&2
    exit 1
  fi
  echo "restore: the newest dump is $name, received ${newest%%;*} (the storage's time)"
fi
if [ "$yes" != true ]; then
  read -r -p "Replace everything in the database DATABASE_URL names with $name? [y/N] " answer ||
    answer=
  if [[ ! $answer =~ ^[yY] ]]; then
    echo "restore: nothing changed" >&2
    exit 1
  fi
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rclone copyto "$target/$name" "$work/$name"
age --decrypt --identity "$identity" --output "$work/dump" "$work/$name"
role=()
if [ -n "${DATABASE_ROLE:-}" ]; then role=(--role="$DATABASE_ROLE"); fi
pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error \
  "${role[@]}" --dbname="$database" "$work/dump"
echo "restore: $name into the database"
