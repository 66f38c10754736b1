/**
 * ClassBench seed files and the rule sets generated from them: a small seed of our own (test/fixtures/
 * classbench/small_seed), its diagnostics, the statistics the generated rules must respect, and the compiled
 * classifier against the linear reference on a generated set.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseClassbenchRules } from '../../src/acl/classbench.js';
import { generateClassbenchRules, generateTrace } from '../../src/acl/classbench-generate.js';
import { parseClassbenchSeed, PORT_PAIR_CLASSES } from '../../src/acl/classbench-seed.js';
import { compileRules } from '../../src/acl/compiled.js';
import { firstMatchLinear } from '../../src/acl/linear.js';
import { Rng } from '../../src/topology/generate/prng.js';

const SEED_FILE = fileURLToPath(new URL('../fixtures/classbench/small_seed', import.meta.url));
const seedText = readFileSync(SEED_FILE, 'utf8');
const seed = (() => {
  const { seed: s, diagnostics } = parseClassbenchSeed(seedText, SEED_FILE);
  if (!s) throw new Error(diagnostics.map((d) => d.message).join('; '));
  return s;
})();

describe('ClassBench seed files', () => {
  it('reads protocols, port lists, prefix lengths per port-pair class, tries and correlation', () => {
    expect(seed.scale).toBe(40);
    expect(seed.protocols.map((p) => p.protocol)).toEqual([0, 6, 17]);
    expect(seed.dstExact.map((p) => p.value)).toEqual([[443, 443], [53, 53], [22, 22]]);
    expect(seed.dstRanges.map((p) => p.value)).toEqual([[8000, 8080], [1024, 2047]]);
    const wcEm = PORT_PAIR_CLASSES.findIndex(([s, d]) => s === 'wc' && d === 'em');
    expect(seed.prefixLengths[wcEm]?.map((l) => l.total)).toEqual([64, 40]);
    expect(seed.srcTrie).toHaveLength(3);
    expect(seed.correlation).toEqual([0.5, 0.2]);
  });

  it('locates malformed lines with RULE020', () => {
    const broken = seedText.replace('8000:8080', '8000:70000').replace('48,0.50000000\t24,1.00000000', '48,0.5\t40,1.0');
    const { seed: s, diagnostics } = parseClassbenchSeed(broken, 'broken_seed');
    expect(s).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, d.location?.line])).toEqual([
      ['RULE020', 17],
      ['RULE020', 27],
    ]);
    expect(diagnostics[0]?.expected).toContain('<lo>');
  });

  it('reports a file that is not a seed', () => {
    const { seed: s, diagnostics } = parseClassbenchSeed('hello\n', 'x');
    expect(s).toBeUndefined();
    expect(diagnostics[0]?.code).toBe('RULE020');
  });
});

describe('generated rule sets', () => {
  const lines = generateClassbenchRules(seed, 3000, new Rng(7));
  const { rules, diagnostics } = parseClassbenchRules(lines.join('\n'), 'generated');

  it('are as many distinct rules as asked, in the ClassBench rule format, and the same for the same seed', () => {
    expect(lines).toHaveLength(3000);
    expect(new Set(lines).size).toBe(3000);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(generateClassbenchRules(seed, 3000, new Rng(7))).toEqual(lines);
  });

  it('keep to the seed: protocols, port classes and prefix-length totals of each class', () => {
    const totals = new Set(seed.prefixLengths.flat().map((l) => l.total));
    for (const line of lines) {
      const m = /^@[\d.]+\/(\d+)\t[\d.]+\/(\d+)\t(\d+) : (\d+)\t(\d+) : (\d+)\t0x([0-9a-f]{2})\/0x(00|FF)/.exec(line);
      expect(m, line).not.toBeNull();
      const [, sl, dl, spLo, spHi, dpLo, dpHi, proto] = m as unknown as string[];
      expect(totals.has(Number(sl) + Number(dl)), line).toBe(true);
      expect([0, 6, 17]).toContain(parseInt(proto as string, 16));
      expect([spLo, spHi]).toEqual(['0', '65535']); // every class of the small seed has a wildcard source port
      const dst = `${dpLo}:${dpHi}`;
      expect(['0:65535', '443:443', '53:53', '22:22', '8000:8080', '1024:2047']).toContain(dst);
    }
  });

  it('compiled classification agrees with the linear reference on a trace over them', () => {
    const compiled = compileRules(rules);
    const trace = generateTrace(rules, 5000, new Rng(8));
    let inside = 0;
    for (const h of trace) {
      const header = { ...h, icmpType: 0, icmpCode: 0 };
      const expected = firstMatchLinear(rules, header);
      if (expected >= 0) inside++;
      expect(compiled.firstMatchFields(h.src, h.dst, h.protocol, h.srcPort, h.dstPort, 0, 0)).toBe(expected);
    }
    expect(inside).toBeGreaterThan(4000); // most headers are drawn inside a rule
  });
});
