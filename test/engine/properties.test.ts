/**
 * Property tests: the LPM table against a linear scan of the routes (its slow twin), and
 * invariants every trace must satisfy on the reference city. fast-check prints the seed on failure.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isReached } from '../../src/engine/disposition.js';
import { makeHeader } from '../../src/engine/flow.js';
import { buildForwarding, ownInterface } from '../../src/engine/routing.js';
import { traceFlow } from '../../src/engine/simulate.js';
import type { Trace } from '../../src/engine/trace.js';
import { prefixContains } from '../../src/net/ipv4.js';
import type { Route, Topology } from '../../src/topology/model.js';
import { fixture, loadRepoTopology } from './helpers.js';

/** The slow twin: every route of the VRF containing dst, keep the longest, declaration order. */
function linearLongestMatch(topology: Topology, node: string, vrf: string, dst: number): Route[] {
  const candidates = (topology.nodes.get(node)?.routes ?? []).filter((r) => r.vrf === vrf && prefixContains(r.prefix, dst));
  const best = Math.max(-1, ...candidates.map((r) => r.prefix.length));
  return candidates.filter((r) => r.prefix.length === best);
}

/** Addresses worth probing: every interface address, its neighbours, and anything at all. */
function destinations(topology: Topology): fc.Arbitrary<number> {
  const known = [...topology.nodes.values()].flatMap((n) => [...n.interfaces.values()].flatMap((i) => (i.address === undefined ? [] : [i.address, i.address + 1])));
  return fc.oneof(fc.constantFrom(...known), fc.integer({ min: 0, max: 0xffffffff }));
}

describe('LPM table agrees with a linear scan', () => {
  for (const name of ['routing-lab', 'city']) {
    it(name, async () => {
      const topology = name === 'city' ? await loadRepoTopology('topologies/beta-prime-city.yaml') : await fixture(name);
      const forwarding = buildForwarding(topology);
      const pairs = [...topology.nodes.values()].flatMap((n) => [...new Set(n.routes.map((r) => r.vrf))].map((vrf) => [n.name, vrf] as const));
      fc.assert(
        fc.property(fc.constantFrom(...pairs), destinations(topology), ([node, vrf], dst) => {
          expect(forwarding.longestMatch(node, vrf, dst)).toEqual(linearLongestMatch(topology, node, vrf, dst));
        }),
        { numRuns: 2000 },
      );
    });
  }
});

function checkTrace(topology: Topology, t: Trace, originalSrc: number): void {
  expect(t.hops.length).toBeGreaterThan(0);
  expect(t.hops.length).toBeLessThanOrEqual(65);
  t.hops.forEach((h, i) => {
    const next = t.hops[i + 1];
    if (next) expect(h.nextNode).toBe(next.node);
    if (i > 0) expect(h.ingress).toBeDefined();
  });
  const last = t.hops[t.hops.length - 1]!;
  expect(last.node).toBe(t.at);
  const node = topology.nodes.get(t.at);
  switch (t.disposition) {
    case 'delivered':
      if (node) expect(ownInterface(node, last.header.dst) !== undefined || t.reason.includes('own address')).toBe(true);
      break;
    case 'terminated-at-gateway':
      expect(['screen-transfer', 'sanitiser', 'relay', 'proxy', 'mail-relay', 'zt-pep']).toContain(node?.kind);
      expect(t.sessions?.length).toBeGreaterThan(0);
      break;
    case 'exits-network':
      expect(node?.kind).toBe('external');
      break;
    case 'denied-in':
    case 'denied-out':
      expect(t.deciding).toBeDefined();
      break;
    default:
      break;
  }
  // A firewall never lets a new packet through without a permitting ACL.
  if (t.direction === 'forward') {
    for (const h of t.hops.slice(0, -1)) {
      if (topology.nodes.get(h.node)?.kind === 'firewall' && h.ingress !== undefined) {
        expect(h.acls.length, `${h.node} forwarded without an ACL`).toBeGreaterThan(0);
        expect(h.acls.every((a) => a.action === 'permit')).toBe(true);
      }
    }
  }
  // A reply that comes back arrives at the original sender, NAT undone.
  for (const r of t.reply ?? []) {
    if (r.disposition === 'delivered' || r.disposition === 'exits-network') expect(r.hops.at(-1)!.header.dst).toBe(originalSrc);
  }
}

describe('trace invariants on the reference city', () => {
  it('hold for random flows from any node', async () => {
    const topology = await loadRepoTopology('topologies/beta-prime-city.yaml');
    const forwarding = buildForwarding(topology);
    const starts = [...topology.nodes.values()].filter((n) => [...n.interfaces.values()].some((i) => i.address !== undefined));
    const seen = new Set<string>();
    const node = (name: string) => topology.nodes.get(name)!;
    const address = (name: string, iface: string) => node(name).interfaces.get(iface)!.address!;
    // Flows that reach gateways and externals, mixed into random ones so every outcome is exercised.
    const curated = fc.constantFrom(
      [node('inet-terminals'), address('inet-proxy', 'lan'), 6, 8080] as const,
      [node('inet-terminals'), address('st-gateway', 'inet'), 6, 443] as const,
      [node('inet-terminals'), address('file-sanitiser', 'inet'), 6, 443] as const,
      [node('seccloud-proxy'), 0x5db8d822, 6, 443] as const,
      [node('internet'), address('seccloud-fw', 'outside'), 6, 25] as const,
    );
    const random = fc.tuple(fc.constantFrom(...starts), destinations(topology), fc.constantFrom(1, 6, 17, 47), fc.constantFrom(22, 25, 53, 443, 445, 514, 8080, 22443));
    fc.assert(
      fc.property(
        fc.oneof({ arbitrary: random, weight: 4 }, { arbitrary: curated, weight: 1 }),
        ([start, dst, protocol, dstPort]) => {
          const src = [...start.interfaces.values()].find((i) => i.address !== undefined)!.address!;
          const flow = { header: makeHeader(src, dst, { protocol, dstPort }), start: { type: 'node' as const, node: start.name } };
          const traces = traceFlow(topology, flow, { forwarding, bidirectional: true });
          expect(traces.length).toBeGreaterThan(0);
          for (const t of traces) {
            seen.add(t.disposition);
            checkTrace(topology, t, src);
            if (!isReached(t.disposition)) expect(t.reply).toBeUndefined();
          }
          // Deterministic: the same flow gives the same traces.
          expect(traceFlow(topology, flow, { forwarding, bidirectional: true })).toEqual(traces);
        },
      ),
      { numRuns: 400 },
    );
    // The generator must reach the interesting outcomes, or the invariants above test little.
    for (const d of ['delivered', 'denied-in', 'no-route', 'null-routed', 'exits-network', 'terminated-at-gateway']) expect(seen, d).toContain(d);
  });
});
