/** An address set as topology address references: prefixes where a range is one or two prefixes, else `first-last`. */
import type { AddressSet } from '../net/address-set.js';
import { formatIpv4, formatPrefix, rangeToPrefixes } from '../net/ipv4.js';

export function addressRefs(set: AddressSet): string[] {
  return set.ranges.flatMap(([lo, hi]) => {
    const prefixes = rangeToPrefixes(lo, hi);
    return prefixes.length <= 2 ? prefixes.map((p) => (p.length === 32 ? formatIpv4(p.network) : formatPrefix(p))) : [`${formatIpv4(lo)}-${formatIpv4(hi)}`];
  });
}
