#!/usr/bin/env bash
# Debian packages for `segproof emulate` (network namespaces + nftables).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if ! command -v nft >/dev/null 2>&1 || ! command -v ip >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends nftables iproute2 iputils-ping >/dev/null
fi
