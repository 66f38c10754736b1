/**
 * Header summaries (verify's violating headers, diff's reach changes) name only the fields a box's
 * protocols carry: no `icmp-type 0 icmp-code 0` on TCP, no `sport 0 dport 0` on ICMP or GRE.
 */
import { describe, expect, it } from 'vitest';
import { PROTO } from '../../src/net/ports.js';
import { HeaderSet, WELL_FORMED } from '../../src/symbolic/header-set.js';

const DST = [[0x0a000002, 0x0a000002]] as const;

describe('header summaries', () => {
  it('TCP: ports, no ICMP fields', () => {
    const tcp = HeaderSet.box({ dst: DST, protocol: [[PROTO.tcp, PROTO.tcp]], dstPort: [[443, 443]] }).intersect(WELL_FORMED);
    expect(tcp.describe()).toBe('src any dst 10.0.0.2/32 proto tcp dport 443');
  });

  it('ICMP: type and code, no ports', () => {
    const icmp = HeaderSet.box({ dst: DST, protocol: [[PROTO.icmp, PROTO.icmp]], icmpType: [[8, 8]] }).intersect(WELL_FORMED);
    expect(icmp.describe()).toBe('src any dst 10.0.0.2/32 proto icmp icmp-type 8');
  });

  it('every well-formed header to one address reads `proto any`', () => {
    expect(HeaderSet.box({ dst: DST }).intersect(WELL_FORMED).describe()).toBe('src any dst 10.0.0.2/32 proto any');
  });

  it('other protocols: neither ports nor ICMP fields', () => {
    const gre = HeaderSet.box({ dst: DST, protocol: [[PROTO.gre, PROTO.gre]] }).intersect(WELL_FORMED);
    expect(gre.describe()).toBe('src any dst 10.0.0.2/32 proto gre');
  });

  it('a field a protocol cannot carry is still shown when it is not 0 (a malformed header hides nothing)', () => {
    const odd = HeaderSet.box({ dst: DST, protocol: [[PROTO.tcp, PROTO.tcp]], srcPort: [[1, 1]], dstPort: [[443, 443]], icmpType: [[5, 5]], icmpCode: [[0, 0]] });
    expect(odd.describe()).toBe('src any dst 10.0.0.2/32 proto tcp sport 1 dport 443 icmp-type 5 icmp-code 0');
  });
});
