/**
 * `HeaderSet.replies` (fields exchanged on the diagram, src/symbolic/swap.ts) against two slow twins: the
 * box-by-box swap, and membership by definition on a grid (a reply header is in the result exactly when the
 * header it answers, with some ICMP type and code, is in the set). Address and port bounds are the same for
 * both ends so the grid is closed under the exchange.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PacketHeader } from '../../src/net/header.js';
import { FIELDS, HeaderSet, type Field, type HeaderBox, type Range } from '../../src/symbolic/header-set.js';

const SEED = Number(process.env.SEGPROOF_SWAP_SEED ?? Date.now() % 2 ** 31);
const MAX32 = 0xffffffff;
const LIMIT: Record<Field, number> = { dst: MAX32, src: MAX32, protocol: 255, dstPort: 65535, srcPort: 65535, icmpType: 255, icmpCode: 255 };
const ADDRESS_BOUNDS = [0, 5, 9, 1000, MAX32];
const PORT_BOUNDS = [0, 80, 443, 65535];
const BOUNDS: Record<Field, readonly number[]> = { dst: ADDRESS_BOUNDS, src: ADDRESS_BOUNDS, protocol: [0, 1, 6], dstPort: PORT_BOUNDS, srcPort: PORT_BOUNDS, icmpType: [0, 8], icmpCode: [0] };
const GRID = Object.fromEntries(FIELDS.map((f) => [f, [...new Set(BOUNDS[f].flatMap((b) => (b < LIMIT[f] ? [b, b + 1] : [b])))]])) as Record<Field, number[]>;

const rangeArb = (values: readonly number[]) => fc.tuple(fc.constantFrom(...values), fc.constantFrom(...values)).map(([x, y]): Range => [Math.min(x, y), Math.max(x, y)]);
const boxArb: fc.Arbitrary<HeaderBox> = fc.record(
  Object.fromEntries(FIELDS.map((f) => [f, fc.array(rangeArb(BOUNDS[f]), { minLength: 1, maxLength: 2 })])) as Record<Field, fc.Arbitrary<Range[]>>,
  { requiredKeys: [] },
);
/** Unions of boxes, minus a few: fragmented sets whose kids cut the second field differently. */
const setArb = fc.tuple(fc.array(boxArb, { minLength: 1, maxLength: 6 }), fc.array(boxArb, { maxLength: 3 })).map(([plus, minus]) =>
  HeaderSet.unionAll(plus.map((b) => HeaderSet.box(b))).minus(HeaderSet.unionAll(minus.map((b) => HeaderSet.box(b)))),
);

/** The box-by-box twin (what the flow graph used before, without its size limit). */
function repliesByBoxes(set: HeaderSet): HeaderSet {
  const { boxes, truncated } = set.boxes(1_000_000);
  if (truncated) throw new Error('too many boxes for the twin');
  return HeaderSet.unionAll(boxes.map((b) => HeaderSet.box({ src: b.dst, dst: b.src, protocol: b.protocol, srcPort: b.dstPort, dstPort: b.srcPort })));
}

const params = { numRuns: 300, seed: SEED };

describe(`HeaderSet.replies (seed ${SEED}; SEGPROOF_SWAP_SEED to replay)`, () => {
  it('equals the box-by-box exchange', () => {
    console.log(`[swap property] seed ${SEED} (SEGPROOF_SWAP_SEED=${SEED})`);
    fc.assert(fc.property(setArb, (s) => s.replies().equals(repliesByBoxes(s))), params);
  });

  it('holds exactly the replies of its members (grid membership)', () => {
    fc.assert(
      fc.property(setArb, (s) => {
        const r = s.replies();
        for (const dst of GRID.dst)
          for (const src of GRID.src)
            for (const protocol of GRID.protocol)
              for (const dstPort of GRID.dstPort)
                for (const srcPort of GRID.srcPort) {
                  const reply: PacketHeader = { dst, src, protocol, dstPort, srcPort, icmpType: 3, icmpCode: 7 };
                  const answered = GRID.icmpType.some((icmpType) => GRID.icmpCode.some((icmpCode) => s.contains({ dst: src, src: dst, protocol, dstPort: srcPort, srcPort: dstPort, icmpType, icmpCode })));
                  if (r.contains(reply) !== answered) return false;
                }
        return true;
      }),
      { ...params, numRuns: 60 },
    );
  });

  it('is an involution on sets that do not constrain ICMP type and code', () => {
    fc.assert(fc.property(setArb, (s) => {
      const anyIcmp = s.forget('icmpType').forget('icmpCode');
      return anyIcmp.replies().replies().equals(anyIcmp);
    }), params);
  });

  it('keeps the empty and the full set', () => {
    expect(HeaderSet.EMPTY.replies().isEmpty()).toBe(true);
    expect(HeaderSet.ALL.replies().equals(HeaderSet.ALL)).toBe(true);
  });
});
