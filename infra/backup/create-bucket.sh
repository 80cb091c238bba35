#!/usr/bin/env bash
# Creates the backup bucket, once, with an operator's storage key (never a
# database host's): versioning and Object Lock, so that no key that can
# write (a database host's, taken over) can destroy or replace a backup:
# a delete only adds a delete marker and an overwrite a new version, and
# every version stays, untouchable by any key, for RETENTION_DAYS (compliance
# mode). Then the lifecycle rules (lifecycle.json): dumps expire after 14
# days, versions no longer current after RETENTION_DAYS. Object Lock can only
# be turned on as the bucket is created; storage that does not offer it
# refuses here, loudly.
#   usage: create-bucket.sh <bucket>
#   env: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (the operator's key),
#        STORAGE_ENDPOINT (https://fra1.digitaloceanspaces.com),
#        [RETENTION_DAYS] (21: longer than the two weeks pgBackRest keeps)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bucket=${1:?usage: create-bucket.sh <bucket>}
endpoint=${STORAGE_ENDPOINT:?STORAGE_ENDPOINT must be the storage URL}
days=${RETENTION_DAYS:-21}
s3api() { aws s3api --endpoint-url "$endpoint" "$@"; }

s3api create-bucket --bucket "$bucket" --object-lock-enabled-for-bucket
s3api put-bucket-versioning --bucket "$bucket" --versioning-configuration Status=Enabled
s3api put-object-lock-configuration --bucket "$bucket" --object-lock-configuration \
  "{\"ObjectLockEnabled\": \"Enabled\", \"Rule\": {\"DefaultRetention\": {\"Mode\": \"COMPLIANCE\", \"Days\": $days}}}"
sed "s/\"NoncurrentDays\": 21/\"NoncurrentDays\": $days/" "$here/lifecycle.json" > "${TMPDIR:-/tmp}/minitwit-lifecycle.json"
s3api put-bucket-lifecycle-configuration --bucket "$bucket" \
  --lifecycle-configuration "file://${TMPDIR:-/tmp}/minitwit-lifecycle.json"
s3api get-object-lock-configuration --bucket "$bucket"
echo "bucket $bucket: versioned, every version locked for $days days"
