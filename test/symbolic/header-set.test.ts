/**
 * HeaderSet against its slow twin: explicit membership on a grid of header values. Box bounds are drawn
 * from the grid, so every interval of every result has grid points at both ends and grid membership
 * decides the operations exactly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PacketHeader } from '../../src/net/header.js';
import { FIELDS, HeaderSet, WELL_FORMED, type Field, type HeaderBox, type Range } from '../../src/symbolic/header-set.js';
import { evalSet, expressionsOver, gridOf, MAX32, type Expr } from './set-expressions.js';

/** Box bounds per field; 0 is always one, so every gap between bounds starts right after one. */
const BOUNDS: Record<Field, readonly number[]> = {
  dst: [0, 2, MAX32],
  src: [0, MAX32],
  protocol: [0, 1, 6],
  dstPort: [0, 443, 65535],
  srcPort: [0, 65535],
  icmpType: [0, 8],
  icmpCode: [0],
};
const { grid: GRID, headers: gridHeaders } = gridOf(BOUNDS);
const exprArb = expressionsOver(BOUNDS);

function inBox(box: HeaderBox, h: PacketHeader): boolean {
  return FIELDS.every((f) => box[f] === undefined || (box[f] as Range[]).some(([lo, hi]) => h[f] >= lo && h[f] <= hi));
}

/** The slow twin: membership by the definition of each operation. */
function member(e: Expr, h: PacketHeader): boolean {
  switch (e.op) {
    case 'box': return inBox(e.box, h);
    case 'union': return member(e.a, h) || member(e.b, h);
    case 'intersect': return member(e.a, h) && member(e.b, h);
    case 'minus': return member(e.a, h) && !member(e.b, h);
    case 'complement': return !member(e.a, h);
  }
}

const params = { numRuns: 300 };

describe('HeaderSet (interval decision diagram)', () => {
  it('agrees with explicit membership for union, intersection, difference and complement', () => {
    fc.assert(
      fc.property(exprArb, (e) => {
        const s = evalSet(e);
        for (const h of gridHeaders) if (s.contains(h) !== member(e, h)) return false;
        return s.isEmpty() === !gridHeaders.some((h) => member(e, h));
      }),
      params,
    );
  });

  it('is canonical: equal sets are the same diagram', () => {
    fc.assert(
      fc.property(exprArb, exprArb, (ea, eb) => {
        const a = evalSet(ea);
        const b = evalSet(eb);
        expect(a.union(b).equals(b.union(a))).toBe(true);
        expect(a.minus(b).union(a.intersect(b)).equals(a)).toBe(true);
        expect(a.complement().complement().equals(a)).toBe(true);
        expect(a.isSubsetOf(a.union(b))).toBe(true);
        const sameOnGrid = gridHeaders.every((h) => a.contains(h) === b.contains(h));
        expect(a.equals(b)).toBe(sameOnGrid);
      }),
      params,
    );
  });

  it('picks a member of a non-empty set, and respects preferences that lie in it', () => {
    fc.assert(
      fc.property(exprArb, fc.constantFrom(...BOUNDS.dst), (e, preferredDst) => {
        const s = evalSet(e);
        const h = s.pick({ dst: [[preferredDst, preferredDst]] });
        if (s.isEmpty()) return h === undefined;
        if (h === undefined || !s.contains(h)) return false;
        const canHavePreferred = gridHeaders.some((g) => g.dst === preferredDst && s.contains(g));
        return !canHavePreferred || h.dst === preferredDst;
      }),
      params,
    );
  });

  it('assign rewrites a field of every member', () => {
    fc.assert(
      fc.property(exprArb, fc.constantFrom(...FIELDS), (e, field) => {
        const value = GRID[field][1] as number; // a grid value that is not a bound
        const s = evalSet(e);
        const t = s.assign(field, value);
        for (const h of gridHeaders) {
          const expected = h[field] === value && GRID[field].some((v) => s.contains({ ...h, [field]: v }));
          if (t.contains(h) !== expected) return false;
        }
        return true;
      }),
      params,
    );
  });

  it('summarises as boxes that cover exactly the set', () => {
    fc.assert(
      fc.property(exprArb, (e) => {
        const s = evalSet(e);
        const { boxes, truncated } = s.boxes(10_000);
        if (truncated) return true;
        const rebuilt = HeaderSet.unionAll(boxes.map((b) => HeaderSet.box(b)));
        return rebuilt.equals(s);
      }),
      params,
    );
  });

  it('counts members: a /24 of TCP port 443 from anywhere', () => {
    const s = HeaderSet.box({ dst: [[0x0a000000, 0x0a0000ff]], protocol: [[6, 6]], dstPort: [[443, 443]] });
    expect(s.size()).toBe(256 * 2 ** 32 * 65536 * 256 * 256);
    expect(s.intersect(WELL_FORMED).size()).toBe(256 * 2 ** 32 * 65536);
  });

  it('prefers common ports and readable addresses for witnesses', () => {
    const s = HeaderSet.box({ dst: [[0x0a000000, 0x0a0000ff]], protocol: [[6, 6]], dstPort: [[1, 1000]] }).intersect(WELL_FORMED);
    const h = s.pick();
    expect(h).toMatchObject({ dst: 0x0a000001, protocol: 6, dstPort: 443, srcPort: 49152, icmpType: 0, icmpCode: 0 });
    expect(s.describe()).toContain('dst 10.0.0.0/24');
    expect(s.describe()).toContain('dport 1-1000');
  });
});
