#!/usr/bin/env bash
# Prints this droplet's address on the private network (DigitalOcean's VPC),
# from the droplet metadata service.
set -euo pipefail
curl -fsS http://169.254.169.254/metadata/v1/interfaces/private/0/ipv4/address
