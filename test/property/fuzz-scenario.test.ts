/**
 * Fuzzing scenario files through verify: byte-level and structure-level mutations of scenarios/ and the
 * adversarial examples' scenarios, each verified against its (unchanged) topology in-process. See
 * fuzz-harness.ts for the invariant, the seed and SEGPROOF_FUZZ_SEED / SEGPROOF_FUZZ_RUNS.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { applyByteMutations, applyTreeMutations, byteMutation, fuzzParameters, parseYaml, printStats, render, ROOT, runCase, scratchTree, treeMutation, write } from './fuzz-harness.js';

interface Base {
  readonly scenario: string;
  readonly topology: string;
}

/** Each scenario with the topology it names (scenarios/x.yaml → topologies/x.yaml; a.scenario.yaml → a.yaml). */
const BASES: Base[] = [
  ...readdirSync(path.join(ROOT, 'scenarios'))
    .filter((f) => f.endsWith('.yaml') && existsSync(path.join(ROOT, 'topologies', f)))
    .map((f) => ({ scenario: `scenarios/${f}`, topology: `topologies/${f}` })),
  ...readdirSync(path.join(ROOT, 'test/adversarial'))
    .filter((f) => f.endsWith('.scenario.yaml'))
    .map((f) => ({ scenario: `test/adversarial/${f}`, topology: `test/adversarial/${f.replace('.scenario.yaml', '.yaml')}` })),
].sort((a, b) => a.scenario.localeCompare(b.scenario));

const scratch = scratchTree();
afterAll(() => {
  printStats();
  scratch.remove();
});

const text = new Map(BASES.map((b) => [b.scenario, readFileSync(path.join(ROOT, b.scenario))]));
const data = new Map(BASES.map((b) => [b.scenario, parseYaml(readFileSync(path.join(ROOT, b.scenario), 'utf8'))]));

describe('fuzz: scenario files', () => {
  it('byte-level and structure-level mutations through verify', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...BASES),
        fc.oneof(fc.array(byteMutation, { minLength: 1, maxLength: 4 }).map((m) => ({ bytes: m })), fc.array(treeMutation, { minLength: 0, maxLength: 4 }).map((m) => ({ tree: m }))),
        fc.constantFrom('yaml' as const, 'json' as const),
        // The invariant pack takes a second or two per run: most cases check the scenario's properties only.
        fc.oneof({ weight: 5, arbitrary: fc.constant(['--no-pack']) }, { weight: 1, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.constant(['--no-pack', '--json']) }),
        async (base, mutation, format, flags) => {
          const folder = path.join(scratch.dir, path.dirname(base.scenario));
          const scenario = 'bytes' in mutation
            ? write(path.join(folder, 'fuzz-scenario.yaml'), applyByteMutations(text.get(base.scenario) as Buffer, mutation.bytes))
            : write(path.join(folder, `fuzz-scenario.${format}`), render(applyTreeMutations(data.get(base.scenario), mutation.tree), format));
          await runCase(['verify', path.join(scratch.dir, base.topology), '--scenario', scenario, ...flags]);
        },
      ),
      fuzzParameters('scenario', 25),
    );
  });
});
