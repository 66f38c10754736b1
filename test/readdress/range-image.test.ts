/**
 * The range view of a step (range-image.ts) against the address function itself (mapping.ts), address by
 * address, on random nested mappings in a small universe; and the aggregation counts against brute force.
 * Seeds printed; SEGPROOF_READDRESS_SEED replays.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prefixFirst, prefixLast, type Prefix } from '../../src/net/ipv4.js';
import { exactCoverSize, summaryCoverSize } from '../../src/readdress/aggregation.js';
import { stepMapping } from '../../src/readdress/mapping.js';
import type { PlanStep, PrefixMapping } from '../../src/readdress/plan.js';
import { pieces, rangeImage } from '../../src/readdress/range-image.js';

const SEED = Number(process.env.SEGPROOF_READDRESS_SEED ?? Date.now() % 2 ** 31);
const BASE = 0x0a000000; // 10.0.0.0: the universe is 10.0.0.0/24
const here = { file: 'random', line: 1, column: 1 };

/** A prefix inside 10.0.0.0/24. */
const prefixIn = fc.integer({ min: 24, max: 32 }).chain((length) => fc.integer({ min: 0, max: 255 }).map((n): Prefix => ({ network: (BASE + n - (n % 2 ** (32 - length))) >>> 0, length })));

const mapping = fc.tuple(prefixIn, fc.integer({ min: 0, max: 255 })).map(([from, k]): PrefixMapping => {
  const size = 2 ** (32 - from.length);
  return { from, to: { network: BASE + 0x10000 + ((k * size) % 256), length: from.length }, location: here };
});

const step = (mappings: PrefixMapping[]): PlanStep => ({ name: 's', mappings, hosts: [], redesignations: [], relocations: [], location: here });

describe(`range images agree with the address function (seed ${SEED}; SEGPROOF_READDRESS_SEED to replay)`, () => {
  it('pieces partition the range and carry each address\'s offset; moved and unchanged are exactly the uniform cases', () => {
    console.log(`[readdress range-image property] seed ${SEED}`);
    fc.assert(
      fc.property(fc.array(mapping, { maxLength: 4 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), (maps, x, y) => {
        const [a, b] = [BASE + Math.min(x, y), BASE + Math.max(x, y)];
        const s = step(maps);
        const f = stepMapping(s);
        const runs = pieces(maps, a, b);
        expect(runs[0]?.first).toBe(a);
        expect(runs[runs.length - 1]?.last).toBe(b);
        runs.forEach((r, i) => {
          if (i > 0) expect(r.first).toBe((runs[i - 1]?.last as number) + 1);
          for (let ip = r.first; ip <= r.last; ip++) expect(f(ip) - ip).toBe(r.offset);
        });
        const offsets = new Set<number>();
        for (let ip = a; ip <= b; ip++) offsets.add(f(ip) - ip);
        const image = rangeImage(s, a, b);
        if (offsets.size === 1) {
          const d = [...offsets][0] as number;
          expect(image).toMatchObject(d === 0 ? { kind: 'unchanged' } : { kind: 'moved', first: a + d, last: b + d });
        } else if (image.kind === 'moved') {
          for (let ip = a; ip <= b; ip++) expect(f(ip) >= image.first && f(ip) <= image.last).toBe(true);
          expect(image.last - image.first).toBe(b - a);
        } else if (image.kind === 'aggregate') {
          for (const m of image.inner) expect(prefixFirst(m.from) >= a && prefixLast(m.from) <= b).toBe(true);
          for (let ip = a; ip <= b; ip++) if (f(ip) !== ip) expect(image.inner.some((m) => ip >= prefixFirst(m.from) && ip <= prefixLast(m.from))).toBe(true);
        } else {
          expect(image.kind).toBe('split');
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

/** The fewest prefixes inside 10.0.0.0/29 covering `wanted` and no `forbidden` address (none outside `wanted` if exact), by trying every set of them. */
function bruteForceCover(wanted: number, forbidden: number, exact: boolean): number | undefined {
  const masks: number[] = [];
  for (let len = 29; len <= 32; len++) {
    const size = 2 ** (32 - len);
    for (let n = 0; n < 8; n += size) masks.push(((1 << size) - 1) << n);
  }
  const usable = masks.filter((m) => (m & forbidden) === 0 && (!exact || (m & ~wanted) === 0));
  let best: number | undefined;
  for (let pick = 0; pick < 1 << usable.length; pick++) {
    let covered = 0;
    let count = 0;
    usable.forEach((m, i) => {
      if (pick & (1 << i)) {
        covered |= m;
        count++;
      }
    });
    if ((covered & wanted) === wanted && (best === undefined || count < best)) best = count;
  }
  return best;
}

describe(`aggregation counts agree with brute force (seed ${SEED})`, () => {
  it('exact and summary covers of random address sets in a /29', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom<'w' | 'f' | '-'>('w', 'f', '-'), { minLength: 8, maxLength: 8 }), (marks) => {
        const bits = (c: string) => marks.reduce((acc, m, i) => (m === c ? acc | (1 << i) : acc), 0);
        const ranges = (c: string) => marks.flatMap((m, i) => (m === c ? [[BASE + i, BASE + i] as [number, number]] : []));
        expect(exactCoverSize(ranges('w'))).toBe(bruteForceCover(bits('w'), 0, true));
        expect(summaryCoverSize(ranges('w'), ranges('f'))).toBe(bruteForceCover(bits('w'), bits('f'), false));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
