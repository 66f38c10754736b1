/**
 * `segproof verify` with the model's full invariant pack (the separation matrix under the attacker, the
 * flow graph, the inventory checks) and the network's scenario, on every reference network in topologies/,
 * in-process. Cold = the first verification of a freshly loaded topology; warm = the median of further
 * runs, each on a new verification context (only compiled route and ACL sets are reused).
 * Target: the β′ prefecture under 1 s.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { defaultScenarioFor } from '../src/cli/commands/verify.js';
import { loadTopology } from '../src/topology/load.js';
import { KNOWN_CHECK_IDS } from '../src/verify/packs/index.js';
import { readScenario, resolveScenario } from '../src/verify/scenario/load.js';
import type { Scenario } from '../src/verify/scenario/model.js';
import { verifyTopology } from '../src/verify/verify.js';
import { median, repoRoot } from './support.js';

const RUNS = 5;

export async function runVerifyBench(): Promise<void> {
  const dir = path.join(repoRoot(), 'topologies');
  const files = (await readdir(dir, { recursive: true }))
    .filter((f) => f.endsWith('.yaml') && !f.includes('parts') && !f.startsWith('broken'))
    .sort();
  console.log('network                                   nodes   cold ms   warm ms (median of 5)   checks  verdict');
  for (const f of files) {
    const loaded = await loadTopology(path.join(dir, f));
    if (!loaded.ok) continue;
    const t = loaded.topology;
    let scenario: Scenario | undefined;
    const scenarioFile = defaultScenarioFor(path.join(dir, f));
    if (scenarioFile) {
      const parsed = await readScenario(scenarioFile);
      const resolved = parsed.ok ? resolveScenario(parsed.value, t, KNOWN_CHECK_IDS) : undefined;
      if (resolved?.ok) scenario = resolved.value;
    }
    const t0 = performance.now();
    const first = verifyTopology(t, { topologyFile: f, scenario });
    const cold = performance.now() - t0;
    const warm: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t1 = performance.now();
      verifyTopology(t, { topologyFile: f, scenario });
      warm.push(performance.now() - t1);
    }
    const failed = first.results.filter((r) => r.status === 'fail').length;
    console.log(`${f.padEnd(42)}${String(t.nodes.size).padStart(5)}${cold.toFixed(0).padStart(10)}${median(warm).toFixed(0).padStart(10)}${String(first.results.length).padStart(25)}  ${failed ? `${failed} violated` : 'all hold'}`);
  }
}
