#!/usr/bin/env bash
# Opens Docker Swarm's ports (cluster management, node gossip, overlay
# traffic) to the private network only.
#   usage: swarm-ports.sh <private network CIDR>
set -euo pipefail
network=${1:?usage: swarm-ports.sh <private network CIDR>}
ufw allow from "$network" to any port 2377 proto tcp
ufw allow from "$network" to any port 7946 proto tcp
ufw allow from "$network" to any port 7946 proto udp
ufw allow from "$network" to any port 4789 proto udp
# The overlay networks are encrypted (IPsec ESP between nodes).
ufw allow from "$network" proto esp
