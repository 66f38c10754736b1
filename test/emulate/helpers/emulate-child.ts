/**
 * Runs one emulation in a child process for the cleanup tests: argv = fixture, run prefix, and optionally
 * `exit` (call process.exit once the build is done, as a test runner ending its worker does). Prints each
 * build step as it completes, then probes slowly (long timeouts) so the parent can signal it mid-run.
 */
import { loadTopology } from '../../../src/topology/load.js';
import { runEmulation } from '../../../src/emulate/run.js';
import { sampleProbes } from '../../../src/emulate/sample.js';

const [file, prefix, mode] = process.argv.slice(2) as [string, string, string | undefined];
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
