/**
 * The compiled network's path cache against its slow twin, the same network walking every flow hop
 * by hop (`{ pathCache: false }`): on random small topologies (with NAT, leaks, identities, relays
 * and uRPF, so uncacheable keys occur) and on the β′ city, the same flows, each sent several times
 * so recorded paths are replayed, give the same disposition, final node, deciding rule, start
 * interface and rule hits. FC_SEED / FC_RUNS_FACTOR as in agreement.test.ts; fast-check prints the
 * seed of any failure.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadTopology } from '../../src/topology/load.js';
import type { Topology } from '../../src/topology/model.js';
import type { AddressSet } from '../../src/net/address-set.js';
import { prefixFirst, prefixLast } from '../../src/net/ipv4.js';
import { PROTO } from '../../src/net/ports.js';
import { compileNetwork, type CompiledNetwork } from '../../src/replay/compiled-network.js';
import { defaultClassifierFactory } from '../../src/replay/classifier-choice.js';
import { arbitrarySmallResolvedTopology } from '../../src/testing/topology-arbitraries.js';
import { decorateTopology, decorationSpec } from './decorate-topology.js';

const root = path.resolve(import.meta.dirname, '../..');
const seedFromEnv = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const runsFactor = Number(process.env.FC_RUNS_FACTOR ?? 1);
const runs = (n: number): { numRuns: number; seed?: number } => ({ numRuns: Math.max(1, Math.round(n * runsFactor)), ...(seedFromEnv === undefined ? {} : { seed: seedFromEnv }) });

/** Addresses where a walk's decisions change: interface addresses, prefix, owned-range and rule edges, ±1. */
function edges(t: Topology): number[] {
  const a = new Set<number>([0, 0xffffffff]);
  const edge = (lo: number, hi: number): void => {
    for (const x of [lo - 1, lo, hi, hi + 1]) if (x >= 0 && x <= 0xffffffff) a.add(x);
  };
  const set = (s: AddressSet): void => {
    for (const [lo, hi] of s.ranges) edge(lo, hi);
  };
  for (const s of t.segments.values()) edge(prefixFirst(s.prefix), prefixLast(s.prefix));
  for (const n of t.nodes.values()) {
    for (const i of n.interfaces.values()) if (i.address !== undefined) edge(i.address, i.address + (n.kind === 'host' ? n.count - 1 : 0));
    for (const r of n.routes) edge(prefixFirst(r.prefix), prefixLast(r.prefix));
    if (n.kind === 'external') set(n.owns);
    if (n.kind === 'router' || n.kind === 'firewall') {
      for (const acl of n.acls) {
        for (const r of acl.rules) {
          set(r.src);
          set(r.dst);
        }
      }
      for (const nat of n.nat) {
        set(nat.src);
        set(nat.dst);
        edge(nat.translateTo, nat.translateTo);
      }
    }
  }
  return [...a];
}

function outputs(net: CompiledNetwork, code: number, hits: Float64Array): string {
  return JSON.stringify([code, net.finalNode, net.decidingRule, net.startInterface, [...hits]]);
}

/** Every flow three times through the cached network, once through the walking one; all answers equal. */
function sameAnswers(t: Topology, numRuns: number, seed?: number): void {
  const cached = compileNetwork(t, defaultClassifierFactory());
  const walking = compileNetwork(t, defaultClassifierFactory(), { pathCache: false });
  const pool = edges(t);
  const address = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...pool) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffffffff }) });
  const port = fc.oneof(fc.constantFrom(0, 22, 25, 53, 80, 443, 3389, 8080), fc.integer({ min: 0, max: 65535 }));
  const protocol = fc.constantFrom(PROTO.tcp, PROTO.udp, PROTO.icmp, PROTO.gre, 0);
  // -1: start from the source's owner; else a given interface (spoofed sources included).
  const start = fc.integer({ min: -1, max: cached.interfaceNames.length - 1 });
  fc.assert(
    fc.property(address, address, protocol, port, port, start, (src, dst, proto, sp, dp, from) => {
      const want = new Float64Array(walking.ruleCount);
      const expected = outputs(walking, walking.evaluate(src, dst, proto, sp, dp, from, want), want);
      for (let k = 0; k < 3; k++) {
        const got = new Float64Array(cached.ruleCount);
        expect(outputs(cached, cached.evaluate(src, dst, proto, sp, dp, from, got), got)).toBe(expected);
      }
    }),
    seed === undefined ? { numRuns } : { numRuns, seed },
  );
}

describe('path cache agrees with the hop-by-hop walk', () => {
  it('on random small topologies with NAT, leaks, identities, relays and uRPF', () => {
    fc.assert(
      // The inner seed is drawn too, so the outer seed alone reproduces a counterexample.
      fc.property(arbitrarySmallResolvedTopology(), fc.option(decorationSpec, { nil: undefined }), fc.integer(), (plain, decoration, seed) => {
        sameAnswers(decoration === undefined ? plain : decorateTopology(plain, decoration), 40, seed);
      }),
      runs(300),
    );
  });

  it('on the β′ reference city', async () => {
    const file = 'topologies/beta-prime-city.yaml';
    const loaded = await loadTopology(path.join(root, file));
    if (!loaded.ok) throw new Error(`${file} does not load`);
    sameAnswers(loaded.topology, runs(600).numRuns, seedFromEnv);
  });
});
