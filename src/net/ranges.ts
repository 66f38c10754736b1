/** Integer ranges [lo, hi] (inclusive) as sorted, disjoint, non-adjacent lists: address, port and protocol sets share this form. */
export function mergeRanges(input: Iterable<readonly [number, number]>): [number, number][] {
  const sorted = [...input].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) {
      if (hi > last[1]) last[1] = hi;
    } else out.push([lo, hi]);
  }
  return out;
}
