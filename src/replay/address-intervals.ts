/**
 * A map from every IPv4 address to a small integer (or -1), stored as elementary intervals with a
 * jump table on the top 16 address bits: a lookup reads the jump table, then binary-searches the
 * (usually one or two) interval starts inside that /16. Used per flow by the replay fast path, where
 * a plain binary search over hundreds of owners was a fifth of the time.
 */

/** Entries whose ranges may overlap: a later entry wins where they overlap earlier ones. */
export type PaintedRange = readonly [lo: number, hi: number, value: number];

export class AddressIntervals {
  /** Interval starts, ascending; starts[0] = 0, so every address falls in one interval. */
  private readonly starts: Uint32Array;
  private readonly values: Int32Array;
  /** jump[k]: index of the interval holding address k << 16; jump[65536] = last index. */
  private readonly jump: Int32Array;

  constructor(painted: readonly PaintedRange[]) {
    const cuts = new Set<number>([0]);
    for (const [lo, hi] of painted) {
      cuts.add(lo);
      if (hi < 0xffffffff) cuts.add(hi + 1);
    }
    const starts = [...cuts].sort((a, b) => a - b);
    const values = new Int32Array(starts.length).fill(-1);
    for (const [lo, hi, v] of painted) {
      for (let k = lowerBound(starts, lo); k < starts.length && starts[k]! <= hi; k++) values[k] = v;
    }
    // Merge neighbours with the same value.
    const keptStarts: number[] = [];
    const keptValues: number[] = [];
    starts.forEach((s, k) => {
      if (keptValues.length > 0 && keptValues[keptValues.length - 1] === values[k]) return;
      keptStarts.push(s);
      keptValues.push(values[k]!);
    });
    this.starts = Uint32Array.from(keptStarts);
    this.values = Int32Array.from(keptValues);
    this.jump = new Int32Array(65537);
    let k = 0;
    for (let block = 0; block < 65536; block++) {
      const base = block * 65536;
      while (k + 1 < keptStarts.length && keptStarts[k + 1]! <= base) k++;
      this.jump[block] = k;
    }
    this.jump[65536] = keptStarts.length - 1;
  }

  /** The value painted over `addr`, or -1. */
  lookup(addr: number): number {
    const block = addr >>> 16;
    let lo = this.jump[block]!;
    let hi = this.jump[block + 1]!;
    // Last start <= addr within [lo, hi].
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.starts[mid]! <= addr) lo = mid;
      else hi = mid - 1;
    }
    return this.values[lo]!;
  }
}

/** Index of the first element of the sorted `a` that is ≥ `x` (a.length when none). */
export function lowerBound(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
