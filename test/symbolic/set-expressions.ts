/**
 * Random header-set expressions over boxes whose bounds come from a small set per field, and the grid
 * that decides them: each bound and its successor, so every interval of every result has grid points at
 * both ends and membership on the grid decides the operations exactly. Shared by the HeaderSet and IDD
 * property tests.
 */
import fc from 'fast-check';
import type { PacketHeader } from '../../src/net/header.js';
import { FIELDS, HeaderSet, type Field, type HeaderBox, type Range } from '../../src/symbolic/header-set.js';

export const MAX32 = 0xffffffff;
const LIMIT: Record<Field, number> = { dst: MAX32, src: MAX32, protocol: 255, dstPort: 65535, srcPort: 65535, icmpType: 255, icmpCode: 255 };

export type Expr = { op: 'box'; box: HeaderBox } | { op: 'union' | 'intersect' | 'minus'; a: Expr; b: Expr } | { op: 'complement'; a: Expr };

/** The grid values per field for these bounds, and every header on the grid. */
export function gridOf(bounds: Record<Field, readonly number[]>): { grid: Record<Field, number[]>; headers: PacketHeader[] } {
  const grid = Object.fromEntries(FIELDS.map((f) => [f, [...new Set(bounds[f].flatMap((b) => (b < LIMIT[f] ? [b, b + 1] : [b])))]])) as Record<Field, number[]>;
  const headers: PacketHeader[] = [];
  for (const dst of grid.dst)
    for (const src of grid.src)
      for (const protocol of grid.protocol)
        for (const dstPort of grid.dstPort)
          for (const srcPort of grid.srcPort)
            for (const icmpType of grid.icmpType) for (const icmpCode of grid.icmpCode) headers.push({ dst, src, protocol, dstPort, srcPort, icmpType, icmpCode });
  return { grid, headers };
}

/** Expressions of union, intersection, difference and complement over boxes with these bounds. */
export function expressionsOver(bounds: Record<Field, readonly number[]>): fc.Arbitrary<Expr> {
  const rangeArb = (values: readonly number[]) => fc.tuple(fc.constantFrom(...values), fc.constantFrom(...values)).map(([x, y]): Range => [Math.min(x, y), Math.max(x, y)]);
  const boxArb: fc.Arbitrary<HeaderBox> = fc.record(
    Object.fromEntries(FIELDS.map((f) => [f, fc.array(rangeArb(bounds[f]), { minLength: 1, maxLength: 2 })])) as Record<Field, fc.Arbitrary<Range[]>>,
    { requiredKeys: [] },
  );
  return fc.letrec<{ expr: Expr }>((tie) => ({
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      boxArb.map((box): Expr => ({ op: 'box', box })),
      fc.record({ op: fc.constantFrom('union' as const, 'intersect' as const, 'minus' as const), a: tie('expr'), b: tie('expr') }),
      fc.record({ op: fc.constant('complement' as const), a: tie('expr') }),
    ),
  })).expr;
}

/** The expression's set, by HeaderSet's operations. */
export function evalSet(e: Expr): HeaderSet {
  switch (e.op) {
    case 'box': return HeaderSet.box(e.box);
    case 'union': return evalSet(e.a).union(evalSet(e.b));
    case 'intersect': return evalSet(e.a).intersect(evalSet(e.b));
    case 'minus': return evalSet(e.a).minus(evalSet(e.b));
    case 'complement': return evalSet(e.a).complement();
  }
}
