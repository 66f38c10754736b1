/** Worker-pool replay gives exactly the single-thread totals; a crashed chunk is retried once, then reported lost. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTopology } from '../../src/topology/load.js';
import type { Topology } from '../../src/topology/model.js';
import { allocateFlowSet, type FlowSet } from '../../src/replay/flowset.js';
import { runReplay } from '../../src/replay/replay.js';
import { mix32 } from '../../src/replay/compiled-network.js';

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
