/**
 * `segproof import cisco-asa`: a hand-written ASA configuration (security levels, access-groups in and
 * out, objects and object-groups of every kind, a route, object NAT) against its checked-in expected
 * YAML, its line fates, and concrete packets through the imported firewall.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ciscoAsaImporter } from '../../src/import/formats/cisco-asa.js';
import { summarise } from '../../src/import/ledger.js';
import { importerFor } from '../../src/import/registry.js';
import { FIXTURES, fixture, loadWithHosts, standaloneYaml, tcp } from './fixtures/cisco/support.js';

const imported = () => ciscoAsaImporter.importDevice([fixture('asa.cfg')], {});

describe('segproof import cisco-asa', () => {
  it('is registered', () => expect(importerFor('cisco-asa')).toBe(ciscoAsaImporter));

  it('matches the expected standalone topology exactly', () => {
    expect(standaloneYaml(ciscoAsaImporter, imported())).toBe(readFileSync(path.join(FIXTURES, 'asa.expected.yaml'), 'utf8'));
  });

  it('accounts for every line: management access approximated, nothing unknown', () => {
    const s = summarise(imported().ledgers);
    expect(s).toMatchObject({ lines: 67, understood: 49, approximated: 1, ignored: 17, unknown: 0 });
    const approx = imported().ledgers[0]!.records().filter((r) => r.fate === 'approximated').map((r) => r.text.trim());
    expect(approx).toEqual(['ssh 10.0.0.0 255.255.255.0 inside']);
  });

  it('an unknown object, a pool NAT and a twice NAT with a destination are unknown and verdict-changing', () => {
    const text = [
      'interface Gi0/0', ' nameif outside', ' security-level 0', ' ip address 203.0.113.2 255.255.255.0',
      'interface Gi0/1', ' nameif inside', ' security-level 100', ' ip address 10.0.0.1 255.255.255.0',
      'object network A', ' host 10.0.0.5', // 9, 10
      'object network B', ' fqdn www.example.com', // 11, 12
      'object network POOL', ' range 203.0.113.20 203.0.113.30', // 13, 14
      'object network C', ' subnet 10.0.0.0 255.255.255.0', ' nat (inside,outside) dynamic POOL', // 15-17
      'nat (inside,outside) source static A A destination static B B', // 18
      'access-list IN extended permit tcp any object NOPE eq 80', // 19
      'access-group IN in interface outside', // 20
    ].join('\n');
    const records = ciscoAsaImporter.importDevice([{ path: 'a.cfg', text }], {}).ledgers[0]!.records();
    const vc = records.filter((r) => r.fate === 'unknown' && r.verdictChanging).map((r) => r.location.line);
    expect(vc).toEqual([12, 17, 18, 19]);
  });

  it('IPv6 on two interfaces (forwarded past the IPv4 access-groups) and DHCP relay lines are unknown and verdict-changing; IPv6 on one interface is ignored', () => {
    const config = (second: boolean) => [
      'interface Gi0/0', ' nameif outside', ' security-level 0', ' ip address 203.0.113.2 255.255.255.0', ' ipv6 address 2001:db8:1::2/64', // 1-5
      'interface Gi0/1', ' nameif inside', ' security-level 100', ' ip address 10.0.0.1 255.255.255.0', // 6-9
      second ? ' ipv6 enable' : ' description inside', // 10
      'access-list IN extended deny ip any any', 'access-group IN in interface outside', // 11, 12
    ].join('\n');
    const fate = (text: string, line: number) => ciscoAsaImporter.importDevice([{ path: 'a.cfg', text }], {}).ledgers[0]!.records()[line - 1]!;
    expect(fate(config(true), 5)).toMatchObject({ fate: 'unknown', verdictChanging: true });
    expect(fate(config(true), 10)).toMatchObject({ fate: 'unknown', verdictChanging: true });
    expect(fate(config(true), 5).reason).toMatch(/IPv6 is forwarded between outside, inside/);
    expect(fate(config(false), 5)).toMatchObject({ fate: 'ignored', verdictChanging: false });
    expect(summarise(ciscoAsaImporter.importDevice([{ path: 'a.cfg', text: config(false) }], {}).ledgers).unknownVerdictChanging).toBe(0);
    const relay = [config(false), 'dhcprelay server 203.0.113.67 outside', 'dhcprelay enable inside', 'dhcprelay timeout 60'].join('\n');
    const records = ciscoAsaImporter.importDevice([{ path: 'a.cfg', text: relay }], {}).ledgers[0]!.records();
    expect(records.slice(12).map((r) => `${r.fate}${r.verdictChanging ? '!' : ''}`)).toEqual(['unknown!', 'unknown!', 'ignored']);
  });

  it('`clear configure access-list NAME` deletes the entries before it; the definition after stands alone', () => {
    const text = [
      'access-list IN extended permit ip any any', // 1
      'clear configure access-list IN', // 2
      'access-list IN extended permit tcp any host 192.0.2.10 eq 443', // 3
      'access-group IN in interface outside', // 4
      'interface GigabitEthernet0/0', ' nameif outside', ' security-level 0', ' ip address 192.0.2.1 255.255.255.0', // 5-8
    ].join('\n');
    const imported = ciscoAsaImporter.importDevice([{ path: 'a.cfg', text }], {});
    expect(imported.ledgers[0]!.records().slice(0, 4).map((r) => r.fate)).toEqual(['ignored', 'understood', 'understood', 'understood']);
    expect(summarise(imported.ledgers).unknownVerdictChanging).toBe(0);
    const device = imported.fragment.nodes![imported.device]!;
    const descriptions = ('acls' in device ? device.acls ?? [] : []).flatMap((a) => a.rules.map((r) => r.description ?? ''));
    expect(descriptions).toContain('a.cfg:3 access-list IN extended permit tcp any host 192.0.2.10 eq 443');
    expect(descriptions.some((d) => d.startsWith('a.cfg:1 '))).toBe(false);
  });

  it('`access-list NAME line N` inserts the entry at line N (remarks count), not at the end', () => {
    const text = [
      'interface GigabitEthernet0/0', ' nameif outside', ' security-level 0', ' ip address 203.0.113.1 255.255.255.0', // 1-4
      'access-list IN remark published services', // 5
      'access-list IN extended deny ip any any', // 6
      'access-list IN line 2 extended permit tcp any host 10.1.1.20 eq www', // 7: before the deny
      'access-group IN in interface outside', // 8
    ].join('\n');
    const imported = ciscoAsaImporter.importDevice([{ path: 'a.cfg', text }], {});
    const device = imported.fragment.nodes![imported.device]!;
    const inAcl = ('acls' in device ? device.acls ?? [] : []).find((a) => a.name === 'IN-outside-in')!;
    expect(inAcl.rules.map((r) => r.name)).toEqual(['to-the-box', 'l7', 'l6']);
  });

  it('a control-plane access-group (to-the-box only) does not replace the transit ACL of its interface', async () => {
    const text = [
      'hostname asa3', // 1
      'interface GigabitEthernet0/0', ' nameif outside', ' security-level 0', ' ip address 203.0.113.1 255.255.255.0', // 2-5
      'interface GigabitEthernet0/1', ' nameif mn', ' security-level 100', ' ip address 10.1.1.1 255.255.255.0', // 6-9
      'access-list OUTSIDE-IN extended permit tcp any host 10.1.1.20 eq www', // 10
      'access-list MGMT extended deny ip any any', // 11
      'access-group OUTSIDE-IN in interface outside', // 12
      'access-group MGMT in interface outside control-plane', // 13
    ].join('\n');
    const imported = ciscoAsaImporter.importDevice([{ path: 'a.cfg', text }], {});
    const records = imported.ledgers[0]!.records();
    expect(records[12]!.fate).toBe('approximated');
    expect(records[12]!.reason).toMatch(/control-plane/);
    expect(summarise(imported.ledgers).unknownVerdictChanging).toBe(0);
    const topology = await loadWithHosts(imported, [['web', 'asa3_mn', '10.1.1.20'], ['out', 'asa3_outside', '203.0.113.7']]);
    // the transit ACL still lets the web server be reached from outside; the control-plane deny is not applied to it
    expect(tcp(topology, 'out', 'web', 80).disposition).toBe('delivered');
    expect(tcp(topology, 'out', 'web', 22).disposition).toBe('denied-in');
  });

  it('simulator: security levels, the inbound ACL with static NAT, the outbound ACL, and replies', async () => {
    const topology = await loadWithHosts(imported(), [
      ['client', 'asa1_inside', '10.0.0.20'],
      ['web', 'asa1_dmz', '192.0.2.10'],
      ['other', 'asa1_dmz', '192.0.2.50'],
    ]);
    // the Internet (the external at the default route's next hop) reaches the web server at its public address
    const inbound = tcp(topology, 'next-hop-203-0-113-1@198.51.100.7', '203.0.113.10', 443);
    expect([inbound.disposition, inbound.at, inbound.reply?.[0]?.disposition, inbound.reply?.[0]?.at]).toEqual(['delivered', 'web', 'exits-network', 'next-hop-203-0-113-1']);
    // … but not on another port (the ACL's explicit deny decides), nor the inside (level 0 → 100 needs the ACL)
    expect(tcp(topology, 'next-hop-203-0-113-1@198.51.100.7', '203.0.113.10', 22).deciding?.rule).toBe('l57');
    expect(tcp(topology, 'next-hop-203-0-113-1@198.51.100.7', '10.0.0.20', 443).disposition).toBe('denied-in');
    // inside (100) → dmz (50) passes without an ACL, except telnet, which DMZ_OUT denies on the way out
    expect(tcp(topology, 'client', 'other', 80).disposition).toBe('delivered');
    const telnet = tcp(topology, 'client', 'other', 23);
    expect([telnet.disposition, telnet.deciding?.rule]).toEqual(['denied-out', 'l58']);
    // dmz (50) → inside (100): no ACL lets it up
    const up = tcp(topology, 'other', 'client', 80);
    expect([up.disposition, up.deciding?.policy]).toEqual(['denied-in', 'levels-dmz-to-inside']);
    // inside → Internet: translated to the outside address, leaves, and the reply comes back
    const out = tcp(topology, 'client', '8.8.8.8', 443);
    expect([out.disposition, out.reply?.[0]?.disposition]).toEqual(['exits-network', 'delivered']);
  });
});
