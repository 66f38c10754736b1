/**
 * Runs one emulation in a child process for the cleanup tests: argv = the folder of segproof's modules
 * (compiled dist/src, or src under tsx: test/support/own-process.ts), fixture, run prefix, and optionally
 * `exit` (call process.exit once the build is done, as a test runner ending its worker does). Prints each
 * build step as it completes, then probes slowly (long timeouts) so the parent can signal it mid-run.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [modules, file, prefix, mode] = process.argv.slice(2);
const from = (module) => import(pathToFileURL(path.join(modules, module)).href);
const { loadTopology } = await from('topology/load.js');
const { runEmulation } = await from('emulate/run.js');
const { sampleProbes } = await from('emulate/sample.js');

const loaded = await loadTopology(file);
if (!loaded.ok) process.exit(3);
const probes = sampleProbes(loaded.topology, { random: 20, seed: 1 });
await runEmulation([{ topology: loaded.topology, probes }], {
  prefix,
  probeTimeoutMs: 20000,
  log: (line) => {
    process.stdout.write(`${line}\n`);
    if (mode === 'exit' && line === 'built: responders') process.exit(7);
  },
});
process.stdout.write('finished\n');
