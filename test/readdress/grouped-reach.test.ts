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
import { parseIpv4 } from '../../src/net/ipv4.js';
import { applyPlan } from '../../src/readdress/apply.js';
import { checkReaddress, type ReaddressCheckReport } from '../../src/readdress/check.js';
import { groupedReach, reachHeadersOne } from '../../src/readdress/grouped-reach.js';
import type { PrefixMapping, ReaddressPlan } from '../../src/readdress/plan.js';
import { loadTopology } from '../../src/topology/load.js';
import type { Topology } from '../../src/topology/model.js';
import { mutateOnce } from '../diff/mutations.js';
import { buildSmallTopology, smallTopologyShape, withAlikeCopies } from '../symbolic/small-topology.js';

const envSeed = process.env.SEGPROOF_GROUPED_SEED;
const SEED = envSeed !== undefined && /^-?\d+$/.test(envSeed) ? Number(envSeed) : Math.floor(Math.random() * 2 ** 31);
const RUNS = Number(process.env.SEGPROOF_GROUPED_RUNS ?? 150);

describe(`readdress check's fast path (seed ${SEED}, SEGPROOF_GROUPED_SEED to replay)`, () => {
  console.log(`[readdress grouped property] seed ${SEED} (SEGPROOF_GROUPED_SEED=${SEED}), ${RUNS} runs`);

  it('group runs give every source the reach of its own run', () => {
    let grouped = 0;
    fc.assert(
      fc.property(smallTopologyShape, fc.integer({ min: 0, max: 0x7fffffff }), (shape, twinSeed) => {
        const t = withAlikeCopies(buildSmallTopology(shape), twinSeed, 2);
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
