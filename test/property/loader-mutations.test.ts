/**
 * Random mutations of valid topology files (deleted, duplicated or swapped lines, swapped values,
 * garbage, truncation) never crash the loader: every outcome is a topology or located diagnostics.
 * SEGPROOF_LOADER_MUTATION_RUNS sets the number of cases (default 800, 3,000 in CI) and
 * SEGPROOF_LOADER_MUTATION_SEED the seed; the seed is printed.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/diagnostics/catalogue.js';
import { loadTopologyText } from '../../src/topology/load.js';

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'parts' ? [] : yamlFiles(full);
    return name.endsWith('.yaml') ? [full] : [];
  });
}

// Small self-contained inputs keep each case fast; reference networks join as they exist.
const bases = [...yamlFiles('test/topology/errors'), ...yamlFiles('topologies').filter((f) => statSync(f).size < 40_000)].map((file) => ({
  file,
  text: readFileSync(file, 'utf8'),
}));

const RUNS = Number(process.env.SEGPROOF_LOADER_MUTATION_RUNS ?? (process.env.CI ? 3000 : 800));
const SEED = Number(process.env.SEGPROOF_LOADER_MUTATION_SEED ?? Math.floor(Math.random() * 2 ** 31));

type Mutation = (lines: string[], r: number[]) => string[];
const pick = <T>(xs: readonly T[], r: number): T => xs[Math.floor(r * xs.length) % xs.length] as T;
const MUTATIONS: Record<string, Mutation> = {
  deleteLine: (l, [a = 0]) => l.filter((_, i) => i !== Math.floor(a * l.length)),
  duplicateLine: (l, [a = 0]) => l.flatMap((x, i) => (i === Math.floor(a * l.length) ? [x, x] : [x])),
  swapLines: (l, [a = 0, b = 0]) => {
    const out = [...l];
    const i = Math.floor(a * l.length);
    const j = Math.floor(b * l.length);
    [out[i], out[j]] = [out[j] as string, out[i] as string];
    return out;
  },
  swapValues: (l, [a = 0, b = 0]) => {
    const values = l.flatMap((x) => [...x.matchAll(/:\s*([^\s{},[\]]+)/g)].map((m) => m[1] as string));
    if (values.length === 0) return l;
    const from = pick(values, a);
    const to = pick(values, b);
    return l.map((x) => x.replace(from, to));
  },
  garbage: (l, [a = 0, b = 0]) => {
    const i = Math.floor(a * l.length);
    const junk = pick(['{', '}', ']', ':', '- ', '"', '\t', '&a', '*a', '!!binary', '0x', '-1', '99999999999', 'null', '~', '  x: y'], b);
    return l.map((x, k) => (k === i ? x.slice(0, Math.floor(b * x.length)) + junk + x.slice(Math.floor(b * x.length)) : x));
  },
  truncate: (l, [a = 0]) => l.slice(0, Math.floor(a * l.length)),
  reindent: (l, [a = 0]) => l.map((x, i) => (i === Math.floor(a * l.length) ? `  ${x}` : x)),
};

describe('loader under random mutations of valid files', () => {
  it('returns a topology or well-formed diagnostics, never throws', async () => {
    expect(bases.length).toBeGreaterThan(0);
    console.log(`loader mutations: seed ${SEED} (SEGPROOF_LOADER_MUTATION_SEED), ${RUNS} runs`);
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: bases.length - 1 }),
        fc.array(fc.tuple(fc.constantFrom(...Object.keys(MUTATIONS)), fc.array(fc.double({ min: 0, max: 0.999, noNaN: true }), { minLength: 2, maxLength: 2 })), { minLength: 1, maxLength: 4 }),
        async (baseIndex, mutations) => {
          const base = bases[baseIndex] as { file: string; text: string };
          let lines = base.text.split('\n');
          for (const [name, r] of mutations) if (lines.length > 0) lines = (MUTATIONS[name] as Mutation)(lines, r);
          const result = await loadTopologyText(lines.join('\n'), base.file);
          if (result.ok) return;
          expect(result.diagnostics.length).toBeGreaterThan(0);
          for (const d of result.diagnostics) {
            expect(Object.keys(CATALOGUE)).toContain(d.code);
            expect(d.message.length).toBeGreaterThan(0);
            expect(d.location?.line).toBeGreaterThanOrEqual(1);
            expect(d.location?.column).toBeGreaterThanOrEqual(1);
          }
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
