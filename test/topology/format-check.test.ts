/**
 * The loader's quick format check (format-check.ts, no zod) against zod's verdict (format.ts), its twin:
 * on every YAML file in the repository, as a main file and as an include, and on random mutations of
 * their data (keys removed and added, values replaced by values of other types and ranges, node kinds
 * swapped). A file the check accepts is loaded without zod, so it must accept nothing zod refuses; it
 * is held to the same verdict both ways. SEGPROOF_FORMAT_CHECK_RUNS sets the number of cases (default
 * 500, 3,000 in CI), SEGPROOF_FORMAT_CHECK_SEED the seed, which is printed.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { includeFileSchema, NODE_KINDS, topologyFileSchema } from '../../src/topology/format.js';
import { conformsToFormat, usesKnownKeywordsOnly } from '../../src/topology/format-check.js';
import { FORMAT_CHECK_SCHEMA } from '../../src/topology/format-check-schema.js';
import { FORMAT_CHECK_MODULE, renderFormatCheckModule } from '../../src/topology/schema.js';
import { parseSource } from '../../src/topology/source.js';

const RUNS = Number(process.env.SEGPROOF_FORMAT_CHECK_RUNS ?? (process.env.CI ? 3000 : 500));
const SEED = Number(process.env.SEGPROOF_FORMAT_CHECK_SEED ?? Math.floor(Math.random() * 2 ** 31));

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return yamlFiles(full);
    return name.endsWith('.yaml') ? [full] : [];
  });
}

const datas = ['topologies', 'examples', 'test'].flatMap(yamlFiles).flatMap((file) => {
  const parsed = parseSource(readFileSync(file, 'utf8'), file, [], { maxValues: Infinity });
  return parsed.diagnostics.length === 0 ? [{ file, data: parsed.source.data }] : [];
});

/** Both verdicts on `data`, as a main file and as an include. */
function verdicts(data: unknown): { check: boolean[]; zod: boolean[] } {
  return {
    check: [conformsToFormat(data, 'topology'), conformsToFormat(data, 'include')],
    zod: [topologyFileSchema.safeParse(data).success, includeFileSchema.safeParse(data).success],
  };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Values of every type, in and out of the format's ranges and patterns. */
const VALUES: readonly Json[] = [
  null, true, false, 0, -1, 1, 2, 3, 4, 1.5, 4094, 4095, 65535, 65536, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY, -0,
  '', 'x', 'fw-1', '1abc', 'bad name', 'tcp/443', '10.0.0.0/8', 'permit', 'deny', 'in', 'out', 'strict', 'MN', 'INTERNET',
  'beta-prime', 'R7.3', 'cdr', 'terminal', '00:11:22:33:44:55', '00:11:22:33:44', [], ['x'], [1], [['x']], {}, { x: 1 },
  { kind: 'host' }, { segment: 'x' }, { interface: 'a', direction: 'in' }, { fromZone: 'a', toZone: 'b' }, { class: 'MN' },
];
/** Numbers at and past the bounds the format sets (VLAN 1-4094, ports 0-65535, counts from 1, classes 1-3, safe integers). */
const NUMBERS: readonly number[] = [0, -1, 1, 3, 4, 1.5, 4094, 4095, 65535, 65536, -0.5, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
const KEYS = ['name', 'kind', 'description', 'zone', 'x', 'Bad Key', '1', '__proto__', 'constructor', 'rules', 'interfaces', 'segment', 'default', 'count', 'vlan', 'mac', 'src', 'bind', 'inventory', 'confidentiality'];

/** Every path to a value in `data`. */
function paths(data: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const here = [prefix];
  if (Array.isArray(data)) return [...here, ...data.flatMap((v, i) => paths(v, [...prefix, i]))];
  if (data !== null && typeof data === 'object') return [...here, ...Object.keys(data).flatMap((k) => paths(data[k] as Json, [...prefix, k]))];
  return here;
}

function at(data: Json, path: readonly (string | number)[]): Json {
  let cur = data;
  for (const step of path) cur = (cur as Record<string | number, Json>)[step] as Json;
  return cur;
}

function setOwn(map: Record<string, Json>, key: string, value: Json): void {
  Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
}

/** One mutation of `data` (changed in place), chosen by the random naturals `r`. */
function mutate(data: Json, r: readonly number[]): void {
  const [a = 0, b = 0, c = 0] = r;
  const pick = <T>(xs: readonly T[], n: number): T => xs[n % xs.length] as T;
  const all = paths(data).filter((p) => p.length > 0);
  // Numbers are few in a topology: a third of the mutations move one of them across its bounds.
  const numbers = all.filter((p) => typeof at(data, p) === 'number');
  if (b % 3 === 0 && numbers.length > 0) {
    const target = pick(numbers, a);
    (at(data, target.slice(0, -1)) as Record<string | number, Json>)[target[target.length - 1] as string | number] = pick(NUMBERS, c);
    return;
  }
  const target = all.length > 0 ? pick(all, a) : undefined;
  if (!target) return;
  const parent = at(data, target.slice(0, -1));
  const step = target[target.length - 1] as string | number;
  const choice = Math.floor(b / 3) % 5;
  const value = pick(VALUES, c);
  if (Array.isArray(parent)) {
    if (choice === 0) parent.splice(step as number, 1);
    else parent[step as number] = structuredClone(value);
  } else if (parent !== null && typeof parent === 'object') {
    const map = parent as Record<string, Json>;
    if (choice === 0) delete map[step];
    else if (choice === 1) setOwn(map, pick(KEYS, c), structuredClone(value));
    else if (choice === 2 && 'kind' in map) map.kind = pick(NODE_KINDS, c);
    else map[step] = structuredClone(value);
  }
}

describe(`the quick format check and zod (seed ${SEED}, ${RUNS} runs; SEGPROOF_FORMAT_CHECK_SEED to replay)`, () => {
  it(`${FORMAT_CHECK_MODULE} is current with the format (regenerate with \`npm run schema\`)`, () => {
    expect(readFileSync(FORMAT_CHECK_MODULE, 'utf8')).toBe(renderFormatCheckModule());
    expect(usesKnownKeywordsOnly(FORMAT_CHECK_SCHEMA)).toBe(true);
  });

  it('agree on every YAML file in the repository, as a main file and as an include', () => {
    expect(datas.length).toBeGreaterThan(100);
    let valid = 0;
    for (const { file, data } of datas) {
      const { check, zod } = verdicts(data);
      expect(check, file).toEqual(zod);
      if (zod[0]) valid++;
    }
    expect(valid).toBeGreaterThan(30); // the accepting side is compared too
  });

  it('agree on hand-picked edges: numbers out of their type, keys that are not the data\'s own', () => {
    const town = (extra: Record<string, Json>): Json => ({ segproof: 1, name: 't', segments: { s: { zone: 'z', prefix: '10.0.0.0/24', ...extra } } });
    const host = (extra: Record<string, Json>): Json => ({ segproof: 1, name: 't', nodes: { h: { kind: 'host', interfaces: {}, ...extra } } });
    const cases: Json[] = [
      town({ vlan: 1.5 }), town({ vlan: 4094 }), town({ vlan: 4095 }), town({ vlan: Number.NaN }), town({ vlan: -0 }), town({ site: null }),
      host({ count: 2 ** 53 }), host({ count: 2 ** 53 - 1 }), host({ inventory: { annualCostJPY: Number.POSITIVE_INFINITY } }),
      host({ inventory: { annualCostJPY: -0 } }), host({ inventory: { confidentiality: 1.0 } }), host({ inventory: { confidentiality: 4 } }),
      host({ toString: 'x' }), host({ constructor: 1 }), { segproof: 1.0, name: 'a' }, { segproof: Number.NaN, name: 'a' }, { segproof: 1, name: '1a' },
    ];
    for (const data of cases) {
      const { check, zod } = verdicts(data);
      expect(check, JSON.stringify(data)).toEqual(zod);
    }
  });

  it('agree on random mutations of those files', () => {
    console.log(`[format check] seed ${SEED} (SEGPROOF_FORMAT_CHECK_SEED=${SEED}), ${RUNS} runs`);
    // Valid files small enough that each case stays quick.
    const bases = datas.filter(({ file, data }) => statSync(file).size < 40_000 && (topologyFileSchema.safeParse(data).success || includeFileSchema.safeParse(data).success));
    let stillValid = 0;
    fc.assert(
      fc.property(fc.nat(), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { minLength: 1, maxLength: 3 }), (pickBase, mutations) => {
        const base = bases[pickBase % bases.length] as { file: string; data: unknown };
        const data = structuredClone(base.data) as Json;
        for (const r of mutations) mutate(data, r);
        const { check, zod } = verdicts(data);
        if (zod.some(Boolean)) stillValid++;
        const shown = `${base.file} mutated by ${JSON.stringify(mutations)}`;
        // Never accepted where zod refuses: such a file would be loaded without its diagnostics.
        for (const i of [0, 1]) if (check[i]) expect(zod[i], shown).toBe(true);
        // zod's compiled parse lets an undeclared own `__proto__` key through a strict mapping (its
        // diagnostics path reports it); the check refuses it, so the loader asks zod: the same outcome.
        if (!paths(data).some((p) => p[p.length - 1] === '__proto__')) expect(check, shown).toEqual(zod);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(stillValid).toBeGreaterThan(RUNS / 20);
  });
});
