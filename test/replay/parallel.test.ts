/** Worker-pool replay gives exactly the single-thread totals; a crashed chunk is retried once, then reported lost. */
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadTopology } from '../../src/topology/load.js';
import type { Topology } from '../../src/topology/model.js';
import { allocateFlowSet, type FlowSet } from '../../src/replay/flowset.js';
import { runReplay } from '../../src/replay/replay.js';
import { compileNetwork, mix32 } from '../../src/replay/compiled-network.js';
import { defaultClassifierFactory } from '../../src/replay/classifier-choice.js';
import { emptyTotals, mergeTotals, replayChunk, type ReplayTotals } from '../../src/replay/aggregate.js';
import { openReplayPool } from '../../src/replay/pool.js';

const root = path.resolve(import.meta.dirname, '../..');

/** Deterministic pseudo-random flows between the topology's own addresses (and some others). */
function flowsFor(t: Topology, size: number): FlowSet {
  const addrs: number[] = [];
  for (const n of t.nodes.values()) for (const i of n.interfaces.values()) if (i.address !== undefined) addrs.push(i.address);
  const f = allocateFlowSet(size);
  for (let i = 0; i < size; i++) {
    const h = mix32(i + 1);
    f.src[i] = addrs[h % addrs.length]!;
    f.dst[i] = h % 7 === 0 ? mix32(h) : addrs[mix32(h ^ 0xabc) % addrs.length]!;
    f.proto[i] = [6, 17, 1, 6][h % 4]!;
    f.srcPort[i] = f.proto[i] === 1 ? 8 : 49152 + (h % 1000);
    f.dstPort[i] = f.proto[i] === 1 ? 0 : [443, 80, 25, 3389, 53, 22][mix32(h) % 6]!;
    f.start[i] = -1;
    f.count[i] = 1 + (h % 3);
  }
  return f;
}

async function city(): Promise<Topology> {
  const r = await loadTopology(path.join(root, 'topologies/beta-prime-city.yaml'));
  if (!r.ok) throw new Error('beta-prime-city does not load');
  return r.topology;
}

describe('replay on worker threads', () => {
  it('gives totals identical to the single-thread path on 200k flows', async () => {
    const topology = await city();
    const flows = flowsFor(topology, 200_000);
    const single = await runReplay({ topology, flows, workers: 1, keepOutcomes: true });
    const single2 = { ...single.outcomes! , disposition: Uint8Array.from(single.outcomes!.disposition), rule: Int32Array.from(single.outcomes!.rule) };
    const parallel = await runReplay({ topology, flows, workers: 2, chunkFlows: 16_384, keepOutcomes: true });
    expect(parallel.complete).toBe(true);
    expect(parallel.totals.flows).toBe(200_000);
    expect([...parallel.totals.dispositions]).toEqual([...single.totals.dispositions]);
    expect([...parallel.totals.matrix]).toEqual([...single.totals.matrix]);
    expect([...parallel.totals.ruleHits]).toEqual([...single.totals.ruleHits]);
    expect(parallel.totals.weight).toBe(single.totals.weight);
    expect(Buffer.compare(Buffer.from(parallel.outcomes!.disposition), Buffer.from(single2.disposition))).toBe(0);
    expect(Buffer.compare(Buffer.from(parallel.outcomes!.rule.buffer, parallel.outcomes!.rule.byteOffset, parallel.outcomes!.rule.byteLength), Buffer.from(single2.rule.buffer))).toBe(0);
    // More than one disposition occurs, so equality is not trivially all-zero.
    expect([...single.totals.dispositions].filter((n) => n > 0).length).toBeGreaterThan(1);
  }, 60_000);

  it('retries a chunk whose worker crashed once and completes', async () => {
    const topology = await city();
    const flows = flowsFor(topology, 20_000);
    const single = await runReplay({ topology, flows, workers: 1 });
    const r = await runReplay({ topology, flows, workers: 2, chunkFlows: 4096, fault: { crashChunks: [2], attempts: 1 } });
    expect(r.failures.map((f) => [f.chunk, f.attempt])).toEqual([[2, 1]]);
    expect(r.failures[0]!.reason).toMatch(/injected crash in chunk 2/);
    expect(r.complete).toBe(true);
    expect([...r.totals.dispositions]).toEqual([...single.totals.dispositions]);
  }, 60_000);

  it('reports a chunk that crashes twice as lost and the run as incomplete', async () => {
    const topology = await city();
    const flows = flowsFor(topology, 20_000);
    const r = await runReplay({ topology, flows, workers: 2, chunkFlows: 4096, fault: { crashChunks: [1], attempts: 2 } });
    expect(r.complete).toBe(false);
    expect(r.lostChunks).toEqual([{ chunk: 1, from: 4096, to: 8192 }]);
    expect(r.totals.flows).toBe(20_000 - 4096);
  }, 60_000);
});

/** The slow twin of a pool run: the flows outside `lost` ranges counted on this thread, chunk by chunk. */
function expectedTotals(topology: Topology, flows: FlowSet, lost: readonly { from: number; to: number }[]): ReplayTotals {
  const network = compileNetwork(topology, defaultClassifierFactory());
  const ctx = { network, flows, startTable: network.startTable(flows), matcher: undefined, outcomes: undefined };
  const totals = emptyTotals(network.zoneCount, network.ruleCount);
  let from = 0;
  for (const l of [...lost].sort((a, b) => a.from - b.from)) {
    if (l.from > from) mergeTotals(totals, replayChunk(ctx, from, l.from));
    from = l.to;
  }
  if (from < flows.size) mergeTotals(totals, replayChunk(ctx, from, flows.size));
  return totals;
}

function sameCounts(a: ReplayTotals, b: ReplayTotals): boolean {
  const same = (x: Float64Array, y: Float64Array) => x.length === y.length && x.every((v, i) => v === y[i]);
  return a.flows === b.flows && a.weight === b.weight && a.unowned === b.unowned && same(a.dispositions, b.dispositions) && same(a.matrix, b.matrix) && same(a.ruleHits, b.ruleHits);
}

describe('a replay pool kept between runs', () => {
  it('serves several runs with workers started once, each equal to the single-thread path', async () => {
    const topology = await city();
    const pool = openReplayPool(topology, 2);
    try {
      await pool.ready();
      for (const [size, chunkFlows] of [[50_000, 8192], [7_000, 1000], [0, 100], [30_001, 65536]] as const) {
        const flows = flowsFor(topology, size);
        const single = await runReplay({ topology, flows, workers: 1, keepOutcomes: true });
        const pooled = await runReplay({ topology, flows, pool, chunkFlows, keepOutcomes: true });
        expect(pooled.complete).toBe(true);
        expect(pooled.workers).toBe(2);
        expect(sameCounts(pooled.totals, single.totals)).toBe(true);
        expect(Buffer.compare(Buffer.from(pooled.outcomes!.disposition), Buffer.from(single.outcomes!.disposition))).toBe(0);
      }
      // A pool belongs to one topology.
      await expect(runReplay({ topology: { ...topology }, flows: flowsFor(topology, 10), pool })).rejects.toThrow(/another topology/);
    } finally {
      await pool.close();
    }
  }, 120_000);

  it('agrees with the single-thread twin under injected crashes, run after run (fast-check)', async () => {
    const topology = await city();
    const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
    const runs = Number(process.env.FC_RUNS ?? 12);
    console.log(`pool-vs-single-thread property seed: ${seed} (rerun with FC_SEED=${seed}; FC_RUNS=${runs})`);
    const pool = openReplayPool(topology, 2);
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: 40_000 }),
          fc.constantFrom(1000, 4096, 7001),
          fc.uniqueArray(fc.nat({ max: 12 }), { maxLength: 2 }),
          fc.constantFrom(1, 2),
          async (size, chunkFlows, crashChunks, attempts) => {
            const flows = flowsFor(topology, size);
            const r = await runReplay({ topology, flows, pool, chunkFlows, fault: crashChunks.length > 0 ? { crashChunks, attempts } : undefined });
            const chunks = Math.ceil(size / chunkFlows);
            const crashed = crashChunks.filter((c) => c < chunks).sort((a, b) => a - b);
            const lost = attempts === 2 ? crashed.map((c) => ({ chunk: c, from: c * chunkFlows, to: Math.min(size, (c + 1) * chunkFlows) })) : [];
            // Every crash is reported; a chunk that crashes on both attempts is lost and the run says so.
            expect(r.failures.length).toBe(crashed.length * attempts);
            expect(r.lostChunks).toEqual(lost);
            expect(r.complete).toBe(lost.length === 0);
            expect(sameCounts(r.totals, expectedTotals(topology, flows, lost))).toBe(true);
          },
        ),
        { seed, numRuns: runs },
      );
    } finally {
      await pool.close();
    }
  }, 300_000);
});
