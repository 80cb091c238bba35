#!/usr/bin/env bash
# Every droplet: security updates, SSH by key only, a firewall that allows
# SSH and nothing else until the role's script opens its own ports, and
# Docker (from Debian's packages) where the role needs it, whose containers
# can never gain privileges (setuid binaries, file capabilities) and which
# forwards from the internet only to the ports the role publishes.
#   usage: common.sh [docker [published tcp port]...]
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

apt-get update -qq
apt-get install -y -qq --no-install-recommends ufw unattended-upgrades curl ca-certificates

# Keys only, root's too (Vagrant and operators sign in with keys). sshd takes
# the first value it reads, and this file sorts before cloud-init's.
cat > /etc/ssh/sshd_config.d/10-minitwit.conf <<'SSHD'
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitEmptyPasswords no
PermitRootLogin prohibit-password
SSHD
sshd -t
systemctl reload ssh

ufw --force reset
ufw default deny incoming
ufw default allow outgoing
ufw allow 22/tcp
ufw --force enable

if [ "${1:-}" = docker ]; then
  # Every container, Swarm's tasks included, with no-new-privileges.
  install -d /etc/docker
  printf '{ "no-new-privileges": true }\n' > /etc/docker/daemon.json
  apt-get install -y -qq --no-install-recommends docker.io iptables
  systemctl enable --now docker
  shift
  public_interface=$(ip route show default | awk '{ print $5; exit }')
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  cat > /etc/systemd/system/minitwit-docker-user.service <<UNIT
[Unit]
Description=Filter what Docker forwards from the internet (DOCKER-USER)
After=docker.service
Requires=docker.service

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/bash $here/docker-user-chain.sh $public_interface $*

[Install]
WantedBy=multi-user.target
UNIT
  systemctl daemon-reload
  systemctl enable --now minitwit-docker-user.service
fi
