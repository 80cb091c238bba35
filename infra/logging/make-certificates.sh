#!/usr/bin/env bash
# Runs once in the `certificates` service: a private CA, and certificates for
# Elasticsearch and Kibana that name this host (LOGGING_HOST) and the compose
# service names. Filebeat on the Swarm nodes trusts ca/ca.crt.
set -euo pipefail
cd /usr/share/elasticsearch/config/certs
if [ -f elasticsearch/elasticsearch.crt ]; then
  echo "certificates exist; delete the volume to make new ones"
  exit 0
fi
certutil=/usr/share/elasticsearch/bin/elasticsearch-certutil

if [[ $LOGGING_HOST =~ ^[0-9.]+$ || $LOGGING_HOST == *:* ]]; then
  names="dns: [localhost, elasticsearch, kibana]
    ip: [127.0.0.1, \"$LOGGING_HOST\"]"
else
  names="dns: [localhost, elasticsearch, kibana, \"$LOGGING_HOST\"]
    ip: [127.0.0.1]"
fi
cat >instances.yml <<YAML
instances:
  - name: elasticsearch
    $names
  - name: kibana
    $names
YAML

"$certutil" ca --silent --pem --out ca.zip
unzip -oq ca.zip
"$certutil" cert --silent --pem --in instances.yml --ca-cert ca/ca.crt --ca-key ca/ca.key --out certs.zip
unzip -oq certs.zip
rm ca.zip certs.zip instances.yml

# Elasticsearch and Kibana run as uid 1000; the CA's key stays root's.
chown -R 1000:0 elasticsearch kibana ca/ca.crt
chmod 640 elasticsearch/* kibana/*
chmod 600 ca/ca.key
echo "certificates made for $LOGGING_HOST"
