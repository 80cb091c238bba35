#!/usr/bin/env bash
# Every droplet: security updates, a firewall that allows SSH and nothing
# else until the role's script opens its own ports, and Docker (from
# Debian's packages) where the role needs it.
#   usage: common.sh [docker]
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

apt-get update -qq
apt-get install -y -qq --no-install-recommends ufw unattended-upgrades curl ca-certificates

ufw --force reset
ufw default deny incoming
ufw default allow outgoing
ufw allow 22/tcp
ufw --force enable

if [ "${1:-}" = docker ]; then
  apt-get install -y -qq --no-install-recommends docker.io
  systemctl enable --now docker
fi
