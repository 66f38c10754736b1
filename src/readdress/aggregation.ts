/**
 * How well address space summarises: the fewest prefixes that name a zone exactly (what its ACL entries
 * need), and the fewest that cover it when unused space may be covered too but no other zone's space
 * (what summary routes need).
 */
import { rangeToPrefixes } from '../net/ipv4.js';
import { mergeRanges } from '../net/ranges.js';

type Range = readonly [number, number];

/** Exact cover: each maximal run of addresses splits into its aligned prefixes; runs apart cannot share one. */
export function exactCoverSize(ranges: readonly Range[]): number {
  return mergeRanges(ranges).reduce((n, [a, b]) => n + rangeToPrefixes(a, b).length, 0);
}

/**
 * Summary cover: the fewest prefixes holding every address of `wanted` and none of `forbidden` (other
 * addresses are free to cover). Top down on the prefix tree: a prefix with nothing wanted costs nothing, one
 * with nothing forbidden is one summary, any other needs both its halves covered. `undefined` when an
 * address is both wanted and forbidden.
 */
export function summaryCoverSize(wanted: readonly Range[], forbidden: readonly Range[]): number | undefined {
  const w = mergeRanges(wanted);
  const f = mergeRanges(forbidden);
  const meets = (list: readonly Range[], lo: number, hi: number) => list.some(([a, b]) => a <= hi && lo <= b);
  let clash = false;
  const cover = (lo: number, size: number): number => {
    const hi = lo + size - 1;
    if (!meets(w, lo, hi)) return 0;
    if (!meets(f, lo, hi)) return 1;
    if (size === 1) {
      clash = true;
      return 1;
    }
    return cover(lo, size / 2) + cover(lo + size / 2, size / 2);
  };
  const n = cover(0, 2 ** 32);
  return clash ? undefined : n;
}
