#!/usr/bin/env bash
# Filters what Docker forwards to containers from the internet. A published
# port is a DNAT rule that bypasses ufw's INPUT chain, so a port published by
# mistake would be open to everyone: from the public interface only replies
# and the TCP ports given here reach a container; the private network and
# the containers' own traffic pass. Docker jumps to DOCKER-USER first in
# FORWARD and never changes its rules; minitwit-docker-user.service applies
# them again at every boot.
#   usage: docker-user-chain.sh <public interface> [published tcp port]...
set -euo pipefail
public=${1:?usage: docker-user-chain.sh <public interface> [published tcp port]...}
shift
iptables -N DOCKER-USER 2> /dev/null || true
iptables -F DOCKER-USER
iptables -A DOCKER-USER -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN
for port in "$@"; do
  iptables -A DOCKER-USER -i "$public" -p tcp -m conntrack --ctorigdstport "$port" -j RETURN
done
iptables -A DOCKER-USER -i "$public" -j DROP
iptables -A DOCKER-USER -j RETURN
