/**
 * A generated municipality holds under its model's invariant pack (with the scenario `generate -o` writes
 * beside it, declaring the design's one approved crossing), for random options; an injected leak never does.
 * Runs: SEGPROOF_GENERATED_RUNS (default 4: each is a full verify). The seed is printed on every run;
 * SEGPROOF_GENERATED_SEED=<seed> replays it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { registerGenerateCommand } from '../../src/cli/commands/generate.js';
import { memoryIo } from '../../src/cli/io.js';
import { arbitraryMunicipalityOptions } from '../../src/testing/topology-arbitraries.js';
import { generateMunicipality, serialiseTopology, type MunicipalityOptions } from '../../src/topology/generate.js';
import { scenarioFileFor, serialiseScenario } from '../../src/topology/generate/scenario.js';
import { runVerify } from '../verify/helpers.js';

const RUNS = Number(process.env.SEGPROOF_GENERATED_RUNS ?? 4);
const SEED = Number(process.env.SEGPROOF_GENERATED_SEED ?? Math.floor(Math.random() * 0x7fffffff));

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'segproof-generated-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let written = 0;
/** Writes the municipality and its scenario as `segproof generate -o` does; returns the topology file. */
function write(options: MunicipalityOptions): string {
  const file = path.join(dir, `town-${written++}.yaml`);
  writeFileSync(file, serialiseTopology(generateMunicipality(options)));
  writeFileSync(scenarioFileFor(file), serialiseScenario(file));
  return file;
}

async function verify(file: string): Promise<{ code: number; failed: string[] }> {
  const r = await runVerify([file, '--json']);
  const report = JSON.parse(r.out) as { results: { id: string; status: string }[] };
  return { code: r.code, failed: report.results.filter((x) => x.status === 'fail').map((x) => x.id) };
}

describe(`generated municipalities (seed ${SEED}, ${RUNS} runs; SEGPROOF_GENERATED_SEED to replay)`, () => {
  it('hold under their model\'s pack', async () => {
    console.log(`[generated municipalities] seed ${SEED} (SEGPROOF_GENERATED_SEED=${SEED}), ${RUNS} runs`);
    await fc.assert(
      fc.asyncProperty(arbitraryMunicipalityOptions({ maxStaff: 400, maxFirewalls: 4, maxSites: 3, maxRulesPerFirewall: 120 }), async (options) => {
        const { code, failed } = await verify(write(options));
        expect(failed, JSON.stringify(options)).toEqual([]);
        expect(code).toBe(0);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('a β′ municipality holds, and each injected leak is found in it', async () => {
    expect(await verify(write({ staff: 150, model: 'beta-prime', seed: 1 }))).toEqual({ code: 0, failed: [] });
    for (const insecure of ['acl-opens-mn', 'mn-reaches-proxy', 'clipboard-to-inet'] as const) {
      const { code, failed } = await verify(write({ staff: 150, model: 'beta-prime', seed: 1, insecure }));
      expect(code, insecure).toBe(1);
      expect(failed.length, insecure).toBeGreaterThan(0);
    }
  });

  it('`segproof generate -o town.yaml` then `segproof verify town.yaml` holds: the scenario is written beside it and found by name', async () => {
    const io = memoryIo();
    let code = -1;
    const program = new Command('segproof').exitOverride();
    registerGenerateCommand(program, io, (c) => (code = c));
    const file = path.join(dir, 'cli-town.yaml');
    await program.parseAsync(['generate', '--staff', '120', '-o', file], { from: 'user' });
    expect(code).toBe(0);
    expect(io.out.join('')).toContain(`approved crossings in ${path.join(dir, 'cli-town.scenario.yaml')}`);
    const r = await runVerify([file, '--json']);
    expect(JSON.parse(r.out)).toMatchObject({ ok: true });
    expect(r.code).toBe(0);
  });
});
