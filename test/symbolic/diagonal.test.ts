/** The segment sender's diagonal (src = dst inside its segment), built in one pass, against one box per address united. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HeaderSet } from '../../src/symbolic/header-set.js';
import { diagonalSet } from '../../src/symbolic/reachability.js';

const MAX32 = 0xffffffff;

function unitedBoxes(first: number, last: number): HeaderSet {
  return HeaderSet.unionAll(Array.from({ length: last - first + 1 }, (_, k) => HeaderSet.box({ src: [[first + k, first + k]], dst: [[first + k, first + k]] })));
}

describe('diagonalSet', () => {
  it('is the union of one box per address, at the ends of the address space too', () => {
    const first = fc.oneof(fc.constant(0), fc.constant(MAX32), fc.integer({ min: 0, max: MAX32 }));
    fc.assert(
      fc.property(first, fc.integer({ min: 0, max: 300 }), (lo, width) => {
        const hi = Math.min(MAX32, lo + width);
        expect(diagonalSet(lo, hi).equals(unitedBoxes(lo, hi))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
