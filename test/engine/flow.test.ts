import { describe, expect, it } from 'vitest';
import { flowsFor, makeHeader, parseLocation, resolveDestination } from '../../src/engine/flow.js';
import { formatIpv4, parseIpv4 } from '../../src/net/ipv4.js';
import { fixture } from './helpers.js';

describe('start locations', () => {
  it('parses every form', () => {
    expect(parseLocation('client')).toEqual({ ok: true, value: { type: 'name', name: 'client', source: undefined } });
    expect(parseLocation('r1.c2')).toEqual({ ok: true, value: { type: 'interface', node: 'r1', interface: 'c2', source: undefined } });
    expect(parseLocation('zone:INET')).toEqual({ ok: true, value: { type: 'zone', zone: 'INET' } });
    expect(parseLocation('a_lan@10.1.0.99')).toEqual({ ok: true, value: { type: 'name', name: 'a_lan', source: parseIpv4('10.1.0.99') } });
  });

  it('rejects malformed text with the expected form', () => {
    for (const bad of ['', 'a.b.c', 'zone:', 'x@10.0.0.256', '1abc']) {
      const r = parseLocation(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.diagnostic.hint).toContain('node.interface');
    }
  });

  it('names the known nodes when a start or destination is unknown', async () => {
    const topo = await fixture('routing-lab');
    const r = flowsFor(topo, { from: 'clinet', to: 'server', protocol: 6, dstPort: 443 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.diagnostic.code).toBe('FLOW004');
      expect(r.diagnostic.hint).toContain('did you mean "client"');
      expect(r.diagnostic.hint).toContain('"server"');
    }
    const d = resolveDestination(topo, 'nowhere');
    expect(d.ok).toBe(false);
    const i = flowsFor(topo, { from: 'r1.eth9', to: 'server', protocol: 6, dstPort: 443 });
    expect(!i.ok && i.diagnostic.hint).toContain('"c1"');
  });

  it('defaults sources: a node its address towards the destination, a segment its first free address', async () => {
    const topo = await fixture('routing-lab');
    const src = (from: string, to = 'server') => {
      const r = flowsFor(topo, { from, to, protocol: 6, dstPort: 443 });
      if (!r.ok) throw new Error(r.diagnostic.message);
      return r.value.map((f) => formatIpv4(f.header.src));
    };
    expect(src('pool')).toEqual(['10.1.0.20']);
    expect(src('r1', 'client')).toEqual(['10.1.0.1']);
    expect(src('r1', '10.9.2.2')).toEqual(['10.9.2.1']);
    expect(src('r1.c2', 'client')).toEqual(['10.9.2.1']);
    expect(src('far')).toEqual(['10.3.0.1']);
    expect(src('far@10.3.0.77')).toEqual(['10.3.0.77']);
  });

  it('expands zone: into one flow per host and external of the zone', async () => {
    const topo = await fixture('gateway-lab');
    const r = flowsFor(topo, { from: 'zone:RES', to: 'term', protocol: 1 });
    expect(r.ok && r.value.map((f) => (f.start.type === 'node' ? f.start.node : f.start.segment))).toEqual(['app', 'secret-app']);
  });

  it('addresses a gateway on the side its clients use', async () => {
    const topo = await fixture('gateway-lab');
    expect(resolveDestination(topo, 'st')).toEqual({ ok: true, value: parseIpv4('10.30.0.20') });
    expect(resolveDestination(topo, 'st.lg')).toEqual({ ok: true, value: parseIpv4('10.20.0.20') });
  });

  it('defaults ports and ICMP fields per protocol', () => {
    expect(makeHeader(1, 2, { protocol: 6, dstPort: 443 })).toMatchObject({ srcPort: 49152, dstPort: 443, icmpType: 0 });
    expect(makeHeader(1, 2, { protocol: 1 })).toMatchObject({ srcPort: 0, dstPort: 0, icmpType: 8, icmpCode: 0 });
    expect(makeHeader(1, 2, { protocol: 47, dstPort: 9 })).toMatchObject({ srcPort: 0, dstPort: 0 });
  });
});
