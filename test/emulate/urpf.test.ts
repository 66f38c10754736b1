/**
 * Strict uRPF in the emulation plan (no root needed): the nftables FIB check per interface, the mark and
 * `fwmark` rule that select a VRF's table for it, the sources the kernel cannot judge (urpfUnchecked, checked
 * against a brute-force twin on the forwarding tables), and the spoofed probes the sampler adds. The kernel
 * itself is asked in agreement.test.ts (urpf-router.yaml). fast-check prints the seed of any failure;
 * FC_SEED fixes it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nodeBatch } from '../../src/emulate/commands.js';
import { AddressOwners } from '../../src/emulate/owners.js';
import { planEmulation, URPF_RULE_PREF, urpfUnchecked } from '../../src/emulate/plan.js';
import type { Probe } from '../../src/emulate/probe.js';
import { sampleProbes } from '../../src/emulate/sample.js';
import { buildForwarding } from '../../src/engine/routing.js';
import { urpfAccepts } from '../../src/engine/urpf.js';
import { addressSetContains } from '../../src/net/address-set.js';
import { parseIpv4, prefixFirst, prefixLast } from '../../src/net/ipv4.js';
import { arbitrarySmallResolvedTopology } from '../../src/testing/topology-arbitraries.js';
import { loadTopology } from '../../src/topology/load.js';
import type { Topology, TopologyNode } from '../../src/topology/model.js';
import { decorateTopology, decorationSpec } from '../replay/decorate-topology.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const seed = process.env.FC_SEED === undefined ? {} : { seed: Number(process.env.FC_SEED) };

async function fixture(name: string): Promise<Topology> {
  const loaded = await loadTopology(path.join(here, 'fixtures', name));
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('; '));
  return loaded.topology;
}

const ip = (text: string): number => parseIpv4(text)!;

function probe(id: number, from: string, src: string, dst: string): Probe {
  return { id, from, src: ip(src), dst: ip(dst), protocol: 6, srcPort: 41000 + id, dstPort: 443, icmpType: 0, icmpCode: 0 };
}

function ownsAddress(node: TopologyNode, addr: number): boolean {
  return [...node.interfaces.values()].some((i) => i.address !== undefined && addr >= i.address && addr < i.address + (node.kind === 'host' ? node.count : 1));
}

describe('strict uRPF in the emulation plan', () => {
  it('checks each uRPF interface with the FIB in its own VRF table, before DNAT, and only those', async () => {
    const t = await fixture('urpf-router.yaml');
    const plan = planEmulation(t, { prefix: 'sp000000', probes: [probe(0, 'lan-host', '10.41.0.77', '10.41.0.10'), probe(1, 'srv-host', '10.41.0.10', '10.40.0.10')] });
    const r = plan.nodes.find((n) => n.node === 'r')!;
    const nft = r.policyNft!;
    expect(nft).toContain('chain urpf {\n    type filter hook prerouting priority mangle; policy accept;');
    // lan is in the default VRF: the main table, no mark.
    expect(nft).toMatch(/iifname "lan" fib saddr \. iif oif missing counter drop/);
    // blue is in VRF blue: the mark selects table 1000 through a fwmark rule, and is cleared again.
    const table = r.interfaces.find((i) => i.name === 'blue')!.table;
    expect(table).not.toBe(254);
    expect(nft).toContain(`iifname "blue" meta mark set ${table}`);
    expect(nft).toMatch(/iifname "blue" ip saddr != 10\.41\.0\.0\/24 fib saddr \. mark \. iif oif missing counter drop/);
    expect(nft).toContain('iifname "blue" meta mark set 0');
    expect(nft).not.toMatch(/iifname "(srv|bluesrv)"[^\n]*fib/);
    expect(r.rules).toContainEqual({ pref: URPF_RULE_PREF, fwmark: table, table });
    expect(nodeBatch(r)).toContain(`rule add pref ${URPF_RULE_PREF} fwmark ${table} lookup ${table}`);
    // The leaked sources pass unchecked, and the plan says so.
    expect(plan.warnings.join('\n')).toMatch(/r: strict uRPF on blue passes sources 10\.41\.0\.0\/24 without the kernel's check/);
  });

  it('puts a spoofed source on the sending host\'s lo, keeps it out of ARP and accepts its real owner\'s packets; owned sources stay as they are', async () => {
    const t = await fixture('urpf-router.yaml');
    const plan = planEmulation(t, { prefix: 'sp000000', probes: [probe(0, 'lan-host', '10.41.0.77', '10.41.0.10'), probe(1, 'srv-host', '10.41.0.10', '10.40.0.10')] });
    const lan = plan.nodes.find((n) => n.node === 'lan-host')!;
    expect(lan.loopbackAddresses).toEqual([ip('10.41.0.77')]);
    expect(lan.sysctls).toContainEqual(['net.ipv4.conf.all.arp_announce', '2']);
    // The real owner's packets to the spoofing host are not martians there.
    expect(lan.sysctls).toContainEqual(['net.ipv4.conf.all.accept_local', '1']);
    const srv = plan.nodes.find((n) => n.node === 'srv-host')!;
    expect(srv.loopbackAddresses).toEqual([]);
    expect(srv.sysctls.some(([k]) => k.includes('arp_announce') || k.includes('accept_local'))).toBe(false);
    expect(plan.warnings.some((w) => w.includes('spoofs'))).toBe(false);
    // A probe to an address its own sender spoofs would end on the sender's lo: the plan warns.
    const clash = planEmulation(t, { prefix: 'sp000000', probes: [probe(0, 'lan-host', '10.41.0.77', '10.41.0.10'), probe(1, 'lan-host', '10.40.0.10', '10.41.0.77')] });
    expect(clash.warnings.join('\n')).toContain('lan-host: a probe to 10.41.0.77, a source it also spoofs');
  });

  it('a topology without uRPF gets no uRPF chain and no fwmark rule', async () => {
    const t = await fixture('vrf-router.yaml');
    const plan = planEmulation(t, { prefix: 'sp000000' });
    for (const n of plan.nodes) {
      expect(n.policyNft ?? '').not.toContain('chain urpf');
      expect(n.rules.some((r) => r.fwmark !== undefined)).toBe(false);
    }
  });

  it('urpfUnchecked is what uRPF accepts where the longest route back is a leak or a null route (brute-force twin)', () => {
    fc.assert(
      fc.property(arbitrarySmallResolvedTopology(), decorationSpec, fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 20 }), (plain, decoration, extra) => {
        const t = decorateTopology(plain, { ...decoration, urpf: [true, true, true, true, true, true, true, true, true, true, true, true] });
        const forwarding = buildForwarding(t);
        for (const node of t.nodes.values()) {
          if (node.kind !== 'router' && node.kind !== 'firewall') continue;
          const edges = node.routes.flatMap((r) => [prefixFirst(r.prefix) - 1, prefixFirst(r.prefix), prefixLast(r.prefix), prefixLast(r.prefix) + 1]).filter((x) => x >= 0 && x <= 0xffffffff);
          for (const itf of node.interfaces.values()) {
            const unchecked = urpfUnchecked(node, itf);
            for (const addr of [...edges, ...extra]) {
              const deciding = forwarding.longestMatch(node.name, itf.vrf, addr);
              const gap = deciding.some((r) => r.target.type === 'leak' || r.target.type === 'drop');
              const expected = urpfAccepts(node, itf, addr) && gap;
              if (addressSetContains(unchecked, addr) !== expected) {
                throw new Error(`${node.name}.${itf.name} ${addr}: unchecked ${!expected}, expected ${expected} (deciding ${JSON.stringify(deciding.map((r) => r.target))})`);
              }
            }
          }
        }
      }),
      { numRuns: 300, ...seed },
    );
  });
});

describe('spoofed probes', () => {
  it('cover every uRPF interface of the fixture with sources it accepts and sources it drops', async () => {
    const t = await fixture('urpf-router.yaml');
    const probes = sampleProbes(t, { random: 20, seed: 7 });
    const r = t.nodes.get('r')!;
    for (const name of ['lan', 'blue']) {
      const itf = r.interfaces.get(name)!;
      const spoofed = probes.filter((p) => {
        const from = t.nodes.get(p.from)!;
        return [...from.interfaces.values()].some((i) => i.segment === itf.segment) && !ownsAddress(from, p.src);
      });
      expect(spoofed.some((p) => urpfAccepts(r, itf, p.src)), `${name}: a spoofed source it accepts`).toBe(true);
      expect(spoofed.some((p) => !urpfAccepts(r, itf, p.src)), `${name}: a spoofed source it drops`).toBe(true);
    }
    expect(sampleProbes(t, { random: 20, seed: 7 })).toEqual(probes);
  });

  it('come from hosts, never claim a forwarding node\'s or the destination node\'s address, and never meet their sender\'s destinations', () => {
    let spoofedSeen = 0;
    fc.assert(
      fc.property(arbitrarySmallResolvedTopology(), fc.integer({ min: 0, max: 1000 }), (t, s) => {
        const owners = new AddressOwners(t);
        const probes = sampleProbes(t, { random: 16, seed: s, maxBoundary: 8 });
        const spoofs = new Map<string, Set<number>>();
        for (const p of probes) {
          const from = t.nodes.get(p.from)!;
          if (ownsAddress(from, p.src) || from.kind === 'external') continue;
          spoofedSeen++;
          expect(from.kind).toBe('host');
          expect(owners.owner(p.src)?.role).not.toBe('forwarder');
          const srcOwner = owners.owner(p.src)?.node;
          if (srcOwner !== undefined) expect(srcOwner).not.toBe(owners.owner(p.dst)?.node);
          spoofs.set(p.from, (spoofs.get(p.from) ?? new Set()).add(p.src));
        }
        for (const p of probes) expect(spoofs.get(p.from)?.has(p.dst) ?? false).toBe(false);
      }),
      { numRuns: 200, ...seed },
    );
    expect(spoofedSeen).toBeGreaterThan(50);
  });
});
