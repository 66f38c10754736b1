/**
 * Start-up: `segproof validate` of a small topology (the alpha town and its includes) as a fresh process,
 * against `node -e 0` in the same run, runs alternating so both meet the same load. Target: validate
 * under 300 ms wall. Runs the compiled CLI (bin/segproof.js → dist/), which `npm run bench` builds first.
 * Run directly: `npm run build && npx tsx bench/startup.ts`.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { median, repoRoot } from './support.js';

const RUNS = 11;
const TARGET_MS = 300;

async function wallMs(args: readonly string[]): Promise<number> {
  const started = performance.now();
  await promisify(execFile)(process.execPath, [...args], { cwd: repoRoot() });
  return performance.now() - started;
}

export async function runStartupBench(): Promise<void> {
  const cli = path.join(repoRoot(), 'bin', 'segproof.js');
  const validate = [cli, 'validate', 'topologies/alpha-town.yaml'];
  await wallMs(validate); // warms the file cache
  const node: number[] = [];
  const segproof: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    node.push(await wallMs(['-e', '0']));
    segproof.push(await wallMs(validate));
  }
  const ms = median(segproof);
  console.log(`wall time, median of ${RUNS} alternating runs`);
  console.log(`  node -e 0                                    ${median(node).toFixed(0).padStart(5)} ms`);
  console.log(`  segproof validate topologies/alpha-town.yaml ${ms.toFixed(0).padStart(5)} ms (target < ${TARGET_MS} ms: ${ms < TARGET_MS ? 'met' : 'MISSED'}; ${(ms - median(node)).toFixed(0)} ms above node)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await runStartupBench();
