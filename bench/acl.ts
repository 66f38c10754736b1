/**
 * Linear vs compiled first-match lookup on the ClassBench 10K sets (hypersplit traces).
 * Every compiled lookup made while timing is checked against the trace's expected rule; the
 * mismatch count must be 0. Run directly: `npx tsx bench/acl.ts`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { datasetsDir, median } from './support.js';
import { pathToFileURL } from 'node:url';
import { Bench } from 'tinybench';
import { classbenchAcl, parseClassbenchRules, parseClassbenchTrace, traceHeader, type ClassbenchTrace } from '../src/acl/classbench.js';
import { compileAcl } from '../src/acl/compiled.js';
import { firstMatchLinear } from '../src/acl/linear.js';
import type { AclRule } from '../src/topology/model.js';

const SETS = ['acl1_10K', 'fw1_10K', 'ipc1_10K'] as const;
/** Headers per linear task call: a full 10K-rule scan costs ~0.2 ms, so a whole trace would take ~20 s. */
const LINEAR_BATCH = 200;
const BUILD_REPEATS = 5;

export interface AclBenchSet {
  readonly name: string;
  readonly rules: number;
  readonly headers: number;
  /** Median over BUILD_REPEATS compilations. */
  readonly buildMsMedian: number;
  readonly compiledBytes: number;
  readonly compiledLookupsPerSecMedian: number;
  readonly compiledLookupsPerSecMean: number;
  readonly linearLookupsPerSecMedian: number;
  readonly linearLookupsPerSecMean: number;
  /** compiled / linear, from the medians. */
  readonly speedup: number;
  readonly compiledChecked: number;
  readonly compiledMismatches: number;
  readonly linearChecked: number;
  readonly linearMismatches: number;
}

export interface AclBenchResult {
  readonly sets: AclBenchSet[];
  /** Why nothing was measured, when the data set folder is absent. */
  readonly skipped?: string;
}

async function benchSet(dir: string, name: string): Promise<AclBenchSet> {
  const rulesFile = path.join(dir, 'rules', name);
  const traceFile = path.join(dir, 'traces', `${name}_trace`);
  const parsed = parseClassbenchRules(readFileSync(rulesFile, 'utf8'), rulesFile);
  const traced = parseClassbenchTrace(readFileSync(traceFile, 'utf8'), traceFile);
  const problems = [...parsed.diagnostics, ...traced.diagnostics].filter((d) => d.severity === 'error');
  if (problems.length > 0) throw new Error(`${name}: ${problems.length} parse errors, first: ${problems[0]?.message}`);
  const rules: readonly AclRule[] = parsed.rules;
  const trace: ClassbenchTrace = traced.trace;
  const acl = classbenchAcl(name, rules);

  const buildTimes: number[] = [];
  let compiled = compileAcl(acl);
  for (let i = 0; i < BUILD_REPEATS; i++) {
    const t0 = performance.now();
    compiled = compileAcl(acl);
    buildTimes.push(performance.now() - t0);
  }

  const { src, dst, protocol, srcPort, dstPort, expectedRule } = trace;
  const n = trace.length;
  let compiledChecked = 0;
  let compiledMismatches = 0;
  let linearChecked = 0;
  let linearMismatches = 0;
  let linearCursor = 0;
  const headers = Array.from({ length: n }, (_, i) => traceHeader(trace, i));

  const bench = new Bench({ name, time: 1500, warmupTime: 200, iterations: 5 });
  bench.add(`${name} compiled (whole trace per call)`, () => {
    for (let i = 0; i < n; i++) {
      const got = compiled.firstMatchFields(src[i] as number, dst[i] as number, protocol[i] as number, srcPort[i] as number, dstPort[i] as number, 0, 0);
      if (got !== expectedRule[i]) compiledMismatches++;
    }
    compiledChecked += n;
  });
  bench.add(`${name} linear (${LINEAR_BATCH} headers per call)`, () => {
    for (let k = 0; k < LINEAR_BATCH; k++) {
      const i = linearCursor;
      linearCursor = linearCursor + 1 === n ? 0 : linearCursor + 1;
      if (firstMatchLinear(rules, headers[i] as (typeof headers)[number]) !== expectedRule[i]) linearMismatches++;
    }
    linearChecked += LINEAR_BATCH;
  });
  const [compiledTask, linearTask] = await bench.run();
  const rate = (task: typeof compiledTask, perCall: number): { median: number; mean: number } => {
    const r = task?.result;
    if (!r || (r.state !== 'completed' && r.state !== 'aborted-with-statistics')) throw new Error(`${task?.name}: no result (${r?.state})`);
    return { median: (perCall * 1000) / r.latency.p50, mean: (perCall * 1000) / r.latency.mean };
  };
  const c = rate(compiledTask, n);
  const l = rate(linearTask, LINEAR_BATCH);
  return {
    name,
    rules: rules.length,
    headers: n,
    buildMsMedian: median(buildTimes),
    compiledBytes: compiled.stats.bytes,
    compiledLookupsPerSecMedian: c.median,
    compiledLookupsPerSecMean: c.mean,
    linearLookupsPerSecMedian: l.median,
    linearLookupsPerSecMean: l.mean,
    speedup: c.median / l.median,
    compiledChecked,
    compiledMismatches,
    linearChecked,
    linearMismatches,
  };
}

export async function runAclBench(): Promise<AclBenchResult> {
  const dir = path.join(datasetsDir(), 'classbench-hypersplit');
  if (!existsSync(dir)) {
    const skipped = `skipping ACL bench: ${dir} is absent`;
    console.log(skipped);
    return { sets: [], skipped };
  }
  const sets: AclBenchSet[] = [];
  for (const name of SETS) sets.push(await benchSet(dir, name));
  const fmt = (v: number) => Math.round(v).toLocaleString('en-US');
  console.table(
    sets.map((s) => ({
      set: s.name,
      rules: s.rules,
      headers: s.headers,
      'linear lookups/s (median)': fmt(s.linearLookupsPerSecMedian),
      'compiled lookups/s (median)': fmt(s.compiledLookupsPerSecMedian),
      'compiled/linear': `${s.speedup.toFixed(0)}×`,
      'build ms (median)': s.buildMsMedian.toFixed(1),
      'compiled KiB': (s.compiledBytes / 1024).toFixed(0),
      'compiled mismatches': `${s.compiledMismatches} / ${s.compiledChecked}`,
      'linear mismatches': `${s.linearMismatches} / ${s.linearChecked}`,
    })),
  );
  const bad = sets.filter((s) => s.compiledMismatches > 0 || s.linearMismatches > 0);
  if (bad.length > 0) console.error(`MISMATCHES against the expected rule in: ${bad.map((s) => s.name).join(', ')}`);
  return { sets };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const result = await runAclBench();
  if (result.sets.some((s) => s.compiledMismatches > 0 || s.linearMismatches > 0)) process.exitCode = 1;
}
