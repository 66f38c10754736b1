/**
 * Bounded resources: YAML nesting, alias bombs and huge mappings are located diagnostics (exit 2) in bounded
 * time; topology input is limited by size before it is read (TOPO009, --max-input-mb) and the generator never
 * writes a file over that limit; did-you-mean and messages stay cheap and short for multi-megabyte values;
 * --workers is capped at the cores unless forced; --sample has an upper bound. Run in-process through main().
 */
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { boundedEditDistance, boundText, didYouMean } from '../../src/diagnostics/diagnostic.js';
import { defaultMaxInputMb, MB } from '../../src/topology/input-limits.js';
import { loadTopologyText } from '../../src/topology/load.js';
import { MAX_NESTING } from '../../src/topology/yaml-limits.js';

const root = path.resolve(import.meta.dirname, '../..');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'segproof-bounded-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
}

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string; ms: number }> {
  const io = memoryIo();
  const started = performance.now();
  const code = await main(['node', 'segproof', ...args], io);
  return { code, out: io.out.join('\n'), err: io.err.join('\n'), ms: performance.now() - started };
}

const HEAD = 'segproof: 1\nname: t\n';
const SMALL = `${HEAD}zones:\n  inet: { class: INET }\n  mn: { class: MN }\nsegments:\n  inet-lan: { zone: inet, prefix: 10.30.0.0/24 }\n`;

describe('YAML that would exhaust the parser', () => {
  it.each([
    ['10,000 nested flow sequences', `${HEAD}zones: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`, 'nested more than 64 levels deep'],
    ['10,000 nested flow mappings', `${HEAD}zones: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`, 'nested more than 64 levels deep'],
    ['100 nested block mappings', `${HEAD}${Array.from({ length: 100 }, (_, i) => `${' '.repeat(2 * i)}a${i}:`).join('\n')} x\n`, 'nested more than 64 levels deep'],
    ['a billion laughs', `${HEAD}a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 9 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`).join('\n')}\n`, 'aliases expand to more than'],
    ['an alias nested 70 times through anchors', `${HEAD}${Array.from({ length: 70 }, (_, i) => `a${i}: &a${i} [${i === 0 ? 'x' : `*a${i - 1}`}]`).join('\n')}\n`, 'aliases nest lists and mappings more than 64 levels deep'],
    ['an alias inside its own anchor', `${HEAD}zones: &z\n  a: *z\n`, 'alias *z refers to a collection that contains it'],
    ['an alias without anchor', `${HEAD}zones:\n  a: { class: MN, description: *nope }\n`, 'alias *nope has no anchor &nope before it'],
  ])('%s is TOPO001, exit 2', async (_name, text, message) => {
    const r = await cli('validate', file('bad.yaml', text));
    expect(r.code).toBe(2);
    expect(r.err).toContain('error TOPO001');
    expect(r.err).toContain(message);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('allows nesting up to the limit and aliases in moderation', async () => {
    const nested = `${HEAD}description: ${'['.repeat(MAX_NESTING - 1)}${']'.repeat(MAX_NESTING - 1)}\n`;
    const r = await loadTopologyText(nested, 'nested.yaml');
    expect(r.ok ? [] : r.diagnostics.map((d) => d.code)).not.toContain('TOPO001');
    // One anchor used 2,000 times: over the yaml package's own per-anchor count of 1,000, well within ours.
    const reused = `${SMALL}objects:\n  services:\n    WEB: &web [tcp/443]\n${Array.from({ length: 2000 }, (_, i) => `    S${i}: *web`).join('\n')}\n`;
    const loaded = await loadTopologyText(reused, 'reused.yaml');
    expect(loaded.ok).toBe(true);
  });

  it('finds duplicate keys in linear time, and keys that differ only in type', async () => {
    const keys = 30_000;
    const many = `${HEAD}zones:\n${Array.from({ length: keys }, (_, i) => `  z${i}: { class: MN }`).join('\n')}\n  z7: { class: INET }\n`;
    const started = performance.now();
    const r = await loadTopologyText(many, 'many.yaml');
    // Quadratic before (50,000 keys took over 5 minutes); a loose bound for a loaded machine.
    expect(performance.now() - started).toBeLessThan(60_000);
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.diagnostics.map((d) => `${d.code} ${d.location?.line}`)).toEqual([`TOPO030 ${keys + 4}`]);
    const typed = await loadTopologyText(`${HEAD}zones:\n  1: { class: MN }\n  "1": { class: INET }\n`, 'typed.yaml');
    expect(typed.ok ? [] : typed.diagnostics.map((d) => `${d.code} ${d.location?.line}:${d.location?.column}`)).toEqual(['TOPO030 5:3']);
  });
});

describe('topology input limit', () => {
  it('refuses a file over --max-input-mb by its size, before reading it', async () => {
    const big = path.join(dir, 'sparse.yaml');
    writeFileSync(big, '');
    truncateSync(big, 3 * defaultMaxInputMb() * MB); // sparse: no time or disk spent writing it
    const r = await cli('validate', big);
    expect(r.code).toBe(2);
    expect(r.err).toContain('error TOPO009');
    expect(r.err).toContain(`over the input limit of ${defaultMaxInputMb()} MB`);
    expect(r.err).toContain(`--max-input-mb ${3 * defaultMaxInputMb()}`);
    expect(r.ms).toBeLessThan(20_000);
  });

  it('refuses a scenario file over the default limit the same way', async () => {
    const big = path.join(dir, 'sparse-scenario.yaml');
    writeFileSync(big, '');
    truncateSync(big, 2 * defaultMaxInputMb() * MB);
    const r = await cli('verify', path.join(root, 'topologies/beta-prime-city.yaml'), '--scenario', big, '--no-pack');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`SCEN001: cannot read scenario ".*sparse-scenario.yaml": it is ${2 * defaultMaxInputMb() * MB} bytes, over the input limit of ${defaultMaxInputMb() * MB} bytes`));
    expect(r.ms).toBeLessThan(20_000);
  });

  it('refuses a file with more values than the limit allows, where it passes the limit, before parsing it', async () => {
    // 3 MB of one-letter scalars: 1.5 million values, about 1.5 GB once parsed.
    const dense = file('dense.yaml', `${HEAD}description: [${'a,'.repeat(1_500_000)}a]\n`);
    const r = await cli('validate', '--max-input-mb', '10', dense);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/dense.yaml:3:2000002: error TOPO009: ".*dense.yaml" holds about 1500008 values .*, over the 1000000 of the input limit of 10 MB; the limit is passed here/);
    expect(r.err).toContain('hint: raise the limit with --max-input-mb 16');
    expect(r.ms).toBeLessThan(20_000);
  });

  it('applies --max-input-mb to the main file and its includes together', async () => {
    const f = path.join(root, 'topologies/beta-prime-city.yaml');
    const small = await cli('validate', '--max-input-mb', '0.001', f);
    expect(small.code).toBe(2);
    expect(small.err).toMatch(/TOPO009: ".*beta-prime-city.yaml" is \d+(\.\d)? KB, over the input limit of 1 KB/);
    expect((await cli('validate', '--max-input-mb', 'lots', f)).err).toContain('CLI001: --max-input-mb "lots" is not a positive number');
    expect((await cli('validate', '--max-input-mb', '64', f)).code).toBe(0);
  });

  it('generate refuses a topology over the limit, before generating when the options alone say so', async () => {
    const huge = await cli('generate', '--staff', '23000', '--firewalls', '1000', '--rules-per-firewall', '100000');
    expect(huge.code).toBe(2);
    expect(huge.out).toBe('');
    expect(huge.err).toContain(`would be at least 7629 MB with at least 1000000000 values, over the input limit of ${defaultMaxInputMb()} MB`);
    expect(huge.ms).toBeLessThan(60_000); // generating 100M rules would not end at all

    const out = path.join(dir, 'generated.yaml');
    // 1.4 MB fits a 1.5 MB limit, its 179,000 values do not: found by counting what would be written.
    const exact = await cli('generate', '--staff', '700', '--firewalls', '4', '--rules-per-firewall', '3000', '--max-input-mb', '1.5', '-o', out);
    expect(exact.code).toBe(2);
    expect(exact.err).toMatch(/the topology would be 1\.4 MB with about 1\d{5} values, over the input limit of 1\.5 MB \(and 150000 values\) .*\n.*--max-input-mb 2 \(here and on every command that loads it\)/);
    const written = await cli('generate', '--staff', '700', '--firewalls', '4', '--rules-per-firewall', '3000', '--max-input-mb', '2', '-o', out);
    expect(written.code).toBe(0);
    expect((await cli('validate', '--max-input-mb', '2', out)).code).toBe(0);
    expect((await cli('validate', '--max-input-mb', '1.5', out)).err).toContain('error TOPO009');
  });
});

describe('did-you-mean and long values', () => {
  it('a 5 MB bad value costs little and is shortened in the message', async () => {
    const value = 'x'.repeat(5_000_000);
    const f = file('long.yaml', `${SMALL}  dmz: { zone: ${value}, prefix: 10.40.0.0/24 }\n`);
    const heapBefore = process.memoryUsage().heapUsed;
    const r = await cli('validate', f);
    const heapDelta = process.memoryUsage().heapUsed - heapBefore;
    expect(r.code).toBe(2);
    expect(r.err).toContain(`unknown zone "${'x'.repeat(120)}…" (5000000 characters)`);
    expect(r.err.length).toBeLessThan(2_000);
    const json = await cli('validate', '--json', f);
    expect(json.err.length).toBeLessThan(2_000);
    // Before: 27 s and 1 GB for the edit-distance matrix; loose bounds for a loaded machine.
    expect(r.ms).toBeLessThan(20_000);
    expect(heapDelta).toBeLessThan(500 * MB);
  });

  it('suggests what the full edit distance suggested, on random names', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'A', '-'), maxLength: 12 }), fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'B', '-'), maxLength: 14 }), { maxLength: 8 }), (name, known) => {
        expect(didYouMean(name, known)).toBe(referenceDidYouMean(name, known));
      }),
      { numRuns: 3000, seed: 4 },
    );
  });

  it('computes the distance only up to the bound', () => {
    expect(boundedEditDistance('kitten', 'sitting', 3)).toBe(3);
    expect(boundedEditDistance('kitten', 'sitting', 2)).toBe(3); // over the bound: bound + 1
    expect(boundedEditDistance('ab', 'ba', 1)).toBe(1); // a transposition
    expect(didYouMean('y'.repeat(200), ['y'.repeat(199)])).toBeUndefined(); // too long to suggest for
    const started = performance.now();
    const candidates = Array.from({ length: 100_000 }, (_, i) => `name-${i.toString(36).padStart(40, 'q')}`);
    didYouMean(`name-${'r'.repeat(40)}`, candidates);
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('shortens quoted values and long runs, keeping their length', () => {
    expect(boundText(`unknown zone "${'z'.repeat(200)}"`)).toBe(`unknown zone "${'z'.repeat(120)}…" (200 characters)`);
    expect(boundText(`bad ${'w'.repeat(300)} here`)).toBe(`bad ${'w'.repeat(120)}… (300 characters) here`);
    const spaced = 'word '.repeat(1000);
    expect(boundText(spaced).length).toBeLessThan(2_100);
    expect(boundText('short "value"')).toBe('short "value"');
  });
});

describe('workers and samples', () => {
  const city = path.join(root, 'test/replay/fixtures/small-city.yaml');

  it('caps --workers at the cores unless forced, and the report names the count used', async () => {
    const flows = file('flows.csv', 'src,dst,proto,sport,dport\n10.30.0.10,10.10.0.10,tcp,40000,443\n');
    const r = await cli('replay', city, flows, '--workers', '9999', '--allow-bad-rows');
    expect(r.err).toContain(`--workers 9999 capped at ${availableParallelism()}`);
    expect(r.out).toMatch(/on 1 worker\b/); // one chunk of flows: one thread
    const forced = await cli('replay', city, flows, '--workers', '300', '--force-workers');
    expect(forced.code).toBe(2);
    expect(forced.err).toContain('--workers 300 is over 256');
  });

  it('refuses --sample over its bound', async () => {
    const r = await cli('emulate', city, '--plan-only', '--sample', '100001');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--sample 100001 is over 100000');
    const ok = await cli('emulate', city, '--plan-only', '--sample', '10');
    expect(ok.code).toBe(0);
  });
});

/** The suggestion as computed before the bounds: full optimal-string-alignment distance to every candidate. */
function referenceDidYouMean(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const a = name.toLowerCase();
    const b = candidate.toLowerCase();
    const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    const at = (i: number, j: number) => (d[i] as number[])[j] as number;
    for (let i = 1; i <= a.length; i++) {
      for (let j = 1; j <= b.length; j++) {
        let v = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, at(i - 2, j - 2) + 1);
        (d[i] as number[])[j] = v;
      }
    }
    if (at(a.length, b.length) < bestDistance) {
      best = candidate;
      bestDistance = at(a.length, b.length);
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(name.length / 3)) ? best : undefined;
}
