/**
 * Runs one emulation in a child process for the signal test: argv = fixture, run prefix. Prints each build
 * step as it completes, then probes slowly (long timeouts) so the parent can signal it mid-run.
 */
import { loadTopology } from '../../../src/topology/load.js';
import { runEmulation } from '../../../src/emulate/run.js';
import { sampleProbes } from '../../../src/emulate/sample.js';

const [file, prefix] = process.argv.slice(2) as [string, string];
const loaded = await loadTopology(file);
if (!loaded.ok) process.exit(3);
const probes = sampleProbes(loaded.topology, { random: 20, seed: 1 });
await runEmulation([{ topology: loaded.topology, probes }], {
  prefix,
  probeTimeoutMs: 20000,
  log: (line) => process.stdout.write(`${line}\n`),
});
process.stdout.write('finished\n');
