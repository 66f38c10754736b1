/**
 * Verification under a warm ReachCache: what another version left in the cache (its runs, and the flow-graph
 * pieces derived from them) never changes a report. Each one-rule or one-route change of a reference network
 * is verified fresh and under a cache that holds the base and earlier changes; the reports must be equal in
 * everything but timings, and so must the flow graphs.
 */
import { describe, expect, it } from 'vitest';
import { ReachCache } from '../../src/diff/cache.js';
import { buildFlowGraph, type FlowGraph } from '../../src/flowgraph/graph.js';
import { withReachabilityMemo } from '../../src/symbolic/reachability.js';
import { loadTopology } from '../../src/topology/load.js';
import type { Topology } from '../../src/topology/model.js';
import { VerifyContext } from '../../src/verify/context.js';
import { verifyTopology } from '../../src/verify/verify.js';
import { attackerFlowGraph } from '../../src/verify/matrix/attacker-flow-graph.js';
import type { VerifyReport } from '../../src/verify/result.js';
import { mutateOnce } from './mutations.js';

async function load(file: string): Promise<Topology> {
  const r = await loadTopology(file);
  if (!r.ok) throw new Error(`cannot load ${file}`);
  return r.topology;
}

function withoutTimings(report: VerifyReport): unknown {
  return JSON.parse(JSON.stringify(report, (key, v: unknown) => (key === 'durationMs' ? undefined : v)));
}

function edgeTexts(flow: FlowGraph): string[] {
  return flow.edges.map((e) => `${e.from} > ${e.to} ${e.channel} ${e.toward} ${e.reply ? 'reply' : ''} ${e.forged ? 'forged' : ''} ${e.because} ${e.leg.start} ${e.leg.headers.root.id}`);
}

function verified(topology: Topology): { report: unknown; flow: string[]; attacker: string[] } {
  const ctx = new VerifyContext(topology);
  const report = withoutTimings(verifyTopology(topology, { topologyFile: 'x.yaml', context: ctx }));
  return { report, flow: edgeTexts(ctx.flowGraph), attacker: edgeTexts(attackerFlowGraph(ctx)) };
}

describe('verification under a warm cache', () => {
  for (const file of ['topologies/beta-prime-city.yaml', 'topologies/shared-network-2030.yaml']) {
    it(`equals a fresh verification for one-rule and one-route changes of ${file}`, async () => {
      const base = await load(file);
      const cache = new ReachCache();
      withReachabilityMemo(cache, () => verified(base));
      let reused = 0;
      for (const seed of [11, 12, 13, 14, 15, 16, 17, 18]) {
        const m = mutateOnce(base, seed * 104_729);
        const before = cache.stats.reused + cache.stats.hits;
        const warm = withReachabilityMemo(cache, () => verified(m.topology));
        reused += cache.stats.reused + cache.stats.hits - before;
        const fresh = verified(m.topology);
        expect(warm.flow, m.description).toEqual(fresh.flow);
        expect(warm.attacker, m.description).toEqual(fresh.attacker);
        expect(warm.report, m.description).toEqual(fresh.report);
      }
      // The cache was really used: runs of the base served the changed versions.
      expect(reused).toBeGreaterThan(0);
    }, 300_000);
  }

  it('builds the same flow graph with and without a cache on the base itself', async () => {
    const base = await load('topologies/beta-prime-city.yaml');
    const cache = new ReachCache();
    const first = withReachabilityMemo(cache, () => edgeTexts(buildFlowGraph(base)));
    const second = withReachabilityMemo(cache, () => edgeTexts(buildFlowGraph(base)));
    expect(second).toEqual(first);
    expect(edgeTexts(buildFlowGraph(base))).toEqual(first);
  });
});
