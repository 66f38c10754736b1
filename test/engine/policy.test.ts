import { describe, expect, it } from 'vitest';
import { parseIpv4 } from '../../src/net/ipv4.js';
import { fixture, fixtureVariant, only, path_, trace } from './helpers.js';

const ip = (text: string) => parseIpv4(text) as number;

describe('policy order on a filtering node', () => {
  it('an ingress ACL denies before the zone-pair ACL that would permit is consulted', async () => {
    const t = only(trace(await fixture('policy-lab'), 'client', 'server', { dstPort: 23 }));
    expect([t.disposition, t.at]).toEqual(['denied-in', 'fw']);
    expect(t.hops[1]!.acls.map((a) => [a.acl, a.action, a.rule])).toEqual([['IN_ACL', 'deny', 'no-telnet']]);
    expect(t.deciding).toMatchObject({ policy: 'IN_ACL', rule: 'no-telnet' });
    expect(t.deciding?.location?.line).toBeGreaterThan(0);
  });

  it('a zone-pair ACL default denies after the ingress ACL permits', async () => {
    const t = only(trace(await fixture('policy-lab'), 'client', 'server', { dstPort: 80 }));
    expect(t.disposition).toBe('denied-in');
    expect(t.hops[1]!.acls.map((a) => [a.acl, a.action, a.rule ?? 'default'])).toEqual([
      ['IN_ACL', 'permit', 'default'],
      ['IN_TO_OUT', 'deny', 'default'],
    ]);
  });

  it('an egress ACL denies last, as denied-out', async () => {
    const t = only(trace(await fixture('policy-lab'), 'quarantined', 'server'));
    expect([t.disposition, t.at]).toEqual(['denied-out', 'fw']);
    expect(t.hops[1]!.acls.map((a) => a.acl)).toEqual(['IN_ACL', 'IN_TO_OUT', 'OUT_EGRESS']);
    expect(t.deciding?.rule).toBe('block-quarantined');
  });

  it('a firewall with no applicable ACL denies; a router would permit', async () => {
    const t = only(trace(await fixture('policy-lab'), 'server', 'dmz-host'));
    expect([t.disposition, t.at]).toEqual(['denied-in', 'fw']);
    expect(t.reason).toContain('no ACL');
    const routed = await fixtureVariant('policy-lab', (s) => s.replace('kind: firewall', 'kind: router'));
    expect(only(trace(routed, 'server', 'dmz-host')).disposition).toBe('delivered');
  });

  it('traffic to the firewall itself meets only its ingress ACLs', async () => {
    const topo = await fixture('policy-lab');
    const permitted = only(trace(topo, 'client', '10.10.0.1', { protocol: 1 }));
    expect([permitted.disposition, permitted.at]).toEqual(['delivered', 'fw']);
    const noPolicy = only(trace(topo, 'dmz-host', '10.30.0.1', { protocol: 1 }));
    expect([noPolicy.disposition, noPolicy.at]).toEqual(['denied-in', 'fw']);
  });
});

describe('NAT', () => {
  it('translates the destination before routing and ACLs, and the source at egress', async () => {
    const t = only(trace(await fixture('policy-lab'), 'client', '10.10.0.100', { dstPort: 8443 }));
    expect(t.disposition).toBe('delivered');
    expect(path_(t)).toEqual(['client', 'fw', 'server']);
    const fw = t.hops[1]!;
    expect(fw.nat.map((n) => [n.rule, n.type])).toEqual([
      ['publish-server', 'destination'],
      ['hide-inside', 'source'],
    ]);
    // The zone-pair rule matched the translated destination and port.
    expect(fw.acls.find((a) => a.acl === 'IN_TO_OUT')?.rule).toBe('web-to-server');
    expect(t.hops[2]!.header).toMatchObject({ src: ip('10.20.0.254'), dst: ip('10.20.0.10'), dstPort: 443 });
  });

  it('the reply has both translations undone by session state', async () => {
    const t = only(trace(await fixture('policy-lab'), 'client', '10.10.0.100', { dstPort: 8443 }, { bidirectional: true }));
    const reply = only(t.reply ?? []);
    expect(reply.disposition).toBe('delivered');
    expect(reply.at).toBe('client');
    expect(reply.hops.at(-1)!.header).toMatchObject({ src: ip('10.10.0.100'), srcPort: 8443, dst: ip('10.10.0.10') });
    expect(reply.hops[1]!.nat.every((n) => n.reverse)).toBe(true);
  });
});

describe('stateful return traffic', () => {
  it('a stateful firewall passes the reply of a session it accepted, which as a new flow it would deny', async () => {
    const topo = await fixture('policy-lab');
    const t = only(trace(topo, 'dmz-host', 'server', {}, { bidirectional: true }));
    expect(t.disposition).toBe('delivered');
    const reply = only(t.reply ?? []);
    expect(reply.disposition).toBe('delivered');
    expect(reply.hops[1]!.acls).toEqual([]);
    expect(reply.hops[1]!.notes.join(' ')).toContain('stateful');
    // The same packet, unsolicited, is denied.
    const unsolicited = only(trace(topo, 'server', 'dmz-host', { srcPort: 443, dstPort: 49152 }));
    expect(unsolicited.disposition).toBe('denied-in');
  });

  it('a stateless firewall checks the reply against its ACLs', async () => {
    const stateless = await fixtureVariant('policy-lab', (s) => s.replace('kind: firewall', 'kind: firewall\n    stateful: false'));
    const t = only(trace(stateless, 'dmz-host', 'server', {}, { bidirectional: true }));
    expect(t.disposition).toBe('delivered');
    const reply = only(t.reply ?? []);
    expect([reply.disposition, reply.at]).toEqual(['denied-in', 'fw']);
  });

  it('a stateless router that translated a session undoes its NAT for the reply but still applies its ACLs', async () => {
    const routed = await fixtureVariant('policy-lab', (s) => s.replace('kind: firewall', 'kind: router'));
    const t = only(trace(routed, 'client', '10.10.0.100', { dstPort: 8443 }, { bidirectional: true }));
    const reply = only(t.reply ?? []);
    expect([reply.disposition, reply.at]).toEqual(['delivered', 'client']);
    expect(reply.hops[1]!.notes.join(' ')).toContain('ACLs still apply (stateless)');
    expect(reply.hops.at(-1)!.header).toMatchObject({ src: ip('10.10.0.100'), srcPort: 8443 });
    // With an egress ACL on the reply's way out that denies it, the stateless router drops the reply.
    const guarded = await fixtureVariant('policy-lab', (s) =>
      s.replace('kind: firewall', 'kind: router').replace('      - name: IN_TO_OUT', '      - { name: TO_INSIDE, bind: { interface: inside, direction: out }, default: deny, rules: [] }\n      - name: IN_TO_OUT'),
    );
    const denied = only(only(trace(guarded, 'client', '10.10.0.100', { dstPort: 8443 }, { bidirectional: true })).reply ?? []);
    expect([denied.disposition, denied.deciding?.policy]).toEqual(['denied-out', 'TO_INSIDE']);
  });

  it('a flow that was not delivered has no reply', async () => {
    const t = only(trace(await fixture('policy-lab'), 'server', 'dmz-host', {}, { bidirectional: true }));
    expect(t.reply).toBeUndefined();
    expect(t.noReply).toContain('denied-in');
  });
});
