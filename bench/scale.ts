/**
 * Scale on paper: how many municipalities one machine verifies per night. Generated municipalities of
 * realistic sizes are verified with their model's full pack, one after another on one core; the bench reports
 * verify throughput per core and memory per municipality, by kind of body, for N = 10 and N = 100 drawn in
 * proportion to the 1,741 municipalities, and projects all 1,741 on one 16-core machine from the per-kind
 * means (SEGPROOF_SCALE_FULL=1 verifies all 1,741 instead: about half an hour per core). Each is verified with
 * the scenario the generator writes beside it (its one approved crossing), as `segproof verify` would.
 * The staff per kind of body is an assumption [I], stated in POPULATION; the generator's size defaults decide
 * segments, systems, firewalls and rules from it. Run directly: `node --expose-gc --import tsx bench/scale.ts`.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { resetTables } from '../src/symbolic/idd.js';
import { generateMunicipality } from '../src/topology/generate/municipality.js';
import { serialiseScenario } from '../src/topology/generate/scenario.js';
import { serialiseTopology } from '../src/topology/generate/serialise.js';
import { loadTopologyText } from '../src/topology/load.js';
import { KNOWN_CHECK_IDS } from '../src/verify/packs/index.js';
import { parseScenarioText, resolveScenario } from '../src/verify/scenario/load.js';
import { verifyTopology } from '../src/verify/verify.js';

/** Japan's 1,741 municipalities by kind, with an assumed typical staff (職員) per body [I]. */
const POPULATION = [
  { kind: 'village', count: 183, staff: 80 },
  { kind: 'town', count: 743, staff: 250 },
  { kind: 'city', count: 772, staff: 1_200 },
  { kind: 'special ward', count: 23, staff: 3_000 },
  { kind: 'designated city', count: 20, staff: 10_000 },
] as const;
const TOTAL = POPULATION.reduce((n, p) => n + p.count, 0);
const CORES = 16;
const NIGHT_HOURS = 8;

interface Measured {
  readonly kind: string;
  readonly nodes: number;
  readonly bytes: number;
  readonly loadMs: number;
  readonly verifyMs: number;
  readonly heapMb: number;
  readonly holds: boolean;
}

/** N bodies in proportion to the population (largest remainders), at least one of every kind when N ≥ kinds. */
function sample(n: number): { kind: string; staff: number }[] {
  const exact = POPULATION.map((p) => (p.count * n) / TOTAL);
  const counts = exact.map((x) => (n >= POPULATION.length ? Math.max(1, Math.floor(x)) : Math.floor(x)));
  const byRemainder = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r);
  const total = () => counts.reduce((s, c) => s + c, 0);
  for (let k = 0; total() < n; k++) {
    const i = (byRemainder[k % byRemainder.length] as { i: number }).i;
    counts[i] = (counts[i] as number) + 1;
  }
  while (total() > n) {
    const i = counts.indexOf(Math.max(...counts));
    counts[i] = (counts[i] as number) - 1;
  }
  return POPULATION.flatMap((p, i) => Array.from({ length: counts[i] as number }, () => ({ kind: p.kind, staff: p.staff })));
}

async function measure(kind: string, staff: number, seed: number): Promise<Measured> {
  const text = serialiseTopology(generateMunicipality({ staff, model: 'beta-prime', seed }));
  (globalThis as { gc?: () => void }).gc?.();
  resetTables();
  const t0 = performance.now();
  const loaded = await loadTopologyText(text, `${kind}-${seed}.yaml`);
  const loadMs = performance.now() - t0;
  if (!loaded.ok) throw new Error(`a generated ${kind} did not load`);
  // The design's one approved crossing (MN → 中間サーバー) is declared in the scenario the generator writes beside it.
  const file = `${kind}-${seed}.yaml`;
  const parsed = parseScenarioText(serialiseScenario(file), `${kind}-${seed}.scenario.yaml`);
  const scenario = parsed.ok ? resolveScenario(parsed.value, loaded.topology, KNOWN_CHECK_IDS) : undefined;
  if (!scenario?.ok) throw new Error(`the scenario of a generated ${kind} does not resolve`);
  const t1 = performance.now();
  const report = verifyTopology(loaded.topology, { topologyFile: file, scenario: scenario.value });
  const verifyMs = performance.now() - t1;
  const heapMb = process.memoryUsage().heapUsed / 1e6;
  return { kind, nodes: loaded.topology.nodes.size, bytes: text.length, loadMs, verifyMs, heapMb, holds: report.results.every((r) => r.status !== 'fail') };
}

function mean(xs: readonly number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
}

export async function runScaleBench(): Promise<void> {
  const sizes = process.env.SEGPROOF_SCALE_FULL === '1' ? [10, 100, TOTAL] : [10, 100];
  let last: Measured[] = [];
  for (const n of sizes) {
    const bodies = sample(n);
    const started = performance.now();
    const measured: Measured[] = [];
    for (const [i, b] of bodies.entries()) measured.push(await measure(b.kind, b.staff, 1000 + i));
    const wallS = (performance.now() - started) / 1000;
    const failed = measured.filter((m) => !m.holds).length;
    console.log(
      `N = ${n}: ${wallS.toFixed(1)} s on one core (generation included), load + verify ${(mean(measured.map((m) => m.loadMs + m.verifyMs)) / 1000).toFixed(2)} s per municipality, ` +
        `${(n / measured.reduce((s, m) => s + (m.loadMs + m.verifyMs) / 1000, 0)).toFixed(2)} municipalities/s per core; largest heap ${Math.max(...measured.map((m) => m.heapMb)).toFixed(0)} MB; ` +
        `${failed ? `${failed} generated municipalities fail their pack` : 'every one holds its pack'}`,
    );
    last = measured;
  }
  const rows = POPULATION.map((p) => {
    const ms = last.filter((m) => m.kind === p.kind);
    return {
      kind: p.kind,
      bodies: p.count,
      'staff (assumed)': p.staff,
      measured: ms.length,
      nodes: Math.round(mean(ms.map((m) => m.nodes))),
      'YAML KB': Math.round(mean(ms.map((m) => m.bytes)) / 1024),
      'load ms': Math.round(mean(ms.map((m) => m.loadMs))),
      'verify ms': Math.round(mean(ms.map((m) => m.verifyMs))),
      'heap MB': Math.round(Math.max(0, ...ms.map((m) => m.heapMb))),
      'core-hours for all': ((p.count * mean(ms.map((m) => m.loadMs + m.verifyMs))) / 3.6e6).toFixed(2),
    };
  });
  console.table(rows);
  const coreHours = rows.reduce((s, r) => s + Number(r['core-hours for all']), 0);
  const wallMin = (coreHours / CORES) * 60;
  const peakMb = Math.max(...rows.map((r) => r['heap MB'])) * CORES;
  console.log(
    `projection for all ${TOTAL} municipalities (per-kind means of N = ${last.length}): ${coreHours.toFixed(2)} core-hours of load + verify; ` +
      `${wallMin.toFixed(1)} min on ${CORES} cores (one process per core, no shared state), ${((wallMin / 60 / NIGHT_HOURS) * 100).toFixed(1)} % of an ${NIGHT_HOURS}-hour night; ` +
      `memory at most ${CORES} × the largest heap ≈ ${(peakMb / 1024).toFixed(1)} GiB`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await runScaleBench();
