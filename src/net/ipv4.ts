/**
 * IPv4 addresses as unsigned 32-bit numbers and prefixes as (network, length).
 * Engines work on plain numbers. Dotted quads are read here, strictly, without `ip-address`: importing
 * it cost every command's start-up more than all the addresses of a topology take to read, and it
 * refused nothing this does not (test/net/net.test.ts holds the two to the same answers).
 */

export type Ipv4 = number;

export interface Prefix {
  readonly network: Ipv4;
  readonly length: number;
}

export const ANY_PREFIX: Prefix = Object.freeze({ network: 0, length: 0 });

const DOTTED_QUAD = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Parses a dotted quad strictly (no leading zeros, each octet 0..255); undefined when malformed. */
export function parseIpv4(text: string): Ipv4 | undefined {
  const m = DOTTED_QUAD.exec(text);
  if (!m) return undefined;
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const octetText = m[i] as string;
    if (octetText.length > 1 && octetText.startsWith('0')) return undefined;
    const octet = Number(octetText);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value >>> 0;
}

export function formatIpv4(ip: Ipv4): string {
  return `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
}

/** Netmask of a prefix length as an unsigned number (length 0 gives 0). */
export function maskOf(length: number): number {
  return length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
}

export function prefixFirst(p: Prefix): Ipv4 {
  return p.network;
}

export function prefixLast(p: Prefix): Ipv4 {
  return (p.network | (~maskOf(p.length) >>> 0)) >>> 0;
}

export function prefixSize(p: Prefix): number {
  return 2 ** (32 - p.length);
}

export function prefixContains(p: Prefix, ip: Ipv4): boolean {
  return ((ip & maskOf(p.length)) >>> 0) === p.network;
}

export function prefixesOverlap(a: Prefix, b: Prefix): boolean {
  const len = Math.min(a.length, b.length);
  const m = maskOf(len);
  return ((a.network & m) >>> 0) === ((b.network & m) >>> 0);
}

/** `a` lies entirely inside `b`. */
export function prefixWithin(a: Prefix, b: Prefix): boolean {
  return a.length >= b.length && prefixContains(b, a.network);
}

export function formatPrefix(p: Prefix): string {
  return `${formatIpv4(p.network)}/${p.length}`;
}

export type PrefixParse =
  | { ok: true; prefix: Prefix }
  | { ok: false; reason: 'malformed' }
  | { ok: false; reason: 'non-canonical'; canonical: Prefix };

/**
 * Parses `a.b.c.d/len` or a bare address (a /32). Host bits set outside the mask are
 * rejected with the canonical form, so the caller can suggest it.
 */
export function parsePrefix(text: string): PrefixParse {
  const slash = text.indexOf('/');
  const addrText = slash < 0 ? text : text.slice(0, slash);
  const lenText = slash < 0 ? '32' : text.slice(slash + 1);
  const ip = parseIpv4(addrText);
  if (ip === undefined || !/^(\d|[12]\d|3[0-2])$/.test(lenText)) return { ok: false, reason: 'malformed' };
  const length = Number(lenText);
  const network = (ip & maskOf(length)) >>> 0;
  if (network !== ip) return { ok: false, reason: 'non-canonical', canonical: { network, length } };
  return { ok: true, prefix: { network, length } };
}

/** Splits an inclusive address range into the minimal list of covering prefixes. */
export function rangeToPrefixes(first: Ipv4, last: Ipv4): Prefix[] {
  const out: Prefix[] = [];
  let cur = first;
  while (cur <= last) {
    let length = 32;
    while (length > 0) {
      const candidate = length - 1;
      const size = 2 ** (32 - candidate);
      if (cur % size !== 0 || cur + size - 1 > last) break;
      length = candidate;
    }
    out.push({ network: cur, length });
    cur += 2 ** (32 - length);
  }
  return out;
}
