#!/usr/bin/env bash
# Debian packages for `segproof emulate` and test/emulate (network namespaces + nftables): ip (iproute2),
# nft (nftables), ping (iputils-ping, ICMP probes), sysctl (procps), nsenter (util-linux); and for the kernel
# oracle of the Linux importers (test/import/kernel-oracle.test.ts): iptables-restore and
# iptables-restore-translate (iptables, nf_tables backend).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
missing=0
for program in ip nft ping sysctl nsenter iptables-restore iptables-restore-translate; do
  command -v "$program" >/dev/null 2>&1 || missing=1
done
if [ "$missing" = 1 ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends nftables iproute2 iputils-ping procps util-linux iptables >/dev/null
fi
