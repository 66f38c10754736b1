import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { prefixesOverlap, prefixContains, type Prefix } from '../../src/net/ipv4.js';
import { allocatePrefixes, blockPrefix, segmentSize, type AddressBlock } from '../../src/topology/generate/address-plan.js';
import { Rng, splitCount } from '../../src/topology/generate.js';

describe('Rng', () => {
  it('repeats a sequence for a seed and stays in range', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 100 }), (seed, lo, span) => {
        const a = new Rng(seed);
        const b = new Rng(seed);
        for (let i = 0; i < 20; i++) {
          const x = a.int(lo, lo + span);
          expect(x).toBe(b.int(lo, lo + span));
          expect(x).toBeGreaterThanOrEqual(lo);
          expect(x).toBeLessThanOrEqual(lo + span);
        }
      }),
    );
  });

  it('forks independent, reproducible streams', () => {
    const a = new Rng(1).fork('x');
    const b = new Rng(1).fork('y');
    const seqA = Array.from({ length: 8 }, () => a.next());
    expect(Array.from({ length: 8 }, () => b.next())).not.toEqual(seqA);
    const again = new Rng(1).fork('x');
    expect(Array.from({ length: 8 }, () => again.next())).toEqual(seqA);
  });
});

describe('splitCount', () => {
  it('sums to the total and gives every part one when it can', () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat(5000), fc.nat(40), (seed, total, parts) => {
        const out = splitCount(new Rng(seed), total, parts);
        expect(out).toHaveLength(parts);
        if (parts > 0) expect(out.reduce((a, b) => a + b, 0)).toBe(total);
        for (const n of out) expect(n).toBeGreaterThanOrEqual(total >= parts ? 1 : 0);
      }),
    );
  });
});

describe('allocatePrefixes', () => {
  const blocks: AddressBlock[] = ['MN', 'MN_GC', 'LG', 'INET', 'LINK'];
  it('never overlaps, fits every demand and stays in its block (pairwise check)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ block: fc.constantFrom(...blocks), used: fc.nat(3000), minSize: fc.constantFrom(8, 16, 256) }), { maxLength: 60 }),
        (raw) => {
          const demands = raw.map((d, i) => ({ ...d, name: `s${i}` }));
          const out = allocatePrefixes(demands);
          const list = demands.map((d) => [d, out.get(d.name) as Prefix] as const);
          for (const [d, p] of list) {
            expect(2 ** (32 - p.length)).toBe(segmentSize(d.used, d.minSize));
            expect(2 ** (32 - p.length)).toBeGreaterThanOrEqual(d.used + 2);
            expect(prefixContains(blockPrefix(d.block), p.network)).toBe(true);
            expect(p.network % 2 ** (32 - p.length)).toBe(0);
          }
          for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) expect(prefixesOverlap((list[i] as (typeof list)[number])[1], (list[j] as (typeof list)[number])[1])).toBe(false);
        },
      ),
    );
  });
});
