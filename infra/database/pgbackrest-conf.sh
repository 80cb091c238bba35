#!/usr/bin/env bash
# Prints pgBackRest's configuration for the backup repository: the bucket
# (DigitalOcean Spaces, or any S3-compatible storage), encrypted on the
# database host before anything leaves it. configure.sh installs it on each
# database host; restore-to-time.sh writes one for the cluster it restores.
#   usage: pgbackrest-conf.sh <PostgreSQL data folder>
#   env: BACKUP_CIPHER_PASSWORD (the repository's encryption passphrase; keep
#        a copy in the password manager: without it no backup can be read),
#        BACKUP_S3_ENDPOINT (fra1.digitaloceanspaces.com), BACKUP_S3_REGION,
#        BACKUP_S3_BUCKET, BACKUP_S3_KEY, BACKUP_S3_KEY_SECRET,
#        [BACKUP_S3_PORT] (443), [BACKUP_S3_CA_FILE] (only for storage whose
#        certificate is of a CA of its own)
set -euo pipefail
data_dir=${1:?usage: pgbackrest-conf.sh <PostgreSQL data folder>}
for variable in BACKUP_CIPHER_PASSWORD BACKUP_S3_ENDPOINT BACKUP_S3_REGION BACKUP_S3_BUCKET \
  BACKUP_S3_KEY BACKUP_S3_KEY_SECRET; do
  if [ -z "${!variable:-}" ]; then
    echo "pgbackrest-conf.sh: $variable must be set" >&2
    exit 1
  fi
done
cat <<PGBACKREST
# Written by infra/database/pgbackrest-conf.sh.
[global]
repo1-type=s3
repo1-s3-endpoint=$BACKUP_S3_ENDPOINT
repo1-storage-port=${BACKUP_S3_PORT:-443}
repo1-s3-region=$BACKUP_S3_REGION
repo1-s3-bucket=$BACKUP_S3_BUCKET
repo1-s3-key=$BACKUP_S3_KEY
repo1-s3-key-secret=$BACKUP_S3_KEY_SECRET
repo1-s3-uri-style=path
${BACKUP_S3_CA_FILE:+repo1-storage-ca-file=$BACKUP_S3_CA_FILE}
repo1-path=/pgbackrest
# Encrypted before it leaves the host: the storage never sees the data.
repo1-cipher-type=aes-256-cbc
repo1-cipher-pass=$BACKUP_CIPHER_PASSWORD
# Two full backups (weekly), the differentials (daily) and all the WAL
# between: any moment of the last one to two weeks can be restored.
repo1-retention-full-type=count
repo1-retention-full=2
# Archiving never blocks PostgreSQL on a slow or unreachable repository.
archive-async=y
spool-path=/var/spool/pgbackrest
process-max=2
log-level-console=warn
log-level-file=info
start-fast=y

[minitwit]
pg1-path=$data_dir
pg1-socket-path=/var/run/postgresql
PGBACKREST
