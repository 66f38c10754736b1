/**
 * The shared Cisco ACL-line parser (src/import/formats/cisco-acl-line.ts), which the NX-OS, IOS-XR,
 * EOS and Brocade importers reuse: wildcards (contiguous and not), masks, port operators, ICMP names,
 * unmodelled keywords, and malformed input as a reason with its token, never an exception.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIpv4 } from '../../src/net/ipv4.js';
import { formatCiscoService, intersectServices, parseAclEntry, wildcardCover, wildcardRanges } from '../../src/import/formats/cisco-acl-line.js';

const ip = (a: string) => parseIpv4(a) as number;
const parse = (line: string, style: 'wildcard' | 'mask' = 'wildcard', standard = false) => parseAclEntry(line.split(/\s+/), { style }, standard);

describe('Cisco ACL-line parser', () => {
  it('wildcards: a contiguous one is one range, a non-contiguous one expands exactly', () => {
    expect(wildcardRanges(ip('10.1.0.0'), ip('0.0.255.255'))).toEqual([[ip('10.1.0.0'), ip('10.1.255.255')]]);
    expect(wildcardRanges(ip('10.0.0.1'), ip('0.0.2.0'))).toEqual([[ip('10.0.0.1'), ip('10.0.0.1')], [ip('10.0.2.1'), ip('10.0.2.1')]]);
    expect(wildcardRanges(0, ip('255.255.255.254'))).toBeUndefined(); // 2^31 ranges: over the limit
    expect(wildcardCover(ip('10.1.0.0'), ip('0.255.0.255'))).toBe('10.0.0.0/8');
  });

  it('wildcard expansion matches the bitwise definition (property, seeded)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff }), (a, w, probe) => {
        const wildcard = (w & 0x000f0f0f) >>> 0; // at most 12 don't-care bits, spread out
        const ranges = wildcardRanges(a, wildcard, 4096) as [number, number][];
        const inRanges = ranges.some(([lo, hi]) => probe >= lo && probe <= hi);
        const matches = ((probe & ~wildcard) >>> 0) === ((a & ~wildcard) >>> 0);
        return inRanges === matches;
      }),
      { seed: 20261201, numRuns: 300 },
    );
  });

  it('extended entries: ports before and after, neq, named ports, ICMP by name and number', () => {
    const e = parse('permit tcp host 10.0.0.1 range 1024 2048 10.1.0.0 0.0.0.255 neq telnet log');
    expect(e.ok && e.entry.src.refs).toEqual(['10.0.0.1/32']);
    expect(e.ok && e.entry.dst.refs).toEqual(['10.1.0.0/24']);
    expect(e.ok && e.entry.services.map(formatCiscoService)).toEqual(['tcp/1024-2048:0-22', 'tcp/1024-2048:24-65535']);
    const i = parse('deny icmp any any time-exceeded');
    expect(i.ok && i.entry.services.map(formatCiscoService)).toEqual(['icmp/11']);
    const n = parse('permit icmp any any 3 13');
    expect(n.ok && n.entry.services.map(formatCiscoService)).toEqual(['icmp/3/13']);
  });

  it('ASA style: subnet masks, and a non-contiguous mask is an error', () => {
    const e = parse('permit udp 10.0.0.0 255.255.255.0 any eq snmp', 'mask');
    expect(e.ok && [e.entry.src.refs, e.entry.services.map(formatCiscoService)]).toEqual([['10.0.0.0/24'], ['udp/161']]);
    expect(parse('permit ip 10.0.0.0 255.0.255.0 any', 'mask')).toMatchObject({ ok: false, reason: '255.0.255.0 is not a contiguous subnet mask' });
  });

  it('unmodelled keywords widen the entry and are listed', () => {
    const e = parse('permit tcp any any eq 22 established dscp ef time-range WORK');
    expect(e.ok && e.entry.widened).toEqual(['established (TCP ACK/RST only)', 'dscp', 'time-range']);
    expect(parse('permit udp any any established')).toMatchObject({ ok: false, reason: '"established" applies to tcp only' });
  });

  it('standard entries match the source only', () => {
    const e = parse('deny 192.0.2.0 0.0.0.255 log', 'wildcard', true);
    expect(e.ok && [e.entry.action, e.entry.src.refs, e.entry.dst.refs]).toEqual(['deny', ['192.0.2.0/24'], ['any']]);
  });

  it('malformed input gives a reason and the token it stopped at', () => {
    expect(parse('permit tcp any any eq nosuch')).toEqual({ ok: false, reason: 'unknown port "nosuch"', token: 5 });
    expect(parse('allow ip any any')).toEqual({ ok: false, reason: 'expected permit or deny, found "allow"', token: 0 });
    expect(parse('permit ip 10.0.0.300 0.0.0.255 any')).toMatchObject({ ok: false, token: 2 });
    expect(parse('permit ip any object-group NOPE')).toMatchObject({ ok: false, reason: 'unknown network object-group "NOPE"' });
  });

  it('service intersection (ZBF match-all)', () => {
    const tcp80 = { protocol: 6, src: [0, 65535], dst: [80, 80] } as const;
    expect(intersectServices({ protocol: undefined, src: [0, 65535], dst: [0, 65535] }, tcp80)).toEqual(tcp80);
    expect(intersectServices(tcp80, { protocol: 17, src: [0, 65535], dst: [0, 65535] })).toBeUndefined();
    expect(intersectServices(tcp80, { protocol: 6, src: [0, 65535], dst: [443, 443] })).toBeUndefined();
  });
});
