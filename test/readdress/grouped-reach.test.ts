/**
 * `readdress check`'s fast path against its twins:
 * (a) group runs (grouped-reach.ts) give every source the reach one run per source gives it, on random small
 *     topologies (test/symbolic/small-topology.ts: NAT, ECMP, null routes, loops, gateways, relays with
 *     MACs, an external network) with alike copies of random hosts added beside them;
 * (b) the check reports the same differences with and without the fast path, for random plans over the town
 *     and one random rule or route mutation (test/diff/mutations.ts) of the renumbered network.
 * Seed printed; SEGPROOF_GROUPED_SEED replays, SEGPROOF_GROUPED_RUNS sets the runs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffSources } from '../../src/diff/sources.js';
import { parseIpv4, prefixFirst, prefixLast, type Ipv4, type Prefix } from '../../src/net/ipv4.js';
import { applyPlan } from '../../src/readdress/apply.js';
import { checkReaddress, type ReaddressCheckReport } from '../../src/readdress/check.js';
import { groupedReach, reachHeadersOne } from '../../src/readdress/grouped-reach.js';
import type { PrefixMapping, ReaddressPlan } from '../../src/readdress/plan.js';
import { Rng } from '../../src/topology/generate/prng.js';
import { loadTopology } from '../../src/topology/load.js';
import type { Interface, Topology, TopologyNode } from '../../src/topology/model.js';
import { mutateOnce } from '../diff/mutations.js';
import { buildSmallTopology, smallTopologyShape } from '../symbolic/small-topology.js';

const envSeed = process.env.SEGPROOF_GROUPED_SEED;
const SEED = envSeed !== undefined && /^-?\d+$/.test(envSeed) ? Number(envSeed) : Math.floor(Math.random() * 2 ** 31);
const RUNS = Number(process.env.SEGPROOF_GROUPED_RUNS ?? 150);

/** The topology with, for some hosts, an alike copy (same segment, MAC, routes, identity) at a free address of its segment. */
function withTwins(t: Topology, seed: number): Topology {
  const rng = new Rng(seed);
  const used: [number, number][] = [];
  for (const n of t.nodes.values()) {
    for (const i of n.interfaces.values()) if (i.address !== undefined) used.push([i.address, i.address + (n.kind === 'host' ? n.count : 1) - 1]);
  }
  const free = (prefix: Prefix, count: number): Ipv4 | undefined => {
    for (let a = prefixLast(prefix) - count; a > prefixFirst(prefix); a--) {
      if (used.every(([lo, hi]) => a + count - 1 < lo || a > hi)) return a;
    }
    return undefined;
  };
  const nodes = new Map<string, TopologyNode>(t.nodes);
  for (const n of t.nodes.values()) {
    if (n.kind !== 'host' || rng.next() < 0.3) continue;
    const copies = rng.int(1, 2);
    for (let c = 0; c < copies; c++) {
      const [ifName, iface] = [...n.interfaces][0] as [string, Interface];
      const segment = t.segments.get(iface.segment);
      const count = rng.int(1, 2);
      const address = segment && free(segment.prefix, count);
      if (address === undefined) continue;
      used.push([address, address + count - 1]);
      const name = `${n.name}-twin${c}`;
      nodes.set(name, { ...n, name, count, interfaces: new Map([[ifName, { ...iface, node: name, address }]]) });
    }
  }
  return { ...t, nodes };
}

describe(`readdress check's fast path (seed ${SEED}, SEGPROOF_GROUPED_SEED to replay)`, () => {
  console.log(`[readdress grouped property] seed ${SEED} (SEGPROOF_GROUPED_SEED=${SEED}), ${RUNS} runs`);

  it('group runs give every source the reach of its own run', () => {
    let grouped = 0;
    fc.assert(
      fc.property(smallTopologyShape, fc.integer({ min: 0, max: 0x7fffffff }), (shape, twinSeed) => {
        const t = withTwins(buildSmallTopology(shape), twinSeed);
        const sources = diffSources(t);
        const fast = groupedReach(t, sources, (_source, e) => {
          throw e;
        });
        for (const s of sources) {
          const slow = reachHeadersOne(t, s);
          const got = fast.get(s.key);
          expect(got, s.key).toBeDefined();
          const dests = new Set([...slow.keys(), ...(got as Map<string, unknown>).keys()]);
          for (const d of dests) expect(got?.get(d)?.root.id, `${s.key} → ${d}`).toBe(slow.get(d)?.root.id);
        }
        grouped += t.nodes.size - buildSmallTopology(shape).nodes.size;
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // The copies are what the property is about: they must have been made.
    expect(grouped).toBeGreaterThan(0);
  });

  it('with and without it, the check reports the same differences', async () => {
    const file = 'test/readdress/fixtures/town.yaml';
    const loaded = await loadTopology(file);
    if (!loaded.ok) throw new Error('town fixture does not load');
    const original = loaded.topology;
    const here = { file: 'random-plan', line: 1, column: 1 };
    const segments: readonly [string, string][] = [
      ['lg_servers', '10.1.1.0/24'],
      ['lg_users', '10.1.2.0/25'],
      ['inet_servers', '10.2.1.0/24'],
    ];
    const applied = new Map<string, Topology>();
    const summary = (r: ReaddressCheckReport) =>
      JSON.stringify({ compared: r.sourcesCompared, reach: r.reach, missing: r.missingSources, unexplained: r.unexplained, expected: r.expected, partial: r.partial });
    let differing = 0;
    await fc.assert(
      fc.asyncProperty(fc.subarray([0, 1, 2], { minLength: 1 }), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 0x7fffffff }), async (chosen, block, mutation) => {
        const mappings: PrefixMapping[] = chosen.map((i) => {
          const [segment, text] = segments[i] as [string, string];
          const [net, len] = text.split('/') as [string, string];
          const from = { network: parseIpv4(net) as number, length: Number(len) };
          return { from, to: { network: (parseIpv4('10.100.0.0') as number) + (block + i) * 256, length: from.length }, segment, location: here };
        });
        const plan: ReaddressPlan = { file: 'p', name: 'p', steps: [{ name: 'only', mappings, hosts: [], redesignations: [], relocations: [], location: here }] };
        const key = JSON.stringify([chosen, block]);
        let renumbered = applied.get(key);
        if (!renumbered) {
          const r = await applyPlan(file, plan);
          if (!r.topology) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
          applied.set(key, (renumbered = r.topology));
        }
        const mutated = mutateOnce(renumbered, mutation).topology;
        const input = { original, originalFile: file, renumbered: mutated, renumberedFile: 'renumbered', plan, flow: false };
        const fast = checkReaddress(input);
        const full = checkReaddress({ ...input, exhaustive: true });
        expect(summary(fast)).toBe(summary(full));
        if (full.reach.length > 0) differing++;
      }),
      { seed: SEED, numRuns: Math.max(10, Math.round(RUNS / 5)) },
    );
    // Mutations that change nothing prove little: most must be found.
    expect(differing).toBeGreaterThan(0);
  });
});
