/**
 * Literal addresses as topology files write them (`10.1.2.3`, `10.1.0.0/16`, `10.1.2.3-10.1.2.9`), read as
 * ranges and written back in the same form, so a rewritten literal looks like the one it replaces.
 */
import { formatIpv4, formatPrefix, parseIpv4, parsePrefix, prefixFirst, prefixLast, type Ipv4 } from '../net/ipv4.js';

export interface Literal {
  readonly form: 'address' | 'prefix' | 'range';
  readonly first: Ipv4;
  readonly last: Ipv4;
}

export function parseLiteral(text: string): Literal | undefined {
  const t = text.trim();
  const dash = t.indexOf('-');
  if (dash > 0) {
    const first = parseIpv4(t.slice(0, dash));
    const last = parseIpv4(t.slice(dash + 1));
    return first !== undefined && last !== undefined && first <= last ? { form: 'range', first, last } : undefined;
  }
  if (!t.includes('/')) {
    const ip = parseIpv4(t);
    return ip === undefined ? undefined : { form: 'address', first: ip, last: ip };
  }
  const p = parsePrefix(t);
  return p.ok ? { form: 'prefix', first: prefixFirst(p.prefix), last: prefixLast(p.prefix) } : undefined;
}

/** `first`-`last` in the form of `like`: a prefix stays a prefix when the range is one, else becomes a range. */
export function formatLiteral(like: Literal['form'], first: Ipv4, last: Ipv4): string {
  if (like === 'address' && first === last) return formatIpv4(first);
  const size = last - first + 1;
  if (like === 'prefix' && Number.isInteger(Math.log2(size)) && first % size === 0) return formatPrefix({ network: first, length: 32 - Math.log2(size) });
  return first === last ? formatIpv4(first) : `${formatIpv4(first)}-${formatIpv4(last)}`;
}
