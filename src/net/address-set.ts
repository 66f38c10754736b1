/** Sets of IPv4 addresses as sorted, disjoint, non-adjacent inclusive ranges. */
import { formatIpv4, prefixFirst, prefixLast, rangeToPrefixes, formatPrefix, type Ipv4, type Prefix } from './ipv4.js';
import { mergeRanges } from './ranges.js';

/** A set of addresses as a sorted list of disjoint inclusive ranges. */
export interface AddressSet {
  readonly ranges: readonly (readonly [Ipv4, Ipv4])[];
}

export const EMPTY_SET: AddressSet = Object.freeze({ ranges: Object.freeze([]) });
export const ALL_ADDRESSES: AddressSet = Object.freeze({ ranges: Object.freeze([Object.freeze([0, 0xffffffff] as const)]) });

/** Builds a normalised set from arbitrary (possibly overlapping) ranges. */
export function addressSetFromRanges(input: Iterable<readonly [Ipv4, Ipv4]>): AddressSet {
  const out = mergeRanges(input);
  return Object.freeze({ ranges: Object.freeze(out.map((r) => Object.freeze(r) as readonly [Ipv4, Ipv4])) });
}

export function addressSetFromPrefixes(prefixes: Iterable<Prefix>): AddressSet {
  return addressSetFromRanges([...prefixes].map((p) => [prefixFirst(p), prefixLast(p)] as const));
}

export function addressSetContains(set: AddressSet, ip: Ipv4): boolean {
  const r = set.ranges;
  let lo = 0;
  let hi = r.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const range = r[mid] as readonly [Ipv4, Ipv4];
    if (ip < range[0]) hi = mid - 1;
    else if (ip > range[1]) lo = mid + 1;
    else return true;
  }
  return false;
}

export function addressSetUnion(...sets: AddressSet[]): AddressSet {
  return addressSetFromRanges(sets.flatMap((s) => s.ranges));
}

export function addressSetIntersect(a: AddressSet, b: AddressSet): AddressSet {
  const out: [Ipv4, Ipv4][] = [];
  let i = 0;
  let j = 0;
  while (i < a.ranges.length && j < b.ranges.length) {
    const x = a.ranges[i] as readonly [Ipv4, Ipv4];
    const y = b.ranges[j] as readonly [Ipv4, Ipv4];
    const lo = Math.max(x[0], y[0]);
    const hi = Math.min(x[1], y[1]);
    if (lo <= hi) out.push([lo, hi]);
    if (x[1] < y[1]) i++;
    else j++;
  }
  return addressSetFromRanges(out);
}

/** Every address not in `s`. */
export function addressSetComplement(s: AddressSet): AddressSet {
  const out: [Ipv4, Ipv4][] = [];
  let next = 0;
  for (const [lo, hi] of s.ranges) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= 0xffffffff) out.push([next, 0xffffffff]);
  return addressSetFromRanges(out);
}

/** The addresses of `a` that are not in `b`. */
export function addressSetMinus(a: AddressSet, b: AddressSet): AddressSet {
  return a.ranges.length === 0 || b.ranges.length === 0 ? a : addressSetIntersect(a, addressSetComplement(b));
}

export function addressSetIsEmpty(s: AddressSet): boolean {
  return s.ranges.length === 0;
}

export function addressSetIsAll(s: AddressSet): boolean {
  const r = s.ranges[0];
  return s.ranges.length === 1 && r !== undefined && r[0] === 0 && r[1] === 0xffffffff;
}

export function addressSetSize(s: AddressSet): number {
  return s.ranges.reduce((n, [lo, hi]) => n + (hi - lo + 1), 0);
}

/** Human-readable: `any`, or prefixes / ranges joined by commas. */
export function formatAddressSet(s: AddressSet, max = 8): string {
  if (addressSetIsAll(s)) return 'any';
  if (s.ranges.length === 0) return '(none)';
  const parts = s.ranges.flatMap(([lo, hi]) => {
    const prefixes = rangeToPrefixes(lo, hi);
    return prefixes.length <= 2 ? prefixes.map(formatPrefix) : [`${formatIpv4(lo)}-${formatIpv4(hi)}`];
  });
  return parts.length > max ? `${parts.slice(0, max).join(', ')} … (+${parts.length - max})` : parts.join(', ');
}
