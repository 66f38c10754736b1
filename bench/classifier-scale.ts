/**
 * Compiled ACL classifiers at 1k, 10k and 100k rules, side by side with the linear first-match reference,
 * on rule sets generated from the ClassBench seeds acl1, fw1 and ipc1 (src/acl/classbench-generate.ts).
 * The ground truth of every header is the linear scan's answer; every compiled lookup made while timing is
 * checked against it. Targets at 100k: build < 3 s, < 300 MB, ≥ 1 M lookups/s, 0 mismatches.
 * Memory is the structure's typed arrays and the heap growth while building (after a forced GC; the bench
 * runs with --expose-gc). Run directly: `node --expose-gc --import tsx bench/classifier-scale.ts`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseClassbenchRules } from '../src/acl/classbench.js';
import { generateClassbenchRules, generateTrace, type GeneratedHeader } from '../src/acl/classbench-generate.js';
import { parseClassbenchSeed } from '../src/acl/classbench-seed.js';
import { compileRules } from '../src/acl/compiled.js';
import { firstMatchLinear } from '../src/acl/linear.js';
import { Rng } from '../src/topology/generate/prng.js';
import { datasetsDir, median } from './support.js';

const SEEDS = ['acl1', 'fw1', 'ipc1'] as const;
const SIZES = [1_000, 10_000, 100_000] as const;
/** Headers per set: the linear reference at 100k rules costs about a millisecond a header. */
const HEADERS = 20_000;
const BUILDS = 3;
const TARGET = { buildMs: 3000, bytes: 300e6, lookupsPerSec: 1e6 };

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function heapBytes(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

export async function runClassifierScaleBench(): Promise<void> {
  const dir = path.join(datasetsDir(), 'classbench-seeds');
  if (!existsSync(dir)) {
    console.log(`skipping classifier scale bench: ${dir} is absent`);
    return;
  }
  const rows: Record<string, string>[] = [];
  const misses: string[] = [];
  for (const name of SEEDS) {
    const file = path.join(dir, `${name}_seed`);
    const { seed, diagnostics } = parseClassbenchSeed(readFileSync(file, 'utf8'), file);
    if (!seed) throw new Error(`${file}: ${diagnostics[0]?.message}`);
    for (const size of SIZES) {
      const lines = generateClassbenchRules(seed, size, new Rng(size).fork(name));
      const { rules, diagnostics: ruleProblems } = parseClassbenchRules(lines.join('\n'), `${name}-${size}`);
      if (ruleProblems.some((d) => d.severity === 'error')) throw new Error(`${name}-${size}: generated rules do not parse: ${ruleProblems[0]?.message}`);
      const trace: GeneratedHeader[] = generateTrace(rules, HEADERS, new Rng(size + 1).fork(name));
      const full = trace.map((h) => ({ ...h, icmpType: 0, icmpCode: 0 }));
      // Ground truth, timed: the linear reference.
      const t0 = performance.now();
      const expected = Int32Array.from(full, (h) => firstMatchLinear(rules, h));
      const linearPerSec = (HEADERS * 1000) / (performance.now() - t0);

      const buildMs: number[] = [];
      let grown = 0;
      let compiled = compileRules(rules);
      for (let i = 0; i < BUILDS; i++) {
        gc();
        const before = heapBytes();
        const t = performance.now();
        compiled = compileRules(rules);
        buildMs.push(performance.now() - t);
        grown = Math.max(grown, heapBytes() - before);
      }
      const rates: number[] = [];
      let mismatches = 0;
      for (let pass = 0; pass < 7; pass++) {
        const t = performance.now();
        for (let i = 0; i < HEADERS; i++) {
          const h = trace[i] as GeneratedHeader;
          if (compiled.firstMatchFields(h.src, h.dst, h.protocol, h.srcPort, h.dstPort, 0, 0) !== expected[i]) mismatches++;
        }
        rates.push((HEADERS * 1000) / (performance.now() - t));
      }
      const lookups = median(rates);
      const build = median(buildMs);
      const bytes = Math.max(compiled.stats.bytes, grown);
      rows.push({
        seed: name,
        rules: String(rules.length),
        'build ms (median)': build.toFixed(0),
        'structure MB': (compiled.stats.bytes / 1e6).toFixed(1),
        'heap growth MB': (grown / 1e6).toFixed(1),
        'compiled lookups/s (median)': Math.round(lookups).toLocaleString('en-US'),
        'linear lookups/s': Math.round(linearPerSec).toLocaleString('en-US'),
        'compiled/linear': `${(lookups / linearPerSec).toFixed(0)}×`,
        mismatches: `${mismatches} / ${7 * HEADERS}`,
      });
      if (size === 100_000) {
        const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
        misses.push(
          `${name} 100k: build ${build.toFixed(0)} ms (< ${TARGET.buildMs}: ${met(build < TARGET.buildMs)}), memory ${(bytes / 1e6).toFixed(0)} MB (< 300: ${met(bytes < TARGET.bytes)}), ` +
            `${Math.round(lookups).toLocaleString('en-US')} lookups/s (≥ 1,000,000: ${met(lookups >= TARGET.lookupsPerSec)}), mismatches ${mismatches} (0: ${met(mismatches === 0)})`,
        );
      }
    }
  }
  console.log(`compiled classifier vs linear first match on generated ClassBench-style sets; ${HEADERS.toLocaleString('en-US')} headers each (90 % inside a random rule)`);
  console.table(rows);
  for (const line of misses) console.log(`target: ${line}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await runClassifierScaleBench();
