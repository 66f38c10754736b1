import { describe, expect, it } from 'vitest';
import { buildForwarding, implicitGateway } from '../../src/engine/routing.js';
import { formatPrefix, parseIpv4 } from '../../src/net/ipv4.js';
import { fixture, only, path_, trace } from './helpers.js';

const ip = (text: string) => parseIpv4(text) as number;

describe('forwarding tables', () => {
  it('longest prefix wins over a shorter ECMP pair', async () => {
    const fwd = buildForwarding(await fixture('routing-lab'));
    const branches = fwd.lookup('r1', 'default', ip('10.3.0.200'));
    expect(branches).toHaveLength(1);
    const b = branches[0]!;
    expect(b.type === 'forward' && formatPrefix(b.routes[0]!.prefix)).toBe('10.3.0.128/25');
    expect(b.type === 'forward' && b.neighbour.node.name).toBe('r2');
  });

  it('returns every route of the winning prefix length as an ECMP branch', async () => {
    const fwd = buildForwarding(await fixture('routing-lab'));
    const branches = fwd.lookup('r1', 'default', ip('10.3.0.10'));
    expect(branches.map((b) => (b.type === 'forward' ? b.neighbour.node.name : b.type))).toEqual(['r2', 'r3']);
  });

  it('reports a null route, an unresolved next hop and no route', async () => {
    const fwd = buildForwarding(await fixture('routing-lab'));
    expect(fwd.lookup('r1', 'default', ip('10.66.1.1')).map((b) => b.type)).toEqual(['drop']);
    const unresolved = fwd.lookup('r1', 'default', ip('10.77.0.1'))[0]!;
    expect(unresolved.type).toBe('unresolved');
    expect(unresolved.type === 'unresolved' && unresolved.reason).toContain('10.9.1.5');
    expect(fwd.lookup('r3', 'nonexistent', ip('10.3.0.10'))).toEqual([]);
    expect(fwd.lookup('server', 'default', ip('10.3.0.77'))[0]?.type).toBe('unresolved');
  });

  it('follows a leak into another VRF and resolves there', async () => {
    const fwd = buildForwarding(await fixture('routing-lab'));
    const [b] = fwd.lookup('vr', 'red', ip('10.5.0.10'));
    expect(b?.type).toBe('forward');
    if (b?.type !== 'forward') return;
    expect(b.routes.map((r) => r.origin)).toEqual(['leak', 'connected']);
    expect(b.vrf).toBe('blue');
    expect(b.neighbour.node.name).toBe('blue-host');
    // Leaks are one-way: blue has no route back into red.
    expect(fwd.lookup('vr', 'blue', ip('10.4.0.10'))).toEqual([]);
  });

  it('resolves pool members on consecutive addresses, and nothing past the pool', async () => {
    const fwd = buildForwarding(await fixture('routing-lab'));
    expect(fwd.ownerOf('a_lan', ip('10.1.0.20'))).toMatchObject({ member: 0 });
    expect(fwd.ownerOf('a_lan', ip('10.1.0.23'))).toMatchObject({ member: 3 });
    expect(fwd.ownerOf('a_lan', ip('10.1.0.23'))?.node.name).toBe('pool');
    expect(fwd.ownerOf('a_lan', ip('10.1.0.24'))).toBeUndefined();
  });

  it('finds the gateway an unnamed host on a segment would use', async () => {
    const fwd = buildForwarding(await fixture('routing-lab'));
    expect(implicitGateway(fwd, 'a_lan')).toBe(ip('10.1.0.1'));
    expect(implicitGateway(fwd, 'core1')).toBe(ip('10.9.1.1'));
  });
});

describe('traces through routing', () => {
  it('traces each ECMP branch separately', async () => {
    const traces = trace(await fixture('routing-lab'), 'client', 'server');
    expect(traces.map(path_)).toEqual([
      ['client', 'r1', 'r2', 'server'],
      ['client', 'r1', 'r3', 'server'],
    ]);
    expect(traces.map((t) => t.branch)).toEqual([[{ node: 'r1', index: 1, of: 2 }], [{ node: 'r1', index: 2, of: 2 }]]);
    expect(traces.every((t) => t.disposition === 'delivered')).toBe(true);
  });

  it('names the looping hops', async () => {
    const t = only(trace(await fixture('routing-lab'), 'client', '10.50.1.1'));
    expect(t.disposition).toBe('loop');
    expect(t.loop?.nodes).toEqual(['r1', 'r2', 'r1']);
    expect(t.loop?.firstHop).toBe(1);
  });

  it('ends at a null route and at an unresolved next hop', async () => {
    const topo = await fixture('routing-lab');
    const dropped = only(trace(topo, 'client', '10.66.0.1'));
    expect([dropped.disposition, dropped.at]).toEqual(['null-routed', 'r1']);
    expect(dropped.hops[1]!.routes[0]!.location?.line).toBeGreaterThan(0);
    const lost = only(trace(topo, 'client', '10.77.0.1'));
    expect([lost.disposition, lost.at]).toEqual(['no-route', 'r1']);
  });

  it('delivers through a leak; the reply has no route back', async () => {
    const t = only(trace(await fixture('routing-lab'), 'red-host', 'blue-host', { protocol: 1 }, { bidirectional: true }));
    expect(t.disposition).toBe('delivered');
    const reply = only(t.reply ?? []);
    expect(reply.flow.header.icmpType).toBe(0);
    expect([reply.disposition, reply.at]).toEqual(['no-route', 'vr']);
  });

  it('delivers to a pool member and names it', async () => {
    const t = only(trace(await fixture('routing-lab'), 'server', '10.1.0.22'));
    expect(t.disposition).toBe('delivered');
    expect(t.reason).toContain('member 3 of 4');
  });

  it('starts from an unnamed host on a segment and delivers its reply back to it', async () => {
    const t = only(trace(await fixture('routing-lab'), 'a_lan', 'server-hi', {}, { bidirectional: true }));
    expect(t.flow.header.src).toBe(ip('10.1.0.2'));
    expect(path_(t)).toEqual(['(host on a_lan)', 'r1', 'r2', 'server-hi']);
    const reply = only(t.reply ?? []);
    expect(reply.disposition).toBe('delivered');
    expect(reply.reason).toContain('unnamed host 10.1.0.2');
  });
});
