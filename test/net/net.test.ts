import fc from 'fast-check';
import { Address4 } from 'ip-address';
import { describe, expect, it } from 'vitest';
import {
  addressSetComplement, addressSetContains, addressSetFromRanges, addressSetIntersect, addressSetMinus, addressSetUnion, formatAddressSet,
} from '../../src/net/address-set.js';
import { formatIpv4, parseIpv4, parsePrefix, prefixLast, rangeToPrefixes } from '../../src/net/ipv4.js';
import { formatService, parseService } from '../../src/net/ports.js';

describe('IPv4 parsing', () => {
  it('parses dotted quads strictly', () => {
    expect(parseIpv4('10.1.2.3')).toBe(0x0a010203);
    expect(parseIpv4('255.255.255.255')).toBe(0xffffffff);
    for (const bad of ['10.1.2', '10.1.2.256', '010.1.2.3', '10.1.2.3.4', ' 10.1.2.3', '1e1.1.1.1', '']) expect(parseIpv4(bad)).toBeUndefined();
  });

  it('agrees with its earlier twin, which also asked ip-address, on random text', () => {
    const twin = (text: string): number | undefined => {
      const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
      if (!m || !Address4.isValid(text)) return undefined;
      const octets = m.slice(1).map((o) => (o.length > 1 && o.startsWith('0') ? Number.NaN : Number(o)));
      return octets.every((o) => o <= 255) ? octets.reduce((v, o) => v * 256 + o, 0) >>> 0 : undefined;
    };
    const octet = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.stringMatching(/^[0-9]{1,4}$/), fc.constantFrom('', ' 1', '1 ', '+1', '-1', '0x1', '١', '1e1', '00'));
    const text = fc.oneof(
      fc.array(octet, { minLength: 3, maxLength: 5 }).map((os) => os.join('.')),
      fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.constantFrom('', '/24', '\n', ' ', '.')).map(([ip, tail]) => formatIpv4(ip) + tail),
      fc.string({ maxLength: 16 }),
    );
    fc.assert(fc.property(text, (t) => parseIpv4(t) === twin(t)), { numRuns: 5000 });
  });

  it('round-trips every address through format and parse', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), (ip) => parseIpv4(formatIpv4(ip)) === ip));
  });

  it('rejects non-canonical prefixes with the canonical form', () => {
    expect(parsePrefix('10.1.2.3/16')).toEqual({ ok: false, reason: 'non-canonical', canonical: { network: 0x0a010000, length: 16 } });
    expect(parsePrefix('10.1.0.0/16')).toEqual({ ok: true, prefix: { network: 0x0a010000, length: 16 } });
    expect(parsePrefix('10.1.0.0/33')).toEqual({ ok: false, reason: 'malformed' });
    expect(parsePrefix('0.0.0.0/0')).toEqual({ ok: true, prefix: { network: 0, length: 0 } });
  });

  it('splits ranges into minimal covering prefixes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 70000 }), (first, span) => {
        const last = Math.min(0xffffffff, first + span);
        const prefixes = rangeToPrefixes(first, last);
        let cursor = first;
        for (const p of prefixes) {
          if (p.network !== cursor) return false;
          cursor = prefixLast(p) + 1;
        }
        return cursor === last + 1 && prefixes.length <= 64;
      }),
    );
  });
});

describe('address sets', () => {
  const rangeArb = fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 50 })).map(([a, n]) => [a, a + n] as const);
  const setArb = fc.array(rangeArb, { maxLength: 6 });
  const naiveContains = (ranges: readonly (readonly [number, number])[], ip: number) => ranges.some(([a, b]) => ip >= a && ip <= b);

  it('agree with a naive membership test for union and intersection', () => {
    fc.assert(
      fc.property(setArb, setArb, fc.integer({ min: 0, max: 1100 }), (a, b, ip) => {
        const sa = addressSetFromRanges(a);
        const sb = addressSetFromRanges(b);
        return (
          addressSetContains(sa, ip) === naiveContains(a, ip) &&
          addressSetContains(addressSetUnion(sa, sb), ip) === (naiveContains(a, ip) || naiveContains(b, ip)) &&
          addressSetContains(addressSetIntersect(sa, sb), ip) === (naiveContains(a, ip) && naiveContains(b, ip)) &&
          addressSetContains(addressSetMinus(sa, sb), ip) === (naiveContains(a, ip) && !naiveContains(b, ip)) &&
          addressSetContains(addressSetComplement(sa), ip) === !naiveContains(a, ip)
        );
      }),
    );
  });

  it('complement reaches both ends of the address space', () => {
    expect(addressSetComplement(addressSetFromRanges([])).ranges).toEqual([[0, 0xffffffff]]);
    expect(addressSetComplement(addressSetFromRanges([[0, 9], [0xfffffff0, 0xffffffff]])).ranges).toEqual([[10, 0xffffffef]]);
    expect(addressSetMinus(addressSetFromRanges([[0, 0xffffffff]]), addressSetFromRanges([[5, 5]])).ranges).toEqual([[0, 4], [6, 0xffffffff]]);
  });

  it('formats as prefixes or ranges', () => {
    expect(formatAddressSet(addressSetFromRanges([[0x0a000000, 0x0a0000ff], [0x0a000105, 0x0a000109]]))).toBe('10.0.0.0/24, 10.0.1.5-10.0.1.9');
  });
});

describe('services', () => {
  it('parses and formats the supported forms', () => {
    for (const text of ['tcp/443', 'udp/1000-2000', 'tcp/1024-65535:443', 'icmp/8', 'icmp/3/4', 'gre', 'any', 'tcp/any']) {
      const parsed = parseService(text);
      expect(parsed.ok, text).toBe(true);
      if (parsed.ok) expect(formatService(parsed.service)).toBe(text === 'tcp/any' ? 'tcp/any' : text);
    }
  });

  it('rejects ports out of range and reversed ranges', () => {
    expect(parseService('tcp/65536')).toMatchObject({ ok: false, reason: 'port 65536 is out of range 0-65535' });
    expect(parseService('udp/20-10')).toMatchObject({ ok: false, reason: 'range 20-10 is reversed' });
    expect(parseService('foo/1')).toMatchObject({ ok: false });
  });
});
