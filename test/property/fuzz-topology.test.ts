/**
 * Fuzzing the topology loader through every command that loads one: byte-level and structure-level
 * mutations of the reference networks, the bad-input examples and the test fixtures, run through
 * validate, describe, trace and verify in-process. See fuzz-harness.ts for the invariant, the seed and
 * SEGPROOF_FUZZ_SEED / SEGPROOF_FUZZ_RUNS.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import {
  applyByteMutations, applyTreeMutations, byteMutation, fuzzParameters, NASTY_TOKENS, parseYaml, printStats, render, ROOT, runCase, scratchTree, treeMutation, write,
} from './fuzz-harness.js';

const yamlIn = (folder: string, maxBytes: number): string[] =>
  readdirSync(path.join(ROOT, folder))
    .filter((f) => f.endsWith('.yaml') && !f.endsWith('.scenario.yaml'))
    .map((f) => `${folder}/${f}`)
    .filter((f) => statSync(path.join(ROOT, f)).size <= maxBytes)
    .sort();

/** Every topology input we have, the larger ones only for the cheap commands. */
const BASES = [...yamlIn('topologies', 50_000), ...yamlIn('test/topology/errors', 50_000), ...yamlIn('test/replay/fixtures', 50_000), ...yamlIn('test/adversarial', 50_000)];
/** Small enough for verify on every case. */
const SMALL_BASES = BASES.filter((f) => statSync(path.join(ROOT, f)).size <= 8_000);

const scratch = scratchTree();
afterAll(() => {
  printStats();
  scratch.remove();
});

const baseText = new Map(BASES.map((f) => [f, readFileSync(path.join(ROOT, f))]));
const baseData = new Map(
  BASES.flatMap((f) => {
    try {
      return [[f, parseYaml(readFileSync(path.join(ROOT, f), 'utf8'))] as const];
    } catch {
      return []; // the syntax-error examples: byte-level mutations only
    }
  }),
);
const TREE_BASES = BASES.filter((f) => baseData.has(f));

/** Names a trace may start from or go to: the base's nodes, segments and zones, and some nonsense. */
function traceNames(base: string): string[] {
  const data = baseData.get(base) as { nodes?: object; segments?: object; zones?: object } | null;
  const names = [...Object.keys(data?.nodes ?? {}), ...Object.keys(data?.segments ?? {}), ...Object.keys(data?.zones ?? {}).map((z) => `zone:${z}`)];
  return names.length > 0 ? names : ['nowhere'];
}

/** The mutated file, next to its original in the scratch tree (so its includes resolve). */
function mutatedFile(base: string, ext: string): string {
  return path.join(scratch.dir, path.dirname(base), `${path.basename(base, '.yaml')}.fuzz${ext}`);
}

const command = fc.constantFrom('validate', 'describe', 'validate --json', 'describe --json');

describe('fuzz: topology files', () => {
  it('byte-level mutations through validate and describe', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...BASES), fc.array(byteMutation, { minLength: 1, maxLength: 5 }), command, async (base, mutations, cmd) => {
        const file = write(mutatedFile(base, '.yaml'), applyByteMutations(baseText.get(base) as Buffer, mutations));
        const [name, ...flags] = cmd.split(' ');
        await runCase([name as string, file, ...flags]);
      }),
      fuzzParameters('topology bytes', 250),
    );
  });

  it('structure-level mutations, as YAML and as JSON, through validate, describe and trace', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...TREE_BASES),
        fc.array(treeMutation, { minLength: 0, maxLength: 4 }),
        fc.constantFrom('yaml' as const, 'json' as const),
        fc.oneof(command, fc.constant('trace')),
        fc.tuple(
          fc.nat(),
          fc.nat(),
          fc.oneof(
            { weight: 5, arbitrary: fc.constantFrom(['tcp', '443'], ['tcp', '445'], ['udp', '53'], ['tcp', '25'], ['icmp', undefined], ['tcp', '3389']) },
            { weight: 1, arbitrary: fc.tuple(fc.constantFrom('tcp', 'udp', 'icmp', '6', '300', 'bogus'), fc.oneof(fc.constantFrom('0', '65535', '65536', '-1', 'x', undefined), fc.nat().map(String))) },
          ),
          fc.boolean(),
          fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(...NASTY_TOKENS.slice(0, 60)) }),
        ),
        async (base, mutations, format, cmd, [fromPick, toPick, [proto, dport], bidirectional, nasty]) => {
          const data = applyTreeMutations(baseData.get(base), mutations);
          const file = write(mutatedFile(base, format === 'json' ? '.json' : '.yaml'), render(data, format));
          if (cmd !== 'trace') {
            const [name, ...flags] = cmd.split(' ');
            await runCase([name as string, file, ...flags]);
            return;
          }
          const names = traceNames(base);
          const from = names[fromPick % names.length] as string;
          const to = nasty ?? (names[toPick % names.length] as string);
          await runCase(['trace', file, '--from', from, '--to', to, '--proto', proto, ...(dport === undefined ? [] : ['--dport', dport]), ...(bidirectional ? ['--bidirectional'] : [])]);
        },
      ),
      fuzzParameters('topology structure', 250),
    );
  });

  it('mutated small topologies through verify', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...SMALL_BASES.filter((f) => baseData.has(f))),
        fc.oneof(fc.array(byteMutation, { minLength: 1, maxLength: 3 }).map((m) => ({ bytes: m })), fc.array(treeMutation, { minLength: 1, maxLength: 3 }).map((m) => ({ tree: m }))),
        fc.boolean(),
        fc.boolean(),
        async (base, mutation, json, pack) => {
          const file = 'bytes' in mutation
            ? write(mutatedFile(base, '.yaml'), applyByteMutations(baseText.get(base) as Buffer, mutation.bytes))
            : write(mutatedFile(base, '.yaml'), render(applyTreeMutations(baseData.get(base), mutation.tree), 'yaml'));
          await runCase(['verify', file, ...(pack ? [] : ['--no-pack']), ...(json ? ['--json'] : [])]);
        },
      ),
      fuzzParameters('topology verify', 25),
    );
  });
});
