/**
 * `npm run bench`: every benchmark in one run, or the ones named (`npm run bench -- acl symbolic`).
 * Figures are printed as medians and as ratios measured side by side in the same run.
 */
import os from 'node:os';
import { runAclBench } from './acl.js';
import { runClassifierScaleBench } from './classifier-scale.js';
import { runDiffBench } from './diff.js';
import { runGenerateBench } from './generate.js';
import { runImportBench } from './import.js';
import { runImportCiscoBench } from './import-cisco.js';
import { runReaddressBench } from './readdress.js';
import { runMigrateBench } from './migrate.js';
import { runLoaderBench } from './loader.js';
import { runReplayBench } from './replay.js';
import { runScaleBench } from './scale.js';
import { runStartupBench } from './startup.js';
import { runSymbolicBench } from './symbolic.js';
import { runVerifyBench } from './verify.js';

const BENCHES: Record<string, () => Promise<unknown>> = {
  acl: runAclBench,
  'classifier-scale': runClassifierScaleBench,
  symbolic: runSymbolicBench,
  verify: runVerifyBench,
  replay: runReplayBench,
  generate: runGenerateBench,
  import: runImportBench,
  'import-cisco': runImportCiscoBench,
  diff: runDiffBench,
  readdress: runReaddressBench,
  migrate: runMigrateBench,
  loader: runLoaderBench,
  startup: runStartupBench,
  scale: runScaleBench,
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !(w in BENCHES));
if (unknown.length) {
  console.error(`unknown bench ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}
console.log(`segproof benchmarks — node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
for (const name of wanted.length ? wanted : Object.keys(BENCHES)) {
  console.log(`\n=== ${name} ===`);
  const started = performance.now();
  await (BENCHES[name] as () => Promise<unknown>)();
  console.log(`(${name}: ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
