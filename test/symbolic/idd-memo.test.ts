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
import { HeaderSet, type Field } from '../../src/symbolic/header-set.js';
import { evalSet, expressionsOver, gridOf, MAX32 } from './set-expressions.js';
import { AND, apply, clearCaches, FALSE, overlapsNodes } from '../../src/symbolic/idd.js';

const envSeed = process.env.SEGPROOF_IDD_SEED;
const SEED = envSeed !== undefined && /^-?\d+$/.test(envSeed) ? Number(envSeed) : Math.floor(Math.random() * 2 ** 31);
const RUNS = Number(process.env.SEGPROOF_IDD_RUNS ?? 300);

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
const { headers: gridHeaders } = gridOf(BOUNDS);
const exprArb = expressionsOver(BOUNDS);

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
