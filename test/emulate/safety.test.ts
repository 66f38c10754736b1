/**
 * Namespaces never outlive a run: removed on success, on a failure in any build step, on an abort (a test
 * timeout), when the process running the emulation receives SIGINT or SIGTERM or calls process.exit, and —
 * when it is killed outright — by the next run, which finds the dead run's namespaces through the run
 * registry. Needs root, ip and nft; skipped with a message otherwise.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { newRunPrefix } from '../../src/emulate/names.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { removeStaleRuns } from '../../src/emulate/namespaces.js';
import { forgetRun, readRunRecord, runIsAlive } from '../../src/emulate/registry.js';
import { BUILD_STEPS, runEmulation } from '../../src/emulate/run.js';
import { sampleProbes } from '../../src/emulate/sample.js';
import { loadTopology } from '../../src/topology/load.js';
import { segproofModules } from '../support/own-process.js';
import { EMULATION_TIMEOUT_MS, canEmulate, namespacesOf, skipReason } from './helpers/kernel.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = path.join(here, 'fixtures/firewall-gateway.yaml');

/** Starts the emulating child and resolves once its namespaces exist and probing is under way. */
async function startChild(prefix: string, mode?: 'exit'): Promise<{ child: ChildProcess; exited: Promise<number | null>; output: () => string }> {
  const modules = segproofModules();
  const child = spawn(process.execPath, [...modules.nodeOptions, path.join(here, 'helpers/emulate-child.mjs'), modules.folder, fixture, prefix, ...(mode ? [mode] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('built: responders')) resolve();
    });
    void exited.then(() => (mode === 'exit' ? resolve() : reject(new Error(`child exited early: ${out} ${err}`))));
  });
  return { child, exited, output: () => out };
}

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
  }, EMULATION_TIMEOUT_MS);

  it('keeps the namespaces with keep, and they can then be removed by prefix', async () => {
    const topology = await fixtureTopology();
    const prefix = newRunPrefix();
    const result = await runEmulation([{ topology, probes: [] }], { prefix, keep: true });
    expect(result.kept).toBe(true);
    expect(namespacesOf(prefix).length).toBe(topology.nodes.size + 1);
    const { removeRunNamespaces } = await import('../../src/emulate/namespaces.js');
    expect(await removeRunNamespaces(prefix)).toEqual([]);
    expect(namespacesOf(prefix)).toEqual([]);
    forgetRun(prefix); // the kept run's record too, as `emulate --cleanup` would: /run/segproof keeps nothing of the test
  }, EMULATION_TIMEOUT_MS);

  for (const step of BUILD_STEPS) {
    it(`removes every namespace when the build fails after "${step}"`, async () => {
      const topology = await fixtureTopology();
      const prefix = newRunPrefix();
      const probes = sampleProbes(topology, { random: 3 });
      await expect(runEmulation([{ topology, probes }], { prefix, failAfterStep: step })).rejects.toThrow(`injected failure after build step "${step}"`);
      expect(namespacesOf(prefix)).toEqual([]);
    }, EMULATION_TIMEOUT_MS);
  }

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`removes every namespace when the emulating process gets ${signal}`, async () => {
      const prefix = newRunPrefix();
      const { child, exited, output } = await startChild(prefix);
      expect(namespacesOf(prefix).length).toBeGreaterThan(0);
      child.kill(signal);
      const code = await exited;
      expect(code).toBe(128 + (signal === 'SIGINT' ? 2 : 15));
      expect(output()).not.toContain('finished');
      expect(namespacesOf(prefix)).toEqual([]);
      expect(readRunRecord(prefix)).toBeUndefined();
    }, EMULATION_TIMEOUT_MS);
  }

  it('removes every namespace when the emulating process calls process.exit mid-run', async () => {
    const prefix = newRunPrefix();
    const { exited } = await startChild(prefix, 'exit');
    expect(await exited).toBe(7);
    expect(namespacesOf(prefix)).toEqual([]);
    expect(readRunRecord(prefix)).toBeUndefined();
  }, EMULATION_TIMEOUT_MS);

  it('removes every namespace when the run is aborted (as vitest does on a test timeout)', async () => {
    const topology = await fixtureTopology();
    const prefix = newRunPrefix();
    const controller = new AbortController();
    const probes = sampleProbes(topology, { random: 20, seed: 2 });
    const run = runEmulation([{ topology, probes }], {
      prefix,
      probeTimeoutMs: 20000,
      signal: controller.signal,
      log: (line) => {
        if (line === 'built: responders') controller.abort(new Error('test timed out'));
      },
    });
    await expect(run).rejects.toThrow('test timed out');
    expect(namespacesOf(prefix)).toEqual([]);
    expect(readRunRecord(prefix)).toBeUndefined();
  }, EMULATION_TIMEOUT_MS);

  // Any later run may remove debris, and the other emulation test files run meanwhile: a killed run's
  // namespaces may be gone before the run under test looks. So removal is checked by its effect, and the
  // run's report of it only when it names something.
  it('removes what a killed run left behind: by a sweep, and by the next run as it starts; never a live run', async () => {
    const killRun = async (prefix: string) => {
      const killed = await startChild(prefix);
      killed.child.kill('SIGKILL');
      await killed.exited;
      expect(namespacesOf(prefix).length).toBeGreaterThan(0);
      expect(runIsAlive(prefix)).toBe(false);
    };
    const swept = newRunPrefix();
    await killRun(swept);
    const sweep = await removeStaleRuns();
    expect(sweep.failed).toEqual([]);
    expect(namespacesOf(swept)).toEqual([]);
    expect(readRunRecord(swept)).toBeUndefined();

    const dead = newRunPrefix();
    await killRun(dead);
    const live = newRunPrefix();
    const running = await startChild(live);
    try {
      const reported = /earlier run\(s\) that died: (.*)/.exec(running.output())?.[1]?.split(', ') ?? [];
      expect(reported.every((p) => p !== live)).toBe(true);
      expect(namespacesOf(dead)).toEqual([]);
      expect(readRunRecord(dead)).toBeUndefined();
      const again = await removeStaleRuns();
      expect(again.removed.map((r) => r.prefix)).not.toContain(live);
      expect(namespacesOf(live).length).toBeGreaterThan(0);
    } finally {
      running.child.kill('SIGTERM');
      await running.exited;
    }
    expect(namespacesOf(live)).toEqual([]);
  }, EMULATION_TIMEOUT_MS);

  it('segproof emulate --cleanup removes the namespaces of a killed run and names it', async () => {
    const prefix = newRunPrefix();
    const killed = await startChild(prefix);
    killed.child.kill('SIGKILL');
    await killed.exited;
    expect(namespacesOf(prefix).length).toBeGreaterThan(0);
    const io = memoryIo();
    expect(await main(['node', 'segproof', 'emulate', '--cleanup'], io)).toBe(0);
    // Named when this cleanup removed it (another test file's run may have got there first).
    if (io.out.join('\n').includes(prefix)) expect(io.out.join('\n')).toMatch(new RegExp(`removed \\d+ namespaces of run ${prefix}`));
    expect(namespacesOf(prefix)).toEqual([]);
  }, EMULATION_TIMEOUT_MS);
});
