/** AddressIntervals (jump table + search) against its naive twin: the last painted range holding the address. */
import { describe, it } from 'vitest';
import fc from 'fast-check';
import { AddressIntervals, type PaintedRange } from '../../src/replay/address-intervals.js';

function naiveLookup(painted: readonly PaintedRange[], addr: number): number {
  for (let k = painted.length - 1; k >= 0; k--) {
    const [lo, hi, v] = painted[k]!;
    if (addr >= lo && addr <= hi) return v;
  }
  return -1;
}

const address = fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.constantFrom(0, 1, 0xffff, 0x10000, 0x0a000000, 0x0a00ffff, 0xfffffffe, 0xffffffff));
const range: fc.Arbitrary<PaintedRange> = fc.tuple(address, fc.oneof(fc.nat(3), fc.nat(0x20000), fc.integer({ min: 0, max: 0xffffffff })), fc.nat(20)).map(([lo, span, v]) => [lo, Math.min(0xffffffff, lo + span), v] as const);

describe('AddressIntervals', () => {
  it('answers like a scan of the painted ranges, later ranges winning', () => {
    fc.assert(
      fc.property(fc.array(range, { maxLength: 30 }), fc.array(address, { maxLength: 40 }), (painted, probes) => {
        const map = new AddressIntervals(painted);
        // Probe every range edge and its neighbours as well as the drawn addresses.
        const edges = painted.flatMap(([lo, hi]) => [lo - 1, lo, hi, hi + 1]).filter((x) => x >= 0 && x <= 0xffffffff);
        for (const addr of [...probes, ...edges]) {
          const got = map.lookup(addr);
          const want = naiveLookup(painted, addr);
          if (got !== want) throw new Error(`address ${addr}: got ${got}, want ${want}`);
        }
      }),
      { numRuns: 300 },
    );
  });
});
