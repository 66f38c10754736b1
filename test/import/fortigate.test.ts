import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { flowsFor } from '../../src/engine/flow.js';
import { traceFlow } from '../../src/engine/simulate.js';
import { anyServiceMatches } from '../../src/acl/service-match.js';
import { fortigateImporter, serviceComplement } from '../../src/import/formats/fortigate.js';
import type { PacketHeader } from '../../src/net/header.js';
import { parseService } from '../../src/net/ports.js';
import { summarise } from '../../src/import/ledger.js';
import { placeDevice } from '../../src/import/placement.js';
import type { DeviceImport } from '../../src/import/types.js';
import { host, standalone, verdict } from './support/standalone.js';
import type { RawAcl, RawNode } from '../../src/topology/format.js';
import { loadTopologyText } from '../../src/topology/load.js';

const FIXTURES = 'test/import/fixtures/fortigate';
const read = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const importFile = (name: string): DeviceImport => fortigateImporter.importDevice([{ path: `${FIXTURES}/${name}`, text: read(name) }], {});
const importText = (text: string): DeviceImport => fortigateImporter.importDevice([{ path: 'f.conf', text }], {});
const node = (r: DeviceImport) => Object.values(r.fragment.nodes ?? {})[0] as Extract<RawNode, { kind: 'firewall' }>;
const acl = (r: DeviceImport, name: string): RawAcl | undefined => node(r).acls?.find((a) => a.name === name);
const fateOf = (r: DeviceImport, line: number) => r.ledgers[0]?.records()[line - 1]?.fate;


/** A minimal device around `body`: two interfaces and whatever the test adds. */
const device = (body: string, more = '') => `config system interface
    edit "port1"
        set ip 192.0.2.1 255.255.255.0
    next
    edit "port2"
        set ip 10.0.0.1 255.255.255.0
    next${more}
end
${body}`;

describe('fortigate: a municipal INET boundary (edge.conf)', () => {
  it('imports the fragment checked in as edge.expected.yaml, every line accounted for', () => {
    const r = importFile('edge.conf');
    expect(stringify(r.fragment)).toBe(read('edge.expected.yaml'));
    expect(summarise(r.ledgers)).toMatchObject({ lines: 224, understood: 115, approximated: 9, ignored: 100, unknown: 0 });
    expect(r.device).toBe('city-fgt');
    expect(r.interfaces.map((i) => [i.name, i.cidr, i.zone])).toEqual([
      ['port1', '203.0.113.2/29', 'port1'], ['port2', '10.20.0.1/24', 'port2'], ['port3', '10.30.0.1/24', 'port3'],
      ['port4', '10.40.0.1/24', 'LG-ZONE'], ['port5', '10.41.0.1/24', 'LG-ZONE'],
    ]);
  });

  it('marks the fqdn address, the schedule, UTM and VIP matching approximated, the disabled policy and the unused VIP ignored', () => {
    const r = importFile('edge.conf');
    const lines = read('edge.conf').split('\n');
    const at = (s: string, from = 0) => lines.findIndex((l, i) => i >= from && l.includes(s)) + 1;
    expect(fateOf(r, at('set fqdn'))).toBe('approximated');
    expect(fateOf(r, at('set schedule "weekdays"'))).toBe('approximated');
    expect(fateOf(r, at('set utm-status enable'))).toBe('approximated');
    expect(fateOf(r, at('set dstaddr "web-vip"'))).toBe('approximated');
    expect(fateOf(r, at('set status disable'))).toBe('ignored');
    expect(fateOf(r, at('set mappedip "10.30.0.50"'))).toBe('ignored');
    expect(fateOf(r, at('set alias "インターネット接続系"'))).toBe('ignored');
    expect(fateOf(r, at('set ip6-address'))).toBe('ignored');
  });

  it('behaves like the FortiGate: first match per interface pair, implicit deny, VIP before the policy, allowaccess, NAT out of port1', async () => {
    const t = await standalone(importFile('edge.conf'), {
      pc: host('city-fgt_port2', '10.20.0.50', '10.20.0.1'),
      web: host('city-fgt_port3', '10.30.0.10', '10.30.0.1'),
      relay: host('city-fgt_port3', '10.30.0.25', '10.30.0.1'),
      lg: host('city-fgt_port4', '10.40.0.20', '10.40.0.1'),
    });
    expect(verdict(t, 'pc', '198.51.100.7', 6, 443)).toBe('exits-network');
    expect(verdict(t, 'pc', '198.51.100.7', 6, 22)).toBe('denied-in');
    expect(verdict(t, 'next-hop-203-0-113-1', '203.0.113.3', 6, 443)).toBe('delivered');
    expect(verdict(t, 'next-hop-203-0-113-1', '10.20.0.50', 6, 443)).toBe('denied-in');
    expect(verdict(t, 'lg', '10.30.0.25', 6, 25)).toBe('delivered');
    expect(verdict(t, 'lg', '10.30.0.25', 6, 443)).toBe('denied-in');
    expect(verdict(t, 'pc', '10.40.0.20', 6, 443)).toBe('denied-in');
    expect(verdict(t, 'pc', '10.20.0.1', 6, 8443)).toBe('delivered'); // admin-sport 8443
    expect(verdict(t, 'pc', '10.20.0.1', 6, 443)).toBe('denied-in');
    expect(verdict(t, 'next-hop-203-0-113-1', '203.0.113.2', 6, 22)).toBe('denied-in');
    expect(verdict(t, 'next-hop-203-0-113-1', '203.0.113.2', 1)).toBe('delivered');
    expect(verdict(t, 'lg', '10.40.0.1', 1)).toBe('denied-in'); // no allowaccess on port4
    const out = traceFlow(t, (flowsFor(t, { from: 'pc', to: '198.51.100.7', protocol: 6, dstPort: 443 }) as { ok: true; value: import('../../src/engine/flow.js').Flow[] }).value[0]!);
    expect(out[0]?.hops.find((h) => h.node === 'city-fgt')?.nat.map((n) => n.rule)).toEqual(['nat-port1']);
  });
});

describe('fortigate: constructs one by one', () => {
  it('custom services: port ranges with source ranges, ICMP type/code, IP protocol numbers (0 = any)', () => {
    const r = importText(device(`config firewall service custom
    edit "s1"
        set tcp-portrange 80 1000-2000:1024-65535
        set udp-portrange 53
    next
    edit "s2"
        set protocol ICMP
        set icmptype 3
    next
    edit "s3"
        set protocol IP
        set protocol-number 0
    next
end
config firewall policy
    edit 9
        set srcintf "port2"
        set dstintf "port1"
        set srcaddr "all"
        set dstaddr "all"
        set action accept
        set schedule "always"
        set service "s1" "s2"
    next
    edit 10
        set srcintf "port1"
        set dstintf "port2"
        set srcaddr "all"
        set dstaddr "all"
        set action accept
        set schedule "always"
        set service "s3"
    next
end`));
    expect(acl(r, 'policy_port2_to_port1')?.rules).toEqual([{ name: 'policy-9', action: 'permit', service: ['tcp/80', 'tcp/1024-65535:1000-2000', 'udp/53', 'icmp/3'], description: 'f.conf:24 firewall policy 9' }]);
    expect(acl(r, 'policy_port1_to_port2')?.rules).toEqual([{ name: 'policy-10', action: 'permit', description: 'f.conf:33 firewall policy 10' }]);
    expect(summarise(r.ledgers)).toMatchObject({ unknown: 0, approximated: 0 });
  });

  it('srcintf "any" reaches every pair; intrazone allow permits within a zone; a deny of every address but all matches nothing', () => {
    const r = importText(device(`config system zone
    edit "z"
        set interface "port2" "port3"
        set intrazone allow
    next
end
config firewall policy
    edit 1
        set srcintf "any"
        set dstintf "port1"
        set srcaddr "all"
        set dstaddr "all"
        set dstaddr-negate enable
        set action deny
        set schedule "always"
        set service "ALL"
    next
    edit 2
        set srcintf "any"
        set dstintf "port1"
        set srcaddr "all"
        set dstaddr "all"
        set action accept
        set schedule "always"
        set service "PING"
    next
end`, `
    edit "port3"
        set ip 10.0.1.1 255.255.255.0
    next`));
    expect(node(r).acls?.map((a) => [a.name, a.rules.map((x) => x.name)])).toEqual([
      ['policy_port1_to_port1', ['policy-2']],
      ['policy_port1_to_z', []],
      ['policy_z_to_port1', ['policy-2']],
      ['policy_z_to_z', ['intrazone-allow']],
    ]);
    expect(r.interfaces.map((i) => i.zone)).toEqual(['port1', 'z', 'z']);
    expect(fateOf(r, 20)).toBe('understood');
  });

  it('srcaddr-negate / dstaddr-negate match every address but the listed ones, in accept and deny policies', async () => {
    const r = importText(device(`config firewall address
    edit "partner"
        set subnet 198.51.100.0 255.255.255.0
    next
    edit "dmz"
        set subnet 10.0.0.0 255.255.255.128
    next
end
config firewall policy
    edit 1
        set srcintf "port1"
        set dstintf "port2"
        set srcaddr "partner"
        set srcaddr-negate enable
        set dstaddr "all"
        set action deny
        set schedule "always"
        set service "ALL"
    next
    edit 2
        set name "not-dmz"
        set srcintf "port1"
        set dstintf "port2"
        set srcaddr "all"
        set dstaddr "dmz"
        set dstaddr-negate enable
        set action accept
        set schedule "always"
        set service "ALL"
    next
end`));
    expect(acl(r, 'policy_port1_to_port2')?.rules).toEqual([
      { name: 'policy-1', action: 'deny', src: ['0.0.0.0-198.51.99.255', '198.51.101.0-255.255.255.255'], description: 'f.conf:18 firewall policy 1' },
      { name: 'not-dmz', action: 'permit', dst: ['0.0.0.0/5', '8.0.0.0/7', '10.0.0.128-255.255.255.255'], description: 'f.conf:28 firewall policy 2 "not-dmz"' },
    ]);
    expect([fateOf(r, 22), fateOf(r, 34)]).toEqual(['understood', 'understood']);
    expect(summarise(r.ledgers)).toMatchObject({ approximated: 0, unknown: 0 });
    const t = await standalone(r, { srv: host('f_port2', '10.0.0.200', '10.0.0.1'), dmzhost: host('f_port2', '10.0.0.20', '10.0.0.1') });
    expect(verdict(t, 'subnet-f_port1@198.51.100.7', '10.0.0.200', 6, 443)).toBe('delivered'); // the partner, outside the dmz
    expect(verdict(t, 'subnet-f_port1@198.51.100.7', '10.0.0.20', 6, 443)).toBe('denied-in'); // the dmz is negated
    expect(verdict(t, 'subnet-f_port1@192.0.2.7', '10.0.0.200', 6, 443)).toBe('denied-in'); // not the partner: the deny matches
  });

  it('service-negate matches every service but the listed ones (the complement over protocols, ports and ICMP types), in accept and deny policies', async () => {
    const policy = (id: number, action: string, service: string, negate: boolean) => `    edit ${id}
        set srcintf "port1"
        set dstintf "port2"
        set srcaddr "all"
        set dstaddr "all"
        set action ${action}
        set schedule "always"
        set service ${service}${negate ? '\n        set service-negate enable' : ''}
    next`;
    const accept = importText(device(`config firewall policy\n${policy(1, 'accept', '"SSH" "PING"', true)}\nend`));
    const services = (acl(accept, 'policy_port1_to_port2')?.rules[0]?.service ?? []) as string[];
    // Every protocol but TCP and ICMP whole; TCP but port 22; ICMP but type 8.
    const others = Array.from({ length: 256 }, (_, i) => String(i)).filter((x) => !['1', '6', '17'].includes(x));
    const icmp = Array.from({ length: 256 }, (_, i) => `icmp/${i}`).filter((x) => x !== 'icmp/8');
    expect([...services].sort()).toEqual([...others, 'udp/any', 'tcp/0-21', 'tcp/23-65535', ...icmp].sort());
    expect(fateOf(accept, 18)).toBe('understood');
    expect(summarise(accept.ledgers)).toMatchObject({ approximated: 0, unknown: 0 });
    const t = await standalone(accept, { srv: host('f_port2', '10.0.0.20', '10.0.0.1') });
    expect(verdict(t, 'subnet-f_port1@192.0.2.7', '10.0.0.20', 6, 22)).toBe('denied-in');
    expect(verdict(t, 'subnet-f_port1@192.0.2.7', '10.0.0.20', 6, 80)).toBe('delivered');
    expect(verdict(t, 'subnet-f_port1@192.0.2.7', '10.0.0.20', 17, 53)).toBe('delivered');
    expect(verdict(t, 'subnet-f_port1@192.0.2.7', '10.0.0.20', 47)).toBe('delivered');
    // A deny of every service but HTTPS, then an accept of all: only HTTPS passes.
    const deny = importText(device(`config firewall policy\n${policy(1, 'deny', '"HTTPS"', true)}\n${policy(2, 'accept', '"ALL"', false)}\nend`));
    expect(fateOf(deny, 18)).toBe('understood');
    const t2 = await standalone(deny, { srv: host('f_port2', '10.0.0.20', '10.0.0.1') });
    expect(verdict(t2, 'subnet-f_port1@192.0.2.7', '10.0.0.20', 6, 443)).toBe('delivered');
    expect(verdict(t2, 'subnet-f_port1@192.0.2.7', '10.0.0.20', 6, 80)).toBe('denied-in');
    expect(verdict(t2, 'subnet-f_port1@192.0.2.7', '10.0.0.20', 1)).toBe('denied-in');
    // Negating ALL leaves nothing: the policy matches no packet.
    const none = importText(device(`config firewall policy\n${policy(1, 'accept', '"ALL"', true)}\nend`));
    expect(acl(none, 'policy_port1_to_port2')?.rules).toEqual([]);
    // A service segproof widens (one that also restricts the destination) is negated as nothing: the accept matches more.
    const wide = importText(device(`config firewall service custom
    edit "to-host"
        set tcp-portrange 8080
        set iprange 10.0.0.20
    next
end
config firewall policy\n${policy(1, 'accept', '"to-host" "SSH"', true)}\nend`));
    expect(fateOf(wide, 23)).toBe('approximated');
    expect(wide.ledgers[0]?.records()[22]?.reason).toMatch(/under service-negate it is left out of the negation/);
    const t3 = await standalone(wide, { srv: host('f_port2', '10.0.0.20', '10.0.0.1') });
    expect(verdict(t3, 'subnet-f_port1@192.0.2.7', '10.0.0.20', 6, 8080)).toBe('delivered');
    expect(verdict(t3, 'subnet-f_port1@192.0.2.7', '10.0.0.20', 6, 22)).toBe('denied-in');
  });

  it('the complement of a service list matches exactly the headers the list does not', () => {
    const parse = (xs: readonly string[]) => xs.map((x) => { const p = parseService(x); if (!p.ok) throw new Error(p.reason); return p.service; });
    const headers: PacketHeader[] = [];
    for (const protocol of [0, 1, 2, 6, 17, 47, 132, 255]) {
      const ports = protocol === 6 || protocol === 17 ? [0, 1, 52, 53, 54, 1023, 1024, 2000, 65535] : [0];
      const icmp = protocol === 1 ? [0, 3, 4, 8, 255] : [0];
      for (const srcPort of ports) for (const dstPort of ports) for (const icmpType of icmp) for (const icmpCode of icmp) headers.push({ src: 0, dst: 0, protocol, srcPort, dstPort, icmpType, icmpCode });
    }
    for (const list of [['tcp/53'], ['tcp/1024-65535:53', 'udp/53'], ['icmp/3/4', 'icmp/8', '47'], ['icmp', 'tcp/1-65535'], ['udp/any', '0'], []]) {
      const original = parse(list);
      const complement = parse(serviceComplement(list) ?? ['bad']);
      for (const h of headers) expect(anyServiceMatches(complement, h), `${list.join(' ')} ${JSON.stringify(h)}`).toBe(!anyServiceMatches(original, h));
    }
    expect(serviceComplement(['tcp/nope'])).toBeUndefined();
  });

  it('an IP pool is the source NAT address; NAT that differs among policies to one egress interface is unknown', () => {
    const pooled = importText(device(`config firewall ippool
    edit "pool1"
        set startip 192.0.2.100
        set endip 192.0.2.100
    next
end
config firewall policy
    edit 1
        set srcintf "port2"
        set dstintf "port1"
        set srcaddr "all"
        set dstaddr "all"
        set action accept
        set schedule "always"
        set service "ALL"
        set nat enable
        set ippool enable
        set poolname "pool1"
    next
end`));
    expect(node(pooled).nat).toEqual([{ name: 'nat-port1', type: 'source', interface: 'port1', translateTo: '192.0.2.100' }]);
    const mixed = importText(device(`config firewall policy
    edit 1
        set srcintf "port2"
        set dstintf "port1"
        set srcaddr "all"
        set dstaddr "all"
        set action accept
        set schedule "always"
        set service "HTTP"
        set nat enable
    next
    edit 2
        set srcintf "port2"
        set dstintf "port1"
        set srcaddr "all"
        set dstaddr "all"
        set action accept
        set schedule "always"
        set service "HTTPS"
    next
end`));
    expect(node(mixed).nat).toBeUndefined();
    expect(summarise(mixed.ledgers).unknownVerdictChanging).toBe(1);
    expect(fateOf(mixed, 18)).toBe('unknown');
  });

  it('a deny before a VIP policy does not see VIP-translated packets unless match-vip is enabled', () => {
    const policies = (matchVip: string) => device(`config firewall vip
    edit "v"
        set extip 192.0.2.10
        set mappedip "10.0.0.10"
        set extintf "port1"
    next
end
config firewall policy
    edit 1
        set srcintf "port1"
        set dstintf "port2"
        set srcaddr "all"
        set dstaddr "all"
        set action deny
        set schedule "always"
        set service "ALL"${matchVip}
    next
    edit 2
        set srcintf "port1"
        set dstintf "port2"
        set srcaddr "all"
        set dstaddr "v"
        set action accept
        set schedule "always"
        set service "HTTPS"
    next
end`);
    const off = importText(policies(''));
    expect(acl(off, 'policy_port1_to_port2')?.rules.map((x) => [x.name, x.action, x.dst])).toEqual([
      ['policy-1', 'deny', ['0.0.0.0-10.0.0.9', '10.0.0.11-255.255.255.255']],
      ['policy-2', 'permit', '10.0.0.10'],
    ]);
    expect(node(off).nat).toEqual([{ name: 'vip-v-port1', type: 'destination', interface: 'port1', dst: '192.0.2.10', translateTo: '10.0.0.10' }]);
    const on = importText(policies('\n        set match-vip enable'));
    expect(acl(on, 'policy_port1_to_port2')?.rules.map((x) => [x.name, x.action, x.dst])).toEqual([['policy-1', 'deny', undefined], ['policy-2', 'permit', '10.0.0.10']]);
  });

  it('zones named in Japanese stay distinct and valid', async () => {
    const r = importText(device(`config system zone
    edit "住民系"
        set interface "port1"
    next
    edit "職員系"
        set interface "port2"
    next
end`));
    expect(r.interfaces.map((i) => i.zone)).toEqual(['___', '____2']);
    const zones = ['___', '____2'];
    expect(node(r).acls?.map((a) => a.name)).toEqual(zones.flatMap((a) => zones.map((b) => `policy_${a}_to_${b}`)));
    expect((await loadTopologyText(stringify((placeDevice(r, {}) as { file: unknown }).file), 'z.yaml')).ok).toBe(true);
  });

  it('unlisted system sections cannot change a verdict unless they switch or tunnel traffic', () => {
    const r = importText(`config system replacemsg-group
    edit "default"
    next
end
config system something-new
    set x 1
end
config system virtual-switch
    edit "lan"
        set physical-switch "sw0"
    next
end`);
    expect(r.ledgers[0]!.records().map((x) => `${x.fate}${x.verdictChanging ? '!' : ''}`)).toEqual([
      'ignored', 'ignored', 'ignored', 'ignored', 'unknown', 'unknown', 'unknown', 'unknown!', 'unknown!', 'unknown!', 'unknown!', 'unknown!',
    ]);
  });

  it('IPv6: an accepting IPv6 policy with IPv6 on two interfaces is unknown and verdict-changing; with one IPv6 interface it is ignored; a DHCP relay is unknown and verdict-changing', () => {
    const config = (second: boolean) => `config system interface
    edit "port1"
        set ip 192.0.2.1 255.255.255.0
        config ipv6
            set ip6-address 2001:db8:1::1/64
        end
    next
    edit "port2"
        set ip 10.0.0.1 255.255.255.0
        set dhcp-relay-service enable
        set dhcp-relay-ip "192.0.2.67"
        config ipv6
            set ip6-address ${second ? '2001:db8:2::1/64' : '::/0'}
        end
    next
end
config firewall policy6
    edit 1
        set srcintf "port2"
        set dstintf "port1"
        set srcaddr "all"
        set dstaddr "all"
        set action accept
        set schedule "always"
        set service "ALL"
    next
    edit 2
        set srcintf "port1"
        set dstintf "port2"
        set action deny
    next
end
config firewall policy
    edit 3
        set srcintf "port2"
        set dstintf "port1"
        set srcaddr "all"
        set dstaddr "all"
        set srcaddr6 "all"
        set dstaddr6 "all"
        set action accept
        set schedule "always"
        set service "ALL"
    next
end`;
    const fates = (text: string) => {
      const lines = text.split('\n');
      const records = importText(text).ledgers[0]!.records();
      const at = (needle: string, from = 0) => {
        const x = records[lines.findIndex((l, k) => k >= from && l.includes(needle))]!;
        return `${x.fate}${x.verdictChanging ? '!' : ''}`;
      };
      const policy6 = lines.indexOf('config firewall policy6');
      return { relay: at('set dhcp-relay-service'), relayIp: at('set dhcp-relay-ip'), accept6: at('edit 1', policy6), deny6: at('edit 2', policy6), src6: at('set srcaddr6'), dst6: at('set dstaddr6'), address6: at('set ip6-address 2001:db8:1::1/64') };
    };
    expect(fates(config(true))).toEqual({ relay: 'unknown!', relayIp: 'ignored', accept6: 'unknown!', deny6: 'ignored', src6: 'unknown!', dst6: 'unknown!', address6: 'ignored' });
    expect(importText(config(true)).ledgers[0]!.records().find((r) => r.text.includes('srcaddr6'))!.reason).toMatch(/IPv6 is routed between port1, port2/);
    expect(fates(config(false))).toEqual({ relay: 'unknown!', relayIp: 'ignored', accept6: 'ignored', deny6: 'ignored', src6: 'ignored', dst6: 'ignored', address6: 'ignored' });
  });

  it('ports without an address that nothing names are left out; named ones stay for placement', () => {
    const r = importText(device(`config firewall policy
    edit 1
        set srcintf "port3"
        set dstintf "port1"
        set srcaddr "all"
        set dstaddr "all"
        set action accept
        set schedule "always"
        set service "ALL"
    next
end`, `
    edit "port3"
        set mode dhcp
    next
    edit "port4"
        set type physical
    next`));
    expect(r.interfaces.map((i) => [i.name, i.cidr])).toEqual([['port1', '192.0.2.1/24'], ['port2', '10.0.0.1/24'], ['port3', undefined]]);
  });

  it('static routes: default destination, blackhole, interface route, disabled route ignored, distance approximated', () => {
    const r = importText(device(`config router static
    edit 1
        set gateway 192.0.2.254
        set device "port1"
        set distance 20
    next
    edit 2
        set dst 10.9.0.0 255.255.0.0
        set device "port2"
    next
    edit 3
        set dst 10.8.0.0/16
        set blackhole enable
    next
    edit 4
        set dst 10.7.0.0 255.255.0.0
        set gateway 10.0.0.254
        set status disable
    next
end`));
    expect(node(r).routes).toEqual([{ prefix: '0.0.0.0/0', via: '192.0.2.254' }, { prefix: '10.9.0.0/16', interface: 'port2' }, { prefix: '10.8.0.0/16', drop: true }]);
    expect(summarise(r.ledgers)).toMatchObject({ approximated: 1, unknown: 0 });
  });

  it('one VDOM inside config vdom imports; several VDOMs are unknown; VPN and local-in accept are unknown; a broken quote never throws', () => {
    const one = importText(`config vdom
edit root
next
end
config global
config system interface
    edit "port1"
        set vdom "root"
        set ip 192.0.2.1 255.255.255.0
    next
    edit "port9"
        set vdom "other"
        set ip 198.51.100.1 255.255.255.0
    next
end
end
config vdom
edit root
config router static
    edit 1
        set gateway 192.0.2.254
    next
end
next
end`);
    expect(one.interfaces.map((i) => i.name)).toEqual(['port1']);
    expect(node(one).routes).toEqual([{ prefix: '0.0.0.0/0', via: '192.0.2.254' }]);
    expect(summarise(one.ledgers).unknown).toBe(0);
    const two = importText(`config vdom
edit a
config system settings
    set status enable
end
next
edit b
config system settings
    set status enable
end
next
end`);
    expect(summarise(two.ledgers).unknownVerdictChanging).toBe(10);
    const other = importText(device(`config vpn ipsec phase1-interface
    edit "to-hq"
        set interface "port1"
    next
end
config firewall local-in-policy
    edit 1
        set intf "port1"
        set action accept
    next
end
config system dns
    set primary 192.0.2.53
end
config firewall address
    edit "x"
        set comment "broken`));
    const ipsec = importText(device(`config firewall policy
    edit 1
        set srcintf "port2"
        set dstintf "port1"
        set srcaddr "all"
        set dstaddr "all"
        set action ipsec
        set schedule "always"
        set service "ALL"
    next
end`));
    expect(acl(ipsec, 'policy_port2_to_port1')?.rules).toEqual([]);
    expect(fateOf(ipsec, 15)).toBe('unknown');
    const s = summarise(other.ledgers);
    expect(s.unknownVerdictChanging).toBeGreaterThanOrEqual(9);
    expect(fateOf(other, 21)).toBe('ignored');
  });
});

describe('fortigate: placed into a host topology', () => {
  const hostText = (zoneOfDmz: string) => `segproof: 1
name: city
zones: { inet: { class: INET }, internet: { class: INTERNET }, dmz: { class: INET }, lg: { class: LG } }
segments:
  wan: { zone: internet, prefix: 203.0.113.0/29 }
  inet-lan: { zone: inet, prefix: 10.20.0.0/24 }
  dmz: { zone: ${zoneOfDmz}, prefix: 10.30.0.0/24 }
  lg-a: { zone: lg, prefix: 10.40.0.0/24 }
  lg-b: { zone: lg, prefix: 10.41.0.0/24 }
`;

  it('vendor interfaces and zones are rebound to the topology zones of their segments', async () => {
    const host = await loadTopologyText(hostText('dmz'), 'city.yaml');
    if (!host.ok) throw new Error('host does not load');
    const placed = placeDevice(importFile('edge.conf'), { topology: host.topology });
    expect(placed.ok).toBe(true);
    if (!placed.ok) return;
    const fw = placed.file.nodes?.['city-fgt'] as Extract<RawNode, { kind: 'firewall' }>;
    expect(fw.acls?.find((a) => a.name === 'policy_LG-ZONE_to_port3')?.bind).toEqual({ fromZone: 'lg', toZone: 'dmz' });
    expect(fw.interfaces).toMatchObject({ port4: { segment: 'lg-a', address: '10.40.0.1' }, port5: { segment: 'lg-b', address: '10.41.0.1' } });
  });

  it('two FortiGate interfaces on one topology zone are refused: their pair policies would both apply', async () => {
    const host = await loadTopologyText(hostText('inet'), 'city.yaml');
    if (!host.ok) throw new Error('host does not load');
    const placed = placeDevice(importFile('edge.conf'), { topology: host.topology });
    expect(placed.ok).toBe(false);
    expect(placed.diagnostics.map((d) => [d.code, d.message.slice(0, 60)])).toEqual([['IMP005', 'vendor zones port2, port3 all lie in topology zone inet: the']]);
  });
});

describe('fortigate: malformed input never throws', () => {
  it('every truncation and every single deleted line still imports, with every line accounted for', () => {
    for (const name of 'edge.conf'.split(',')) {
      const lines = read(name).split('\n');
      const variants = [...lines.keys()].flatMap((k) => [lines.slice(0, k), [...lines.slice(0, k), ...lines.slice(k + 1)], [...lines.slice(0, k), `${lines[k] ?? ''} "`, ...lines.slice(k + 1)]]);
      for (const v of variants) {
        const r = fortigateImporter.importDevice([{ path: name, text: v.join('\n') }], {});
        const records = r.ledgers[0]!.records();
        expect(records.length).toBe(r.ledgers[0]!.lines.length);
        expect(summarise(r.ledgers).lines).toBe(records.length);
      }
    }
  });
});
