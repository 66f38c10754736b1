/**
 * Random plans over the town: applying a plan and then its inverse (every mapping reversed, re-designations
 * undone) gives back the original model. Seed printed; SEGPROOF_READDRESS_SEED replays,
 * SEGPROOF_READDRESS_RUNS sets the runs.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { hasErrors } from '../../src/diagnostics/diagnostic.js';
import { parseIpv4, type Prefix } from '../../src/net/ipv4.js';
import { applyPlan } from '../../src/readdress/apply.js';
import type { PlanStep, PrefixMapping, ReaddressPlan, Redesignation } from '../../src/readdress/plan.js';
import { loadTopology } from '../../src/topology/load.js';
import type { Topology } from '../../src/topology/model.js';

const SEED = Number(process.env.SEGPROOF_READDRESS_SEED ?? Date.now() % 2 ** 31);
const RUNS = Number(process.env.SEGPROOF_READDRESS_RUNS ?? 12);
const TOWN = 'test/readdress/fixtures/town.yaml';
const here = { file: 'random-plan', line: 1, column: 1 };

/** The town's renumberable segments: name, prefix, zone. */
const SEGMENTS: readonly [string, Prefix, string][] = [
  ['lg_servers', { network: parseIpv4('10.1.1.0') as number, length: 24 }, 'LG'],
  ['lg_users', { network: parseIpv4('10.1.2.0') as number, length: 25 }, 'LG'],
  ['inet_servers', { network: parseIpv4('10.2.1.0') as number, length: 24 }, 'INET'],
];
const FREE = parseIpv4('10.100.0.0') as number;

/** Some segments, each to its own free /24 of 10.100.0.0/16 (a /25 to either half); lg_users maybe to LG_NEW. */
const randomPlan = fc
  .tuple(fc.subarray([0, 1, 2], { minLength: 1 }), fc.uniqueArray(fc.integer({ min: 0, max: 255 }), { minLength: 3, maxLength: 3 }), fc.boolean(), fc.boolean())
  .map(([chosen, blocks, upperHalf, redesignate]) => {
    const mappings: PrefixMapping[] = chosen.map((i) => {
      const [segment, from] = SEGMENTS[i] as [string, Prefix, string];
      const half = from.length === 25 && upperHalf ? 128 : 0;
      return { from, to: { network: FREE + (blocks[i] as number) * 256 + half, length: from.length }, segment, location: here };
    });
    const redesignations: Redesignation[] = redesignate ? [{ segment: 'lg_users', zone: 'LG_NEW', location: here }] : [];
    return { mappings, redesignations };
  });

const plan = (name: string, step: Pick<PlanStep, 'mappings' | 'redesignations'>): ReaddressPlan => ({
  file: name,
  name,
  steps: [{ name: 'only', hosts: [], relocations: [], location: here, ...step }],
});

/** The model without where things were written. */
function fingerprint(t: Topology): string {
  return JSON.stringify(t, (key, value: unknown) => {
    if (key === 'location' || key === 'files' || key === 'file') return undefined;
    return value instanceof Map ? Object.fromEntries(value) : value;
  });
}

describe(`apply then the inverse plan gives the original model (seed ${SEED}, ${RUNS} runs; SEGPROOF_READDRESS_SEED to replay)`, async () => {
  const original = await loadTopology(TOWN);
  if (!original.ok) throw new Error('town fixture does not load');
  const scratch = await mkdtemp(path.join(tmpdir(), 'segproof-readdress-inverse-'));
  afterAll(() => rm(scratch, { recursive: true, force: true }));

  it('for random plans', async () => {
    console.log(`[readdress inverse property] seed ${SEED} (SEGPROOF_READDRESS_SEED=${SEED}), ${RUNS} runs`);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(randomPlan, async (step) => {
        const forward = await applyPlan(TOWN, plan('forward', step));
        expect(hasErrors(forward.diagnostics), forward.diagnostics.map((d) => d.message).join('\n')).toBe(false);
        const folder = path.join(scratch, String(run++));
        for (const [file, text] of forward.files) {
          const target = path.join(folder, path.relative('test/readdress/fixtures', file));
          await mkdir(path.dirname(target), { recursive: true });
          await writeFile(target, text);
        }
        const inverse = plan('inverse', {
          mappings: step.mappings.map((m) => ({ ...m, from: m.to, to: m.from })),
          redesignations: step.redesignations.map((r) => ({ ...r, zone: 'LG' })),
        });
        const back = await applyPlan(path.join(folder, 'town.yaml'), inverse);
        expect(hasErrors(back.diagnostics), back.diagnostics.map((d) => d.message).join('\n')).toBe(false);
        expect(fingerprint(back.topology as Topology)).toBe(fingerprint(original.topology));
        expect(fingerprint(forward.topology as Topology)).not.toBe(fingerprint(original.topology));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
