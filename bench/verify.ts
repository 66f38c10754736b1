/**
 * `segproof verify` with the model's full invariant pack (the separation matrix under the attacker, the
 * flow graph, the inventory checks) and the network's scenario, on every reference network in topologies/,
 * in-process. Cold = the first verification of a freshly loaded topology; warm = the median of further
 * runs, each on a new verification context (only compiled route and ACL sets are reused).
 *
 * Target (issue 15): the β′ prefecture's checks under 300 ms, cold and warm. Its cold figure is the median of
 * COLD_PROCESSES fresh processes (each loads the topology and verifies once: nothing compiled or memoised
 * before, as `segproof verify` runs), not the table's in-process first run, which follows the other networks.
 * Then the growth of the pack's time with the number of endpoints, on generated β′ bodies up to 23,000 staff,
 * each verified with the scenario the generator writes beside it. Wall-clock medians on a shared machine: the
 * load average is printed with each part.
 */
import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { defaultScenarioFor } from '../src/cli/commands/verify.js';
import { resetTables } from '../src/symbolic/idd.js';
import { generateMunicipality } from '../src/topology/generate/municipality.js';
import { serialiseScenario } from '../src/topology/generate/scenario.js';
import { serialiseTopology } from '../src/topology/generate/serialise.js';
import { loadTopology, loadTopologyText } from '../src/topology/load.js';
import type { Topology } from '../src/topology/model.js';
import { isEndpointNode } from '../src/verify/endpoints.js';
import { KNOWN_CHECK_IDS } from '../src/verify/packs/index.js';
import { parseScenarioText, readScenario, resolveScenario } from '../src/verify/scenario/load.js';
import type { Scenario } from '../src/verify/scenario/model.js';
import { verifyTopology } from '../src/verify/verify.js';
import { median, repoRoot } from './support.js';

const RUNS = 5;
const COLD_PROCESSES = 5;
const TARGET_MS = 300;
const PREFECTURE = 'beta-prime-prefecture.yaml';
/** Generated β′ bodies for the growth table (staff); the largest is the prefecture scale of bench/symbolic.ts. */
const GROWTH_STAFF = [700, 3_000, 7_000, 15_000, 23_000];
const COLD_CHILD = 'SEGPROOF_BENCH_VERIFY_COLD';

const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');

async function scenarioOf(file: string, t: Topology): Promise<Scenario | undefined> {
  const scenarioFile = defaultScenarioFor(file);
  if (!scenarioFile) return undefined;
  const parsed = await readScenario(scenarioFile);
  const resolved = parsed.ok ? resolveScenario(parsed.value, t, KNOWN_CHECK_IDS) : undefined;
  return resolved?.ok ? resolved.value : undefined;
}

/** In a fresh process: load one network and verify it once; prints the verification's wall time. */
async function coldChild(file: string): Promise<void> {
  const loaded = await loadTopology(file);
  if (!loaded.ok) throw new Error(`${file} does not load`);
  const scenario = await scenarioOf(file, loaded.topology);
  const t0 = performance.now();
  verifyTopology(loaded.topology, { topologyFile: path.basename(file), scenario });
  console.log(JSON.stringify({ coldMs: performance.now() - t0 }));
}

/** The cold verification of `file` in `n` fresh processes, one after another. */
async function coldInFreshProcesses(file: string, n: number): Promise<number[]> {
  const run = promisify(execFile);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const { stdout } = await run(process.execPath, [fileURLToPath(import.meta.url)], { env: { ...process.env, [COLD_CHILD]: file } });
    out.push((JSON.parse(stdout.trim().split('\n').pop() as string) as { coldMs: number }).coldMs);
  }
  return out;
}

export async function runVerifyBench(): Promise<void> {
  const dir = path.join(repoRoot(), 'topologies');
  const files = (await readdir(dir, { recursive: true }))
    .filter((f) => f.endsWith('.yaml') && !f.includes('parts') && !f.startsWith('broken'))
    .sort();
  console.log(`load average ${load()}`);
  console.log('network                                   nodes   cold ms   warm ms (median of 5)   checks  verdict');
  let prefectureWarm: number | undefined;
  for (const f of files) {
    const loaded = await loadTopology(path.join(dir, f));
    if (!loaded.ok) continue;
    const t = loaded.topology;
    const scenario = await scenarioOf(path.join(dir, f), t);
    const t0 = performance.now();
    const first = verifyTopology(t, { topologyFile: f, scenario });
    const cold = performance.now() - t0;
    const warm: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t1 = performance.now();
      verifyTopology(t, { topologyFile: f, scenario });
      warm.push(performance.now() - t1);
    }
    if (f === PREFECTURE) prefectureWarm = median(warm);
    const failed = first.results.filter((r) => r.status === 'fail').length;
    console.log(`${f.padEnd(42)}${String(t.nodes.size).padStart(5)}${cold.toFixed(0).padStart(10)}${median(warm).toFixed(0).padStart(10)}${String(first.results.length).padStart(25)}  ${failed ? `${failed} violated` : 'all hold'}`);
  }

  if (prefectureWarm !== undefined) {
    const colds = await coldInFreshProcesses(path.join(dir, PREFECTURE), COLD_PROCESSES);
    const cold = median(colds);
    const worst = Math.max(cold, prefectureWarm);
    console.log(`prefecture cold in ${COLD_PROCESSES} fresh processes: ${colds.map((c) => c.toFixed(0)).join(', ')} ms (load average ${load()})`);
    console.log(
      `checks on the prefecture: target ${TARGET_MS} ms cold and warm: measured ${cold.toFixed(0)} / ${prefectureWarm.toFixed(0)} ms: ${worst < TARGET_MS ? 'met' : 'missed'} (${(worst / TARGET_MS).toFixed(2)})`,
    );
  }

  await growth();
}

/** The pack's time against the number of endpoints, on generated β′ bodies (tables emptied before each: cold). */
async function growth(): Promise<void> {
  console.log(`\ngrowth with the number of endpoints: generated beta-prime bodies (seed 7) with their scenario; cold = first verification after the symbolic tables are emptied (load average ${load()})`);
  console.log('staff   nodes  endpoint nodes  endpoint addresses   cold ms   warm ms (median of 3)   µs per endpoint address (warm)  verdict');
  let previous: { nodes: number; members: number; warm: number } | undefined;
  const slopes: string[] = [];
  for (const staff of GROWTH_STAFF) {
    const file = `generated-${staff}.yaml`;
    const loaded = await loadTopologyText(serialiseTopology(generateMunicipality({ staff, model: 'beta-prime', seed: 7 })), file);
    if (!loaded.ok) {
      console.log(`${staff}: the generated body does not load`);
      continue;
    }
    const t = loaded.topology;
    const parsed = parseScenarioText(serialiseScenario(file), `generated-${staff}.scenario.yaml`);
    const resolved = parsed.ok ? resolveScenario(parsed.value, t, KNOWN_CHECK_IDS) : undefined;
    const scenario = resolved?.ok ? resolved.value : undefined;
    const endpoints = [...t.nodes.values()].filter(isEndpointNode);
    const members = endpoints.reduce((n, e) => n + (e.kind === 'host' ? e.count : 1), 0);
    resetTables();
    const t0 = performance.now();
    const report = verifyTopology(t, { topologyFile: file, scenario });
    const cold = performance.now() - t0;
    const warm: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t1 = performance.now();
      verifyTopology(t, { topologyFile: file, scenario });
      warm.push(performance.now() - t1);
    }
    const w = median(warm);
    const failed = report.results.filter((r) => r.status === 'fail').map((r) => r.id);
    console.log(
      `${String(staff).padStart(6)}${String(t.nodes.size).padStart(8)}${String(endpoints.length).padStart(16)}${String(members).padStart(20)}${cold.toFixed(0).padStart(10)}${w.toFixed(0).padStart(10)}${((w * 1000) / members).toFixed(1).padStart(34)}  ${failed.length ? `violated: ${failed.join(', ')}` : 'all hold'}`,
    );
    const slope = (from: number, to: number) => (from === to ? 'n/a (same count)' : (Math.log(w / (previous as { warm: number }).warm) / Math.log(to / from)).toFixed(2));
    if (previous && previous.nodes !== endpoints.length) slopes.push(`${previous.nodes}→${endpoints.length} endpoint nodes (${previous.members}→${members} addresses): ${slope(previous.nodes, endpoints.length)} in nodes, ${slope(previous.members, members)} in addresses`);
    previous = { nodes: endpoints.length, members, warm: w };
  }
  if (slopes.length) console.log(`growth exponent of the warm check time where the number of endpoint nodes changes (log-log slope; between sizes with the same nodes and larger pools it stays flat): ${slopes.join('; ')} (load average ${load()})`);
}

const coldFile = process.env[COLD_CHILD];
if (coldFile && process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await coldChild(coldFile);
