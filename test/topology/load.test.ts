import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addressSetContains, formatAddressSet } from '../../src/net/address-set.js';
import { formatPrefix, parseIpv4 } from '../../src/net/ipv4.js';
import { loadTopology, loadTopologyText } from '../../src/topology/load.js';
import type { Topology } from '../../src/topology/model.js';

const ip = (s: string) => parseIpv4(s) as number;

const SMALL = `
segproof: 1
name: small
model: beta-prime
guidelineVersion: R6.10
zones:
  inet: { class: INET }
  mn: { class: MN }
  internet: { class: INTERNET }
logicalNetworks:
  tenant-a: { tenant: city-a }
segments:
  inet-lan: { zone: inet, prefix: 10.30.0.0/24, vlan: 30 }
  mn-lan: { zone: mn, prefix: 10.10.0.0/24 }
  edge: { zone: internet, prefix: 192.0.2.0/30 }
  a-lan: { zone: inet, prefix: 10.30.0.0/24, vrf: tenant-a }
objects:
  addresses:
    MN_NET: [mn-lan]
    TWO: [10.10.0.5, 10.10.0.6]
    BOTH: [MN_NET, TWO, pcs]
  services:
    WEB: [tcp/80, tcp/443]
    ALL_WEB: [WEB, udp/443]
defaults:
  all: { inventory: { edr: true, epp: true } }
  host: { inventory: { logCollection: true } }
groups:
  terminals: { role: terminal, inventory: { edr: false } }
nodes:
  pcs:
    kind: host
    group: terminals
    count: 10
    gateway: 10.30.0.1
    interfaces: { nic: { segment: inet-lan, address: 10.30.0.10 } }
  fw:
    kind: firewall
    interfaces:
      inet: { segment: inet-lan, address: 10.30.0.1 }
      mn: { segment: mn-lan, address: 10.10.0.1 }
      up: { segment: edge, address: 192.0.2.1 }
      a: { segment: a-lan, address: 10.30.0.1 }
    routes:
      - { prefix: 0.0.0.0/0, via: 192.0.2.2 }
      - { prefix: 10.99.0.0/16, drop: true }
    leaks:
      - { from: default, to: tenant-a, prefixes: [10.10.0.0/24] }
    acls:
      - name: inet-in
        bind: { interface: inet, direction: in }
        default: deny
        rules:
          - { name: no-mn, action: deny, dst: MN_NET }
          - { name: web, action: permit, service: ALL_WEB }
    nat:
      - { name: masq, type: source, interface: up, translateTo: 192.0.2.1 }
  internet:
    kind: external
    owns: 0.0.0.0/0
    interfaces: { a: { segment: edge, address: 192.0.2.2 } }
`;

async function load(text: string): Promise<Topology> {
  const r = await loadTopologyText(text, 'small.yaml');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.topology;
}

describe('loadTopologyText', () => {
  it('resolves zones, segments, VRFs and header fields', async () => {
    const t = await load(SMALL);
    expect(t.model).toBe('beta-prime');
    expect(t.guidelineVersion).toBe('R6.10');
    expect([...t.zones.keys()]).toEqual(['inet', 'mn', 'internet']);
    expect(t.segments.get('a-lan')?.vrf).toBe('tenant-a');
    expect(t.segments.get('inet-lan')?.vrf).toBe('default');
    expect(t.logicalNetworks.get('tenant-a')?.tenant).toBe('city-a');
  });

  it('applies inheritance defaults.all → defaults.kind → group → node', async () => {
    const pcs = (await load(SMALL)).nodes.get('pcs');
    expect(pcs?.kind).toBe('host');
    if (pcs?.kind !== 'host') return;
    expect(pcs.role).toBe('terminal');
    expect(pcs.inventory).toEqual({ edr: false, epp: true, logCollection: true });
    expect(pcs.count).toBe(10);
    expect(pcs.zone).toBe('inet');
  });

  it('flattens nested address and service objects, segments and pools by name', async () => {
    const t = await load(SMALL);
    const both = t.addressObjects.get('BOTH');
    expect(both && formatAddressSet(both)).toBe('10.10.0.0/24, 10.30.0.10-10.30.0.19');
    expect(t.serviceObjects.get('ALL_WEB')?.map((s) => `${s.protocol}/${s.dstPorts.first}`)).toEqual(['6/80', '6/443', '17/443']);
  });

  it('builds connected, static, null, gateway and leak routes with their VRFs', async () => {
    const t = await load(SMALL);
    const fw = t.nodes.get('fw');
    const routes = fw?.routes.map((r) => `${r.vrf} ${formatPrefix(r.prefix)} ${r.origin} ${r.target.type}`);
    expect(routes).toEqual([
      'default 10.30.0.0/24 connected interface',
      'default 10.10.0.0/24 connected interface',
      'default 192.0.2.0/30 connected interface',
      'tenant-a 10.30.0.0/24 connected interface',
      'default 0.0.0.0/0 static via',
      'default 10.99.0.0/16 static drop',
      'tenant-a 10.10.0.0/24 leak leak',
    ]);
    const pcs = t.nodes.get('pcs');
    expect(pcs?.routes.at(-1)).toMatchObject({ origin: 'gateway', target: { type: 'via', nextHop: ip('10.30.0.1'), interface: 'nic' } });
  });

  it('keeps rule order, names and source lines', async () => {
    const fw = (await load(SMALL)).nodes.get('fw');
    if (fw?.kind !== 'firewall') throw new Error('fw is not a firewall');
    const acl = fw.acls[0];
    expect(acl?.defaultAction).toBe('deny');
    expect(acl?.rules.map((r) => [r.name, r.index, r.location?.line])).toEqual([
      ['no-mn', 0, 54],
      ['web', 1, 55],
    ]);
    expect(acl && addressSetContains(acl.rules[0]!.dst, ip('10.10.0.77'))).toBe(true);
    expect(fw.stateful).toBe(true);
    expect(fw.nat[0]).toMatchObject({ type: 'source', interface: 'up', translateTo: ip('192.0.2.1') });
  });

  it('returns a deeply immutable model', async () => {
    const t = await load(SMALL);
    expect(Object.isFrozen(t.nodes.get('fw'))).toBe(true);
    expect(() => (t.nodes as Map<string, unknown>).set('x', {})).toThrow(/immutable/);
  });

  it('accepts JSON as well as YAML', async () => {
    const json = JSON.stringify({ segproof: 1, name: 'j', zones: { z: { class: 'LG' } }, segments: { s: { zone: 'z', prefix: '10.0.0.0/24' } } });
    const t = await load(json);
    expect(t.segments.get('s')?.zone).toBe('z');
  });

  it('merges includes and reports problems in included files with the include chain', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'segproof-'));
    mkdirSync(path.join(dir, 'parts'));
    writeFileSync(path.join(dir, 'main.yaml'), 'segproof: 1\nname: m\ninclude: [parts/zones.yaml]\nsegments:\n  s: { zone: z, prefix: 10.0.0.0/24 }\n');
    writeFileSync(path.join(dir, 'parts', 'zones.yaml'), 'zones:\n  z: { class: LG }\ninclude: [deeper.yaml]\n');
    writeFileSync(path.join(dir, 'parts', 'deeper.yaml'), 'segments:\n  t: { zone: nowhere, prefix: 10.1.0.0/24 }\n');
    const r = await loadTopology(path.join(dir, 'main.yaml'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics).toHaveLength(1);
    const d = r.diagnostics[0]!;
    expect(d.code).toBe('TOPO020');
    expect(d.location?.file.endsWith(path.join('parts', 'deeper.yaml'))).toBe(true);
    expect(d.location?.line).toBe(2);
    expect(d.notes?.length).toBe(2);
    expect(d.notes?.[1]).toMatch(/main\.yaml:3:11$/);
  });

  it('reports every problem at once, sorted by position', async () => {
    const r = await loadTopologyText(
      'segproof: 1\nname: x\nzones:\n  z: { class: LG }\nsegments:\n  a: { zone: q, prefix: 10.0.0.1/24 }\n  b: { zone: z, prefix: 10.0.0.0/33 }\n',
      'x.yaml',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics.map((d) => `${d.location?.line}:${d.location?.column} ${d.code}`)).toEqual(['6:14 TOPO020', '6:25 TOPO041', '7:25 TOPO040']);
  });

  it('says plainly that IPv6 is not modelled, wherever an IPv6 literal appears', async () => {
    const r = await loadTopologyText(
      'segproof: 1\nname: v6\nzones:\n  z: { class: LG }\nsegments:\n  s: { zone: z, prefix: "2001:db8::/64" }\nobjects:\n  addresses:\n    V6: ["2001:db8::1"]\n',
      'v6.yaml',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['TOPO040', 'IPv6 prefix "2001:db8::/64" is not supported'],
      ['TOPO040', 'IPv6 address or prefix "2001:db8::1" is not supported'],
    ]);
    expect(r.diagnostics[0]?.hint).toMatch(/IPv4 only/);
  });
  it('says when a route\'s next hop is on a segment of another VRF of the node', async () => {
    const r = await loadTopologyText(
      [
        'segproof: 1', 'name: vrfs', 'zones:', '  z: { class: LG }', 'logicalNetworks:', '  blue: {}',
        'segments:', '  red-lan: { zone: z, prefix: 10.1.0.0/24 }', '  blue-lan: { zone: z, prefix: 10.2.0.0/24, vrf: blue }',
        'nodes:', '  r:', '    kind: router', '    interfaces:', '      red: { segment: red-lan, address: 10.1.0.1 }',
        '      blue: { segment: blue-lan, address: 10.2.0.1 }', '    routes:', '      - { prefix: 10.9.0.0/16, via: 10.2.0.9, vrf: default }', '',
      ].join('\n'),
      'vrfs.yaml',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics.map((d) => [d.code, d.message, `${d.location?.line}:${d.location?.column}`])).toEqual([
      ['TOPO052', 'next hop 10.2.0.9 is on segment "blue-lan" in VRF "blue", not in the route\'s VRF "default"', '17:37'],
    ]);
    expect(r.diagnostics[0]?.hint).toMatch(/vrf: blue.*or let VRF "default" reach it with a leak/);
  });
});
