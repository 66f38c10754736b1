/**
 * Namespaces never outlive a run: removed on success, on a failure in any build step, and when the process
 * running the emulation receives SIGINT or SIGTERM. Needs root, ip and nft; skipped with a message otherwise.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { newRunPrefix } from '../../src/emulate/names.js';
import { BUILD_STEPS, runEmulation } from '../../src/emulate/run.js';
import { sampleProbes } from '../../src/emulate/sample.js';
import { loadTopology } from '../../src/topology/load.js';
import { canEmulate, namespacesOf, skipReason } from './helpers/kernel.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = path.join(here, 'fixtures/firewall-gateway.yaml');

async function fixtureTopology() {
  const loaded = await loadTopology(fixture);
  if (!loaded.ok) throw new Error(`fixture does not load: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
  return loaded.topology;
}

describe.skipIf(!canEmulate)(`emulation cleanup${canEmulate ? '' : ` (${skipReason})`}`, () => {
  it('removes every namespace after a successful run', async () => {
    const topology = await fixtureTopology();
    const prefix = newRunPrefix();
    const result = await runEmulation([{ topology, probes: sampleProbes(topology, { random: 5 }) }], { prefix, responders: false });
    expect(result.plans[0]!.nodes.length).toBeGreaterThan(0);
    expect(result.leftover).toEqual([]);
    expect(namespacesOf(prefix)).toEqual([]);
  }, 60_000);

  it('keeps the namespaces with keep, and they can then be removed by prefix', async () => {
    const topology = await fixtureTopology();
    const prefix = newRunPrefix();
    const result = await runEmulation([{ topology, probes: [] }], { prefix, keep: true });
    expect(result.kept).toBe(true);
    expect(namespacesOf(prefix).length).toBe(topology.nodes.size + 1);
    const { removeRunNamespaces } = await import('../../src/emulate/namespaces.js');
    expect(await removeRunNamespaces(prefix)).toEqual([]);
    expect(namespacesOf(prefix)).toEqual([]);
  }, 60_000);

  for (const step of BUILD_STEPS) {
    it(`removes every namespace when the build fails after "${step}"`, async () => {
      const topology = await fixtureTopology();
      const prefix = newRunPrefix();
      const probes = sampleProbes(topology, { random: 3 });
      await expect(runEmulation([{ topology, probes }], { prefix, failAfterStep: step })).rejects.toThrow(`injected failure after build step "${step}"`);
      expect(namespacesOf(prefix)).toEqual([]);
    }, 60_000);
  }

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`removes every namespace when the emulating process gets ${signal}`, async () => {
      const prefix = newRunPrefix();
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'helpers/emulate-child.ts'), fixture, prefix], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      // Signal it once the namespaces exist and probing (with 20 s timeouts) is under way.
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('built: responders')) resolve();
        });
        void exited.then(() => reject(new Error(`child exited early: ${out} ${err}`)));
      });
      expect(namespacesOf(prefix).length).toBeGreaterThan(0);
      child.kill(signal);
      const code = await exited;
      expect(code).toBe(128 + (signal === 'SIGINT' ? 2 : 15));
      expect(out).not.toContain('finished');
      expect(namespacesOf(prefix)).toEqual([]);
    }, 60_000);
  }
});
