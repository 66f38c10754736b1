/**
 * The IDD's fast paths against their slow twins:
 * (a) `overlapsNodes` (no intersection built) against `apply(AND, a, b) !== FALSE` and against explicit
 *     membership on a grid of headers;
 * (b) the typed-array operation memo: every result computed with a warm memo is the node a computation with
 *     every memo emptied builds (hash-consing makes equal sets the same node, so a wrong hit would show).
 * Seed printed; SEGPROOF_IDD_SEED replays, SEGPROOF_IDD_RUNS sets the runs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PacketHeader } from '../../src/net/header.js';
import { FIELDS, HeaderSet, type Field, type HeaderBox, type Range } from '../../src/symbolic/header-set.js';
import { AND, apply, clearCaches, FALSE, overlapsNodes } from '../../src/symbolic/idd.js';

const envSeed = process.env.SEGPROOF_IDD_SEED;
const SEED = envSeed !== undefined && /^-?\d+$/.test(envSeed) ? Number(envSeed) : Math.floor(Math.random() * 2 ** 31);
const RUNS = Number(process.env.SEGPROOF_IDD_RUNS ?? 300);

const MAX32 = 0xffffffff;
/** Box bounds per field; each bound and its successor are grid points, so the grid decides every operation. */
const BOUNDS: Record<Field, readonly number[]> = {
  dst: [0, 2, 9, MAX32],
  src: [0, 5, MAX32],
  protocol: [0, 6, 255],
  dstPort: [0, 443, 65535],
  srcPort: [0, 65535],
  icmpType: [0, 8],
  icmpCode: [0],
};
const LIMIT: Record<Field, number> = { dst: MAX32, src: MAX32, protocol: 255, dstPort: 65535, srcPort: 65535, icmpType: 255, icmpCode: 255 };
const GRID = Object.fromEntries(FIELDS.map((f) => [f, [...new Set(BOUNDS[f].flatMap((b) => (b < LIMIT[f] ? [b, b + 1] : [b])))]])) as Record<Field, number[]>;
const gridHeaders: PacketHeader[] = [];
for (const dst of GRID.dst)
  for (const src of GRID.src)
    for (const protocol of GRID.protocol)
      for (const dstPort of GRID.dstPort)
        for (const srcPort of GRID.srcPort)
          for (const icmpType of GRID.icmpType) for (const icmpCode of GRID.icmpCode) gridHeaders.push({ dst, src, protocol, dstPort, srcPort, icmpType, icmpCode });

type Expr = { op: 'box'; box: HeaderBox } | { op: 'union' | 'intersect' | 'minus'; a: Expr; b: Expr } | { op: 'complement'; a: Expr };

const rangeArb = (values: readonly number[]) => fc.tuple(fc.constantFrom(...values), fc.constantFrom(...values)).map(([x, y]): Range => [Math.min(x, y), Math.max(x, y)]);
const boxArb: fc.Arbitrary<HeaderBox> = fc.record(
  Object.fromEntries(FIELDS.map((f) => [f, fc.array(rangeArb(BOUNDS[f]), { minLength: 1, maxLength: 2 })])) as Record<Field, fc.Arbitrary<Range[]>>,
  { requiredKeys: [] },
);
const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    boxArb.map((box): Expr => ({ op: 'box', box })),
    fc.record({ op: fc.constantFrom('union' as const, 'intersect' as const, 'minus' as const), a: tie('expr'), b: tie('expr') }),
    fc.record({ op: fc.constant('complement' as const), a: tie('expr') }),
  ),
})).expr;

function evalSet(e: Expr): HeaderSet {
  switch (e.op) {
    case 'box': return HeaderSet.box(e.box);
    case 'union': return evalSet(e.a).union(evalSet(e.b));
    case 'intersect': return evalSet(e.a).intersect(evalSet(e.b));
    case 'minus': return evalSet(e.a).minus(evalSet(e.b));
    case 'complement': return evalSet(e.a).complement();
  }
}

describe(`IDD fast paths (seed ${SEED}, SEGPROOF_IDD_SEED to replay)`, () => {
  console.log(`[idd memo property] seed ${SEED} (SEGPROOF_IDD_SEED=${SEED}), ${RUNS} runs`);

  it('overlapsNodes answers as the built intersection and as membership do', () => {
    fc.assert(
      fc.property(exprArb, exprArb, fc.boolean(), (ea, eb, cold) => {
        const a = evalSet(ea);
        const b = evalSet(eb);
        if (cold) clearCaches();
        const fast = overlapsNodes(a.root, b.root);
        const slow = apply(AND, a.root, b.root) !== FALSE;
        expect(fast).toBe(slow);
        expect(overlapsNodes(b.root, a.root)).toBe(slow);
        expect(a.overlaps(b)).toBe(gridHeaders.some((h) => a.contains(h) && b.contains(h)));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('the operation memo returns the node a computation without it builds', () => {
    fc.assert(
      fc.property(fc.array(exprArb, { minLength: 1, maxLength: 6 }), (exprs) => {
        const warm = exprs.map((e) => evalSet(e).root);
        // Twice with the memo filled (hits), then again from empty memos (nothing to hit).
        expect(exprs.map((e) => evalSet(e).root)).toEqual(warm);
        clearCaches();
        expect(exprs.map((e) => evalSet(e).root)).toEqual(warm);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('the memo keeps its answers as it grows past its first table sizes', () => {
    clearCaches();
    const sets = Array.from({ length: 120 }, (_, i) => HeaderSet.box({ dst: [[i * 7, i * 7 + 3]], src: [[i, i + 50]], dstPort: [[i % 5, 400 + i]] }));
    const first = sets.map((a, i) => sets.map((b, j) => (i === j ? a : a.union(b).minus(b.intersect(a))).root));
    // 120 × 120 × 3 operations: well past the first table sizes, so entries have been re-placed on growth.
    const again = sets.map((a, i) => sets.map((b, j) => (i === j ? a : a.union(b).minus(b.intersect(a))).root));
    expect(again).toEqual(first);
    clearCaches();
    expect(sets.map((a, i) => sets.map((b, j) => (i === j ? a : a.union(b).minus(b.intersect(a))).root))).toEqual(first);
  });
});
