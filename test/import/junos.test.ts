import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { junosFilterRules, junosImporter } from '../../src/import/formats/junos.js';
import { summarise, type LineLedger } from '../../src/import/ledger.js';
import { placeDevice } from '../../src/import/placement.js';
import type { DeviceImport } from '../../src/import/types.js';
import { host, standalone, verdict } from './support/standalone.js';
import { loadTopologyText } from '../../src/topology/load.js';
import { datasetFolder } from '../acl/datasets.js';

const FIXTURES = 'test/import/fixtures/junos';
const read = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const importFile = (name: string): DeviceImport => junosImporter.importDevice([{ path: `${FIXTURES}/${name}`, text: read(name) }], {});
const importText = (text: string): DeviceImport => junosImporter.importDevice([{ path: 'c.conf', text }], {});
const node = (r: DeviceImport) => Object.values(r.fragment.nodes ?? {})[0] as Record<string, unknown> & { acls?: { name: string; rules: { name: string; description?: string }[] }[] };
const fates = (l: LineLedger) => l.records().map((r) => `${r.location.line}:${r.fate}`);
const fateOf = (r: DeviceImport, line: number) => r.ledgers[0]?.records()[line - 1]?.fate;
const withoutDescriptions = (x: unknown): unknown => JSON.parse(JSON.stringify(x, (k, v: unknown) => (k === 'description' ? undefined : v)));


describe('junos: router with stateless filters (hierarchical)', () => {
  it('imports the fragment checked in as router.expected.yaml, every line accounted for', () => {
    const r = importFile('router.conf');
    expect(stringify(r.fragment)).toBe(read('router.expected.yaml'));
    expect(summarise(r.ledgers)).toMatchObject({ lines: 154, understood: 34, approximated: 5, unknown: 0 });
    expect(r.interfaces.map((i) => [i.name, i.cidr])).toEqual([['ge-0/0/0.0', '192.0.2.2/30'], ['ge-0/0/1.0', '10.1.0.1/24'], ['lo0.0', '10.255.0.1/32']]);
  });

  it('the set form of the same configuration gives the same fragment', () => {
    const set = importFile('router.set');
    expect(withoutDescriptions(set.fragment)).toEqual(withoutDescriptions(importFile('router.conf').fragment));
    expect(summarise(set.ledgers).unknownVerdictChanging).toBe(0);
  });

  it('marks tcp-established approximated, a discard term under tcp-initial dropped (approximated), inet6 and inactive ignored', () => {
    const r = importFile('router.conf');
    const text = read('router.conf').split('\n');
    const line = (s: string) => text.findIndex((l) => l.includes(s)) + 1;
    expect(fateOf(r, line('tcp-established;'))).toBe('approximated');
    expect(fateOf(r, line('tcp-initial;'))).toBe('approximated');
    expect(fateOf(r, line('2001:db8::1/64'))).toBe('ignored');
    expect(fateOf(r, line('inactive: term old'))).toBe('ignored');
    expect(fateOf(r, line('policer small;'))).toBe('approximated');
    expect(node(r).acls?.[0]?.rules.map((x) => x.name)).toEqual(['no-spoof', 'web', 'replies', 'ping']);
  });

  it('behaves like the router: the input filter admits LGWAN web servers only, the loopback filter guards the device', async () => {
    const r = importFile('router.conf');
    const t = await standalone(r, { server: host('edge-mx_ge-0_0_1_0', '10.1.0.80', '10.1.0.1'), admin: host('edge-mx_ge-0_0_1_0', '10.1.0.10', '10.1.0.1'), dns: host('edge-mx_ge-0_0_1_0', '10.1.0.53', '10.1.0.1') });
    expect(verdict(t, 'next-hop-192-0-2-1@172.16.10.7', '10.1.0.80', 6, 443)).toBe('denied-out'); // TO-LAN admits DNS only
    expect(verdict(t, 'next-hop-192-0-2-1@172.16.10.7', '10.1.0.53', 17, 53)).toBe('denied-in'); // FROM-LGWAN admits no UDP
    expect(verdict(t, 'next-hop-192-0-2-1@10.5.0.1', '10.1.0.53', 17, 53)).toBe('denied-in'); // no-spoof
    expect(verdict(t, 'next-hop-192-0-2-1@10.99.0.1', '10.1.0.53', 17, 53)).toBe('denied-in'); // except, but no later term admits UDP
    expect(verdict(t, 'next-hop-192-0-2-1@172.16.10.7', '10.1.0.53', 6, 443)).toBe('denied-out'); // web term admits, TO-LAN's dns term is UDP only
    expect(verdict(t, 'server', '172.16.10.7', 6, 443)).toBe('exits-network'); // no filter that way: a router permits
    expect(verdict(t, 'admin', '10.255.0.1', 6, 22)).toBe('delivered');
    expect(verdict(t, 'server', '10.255.0.1', 6, 22)).toBe('denied-in');
  });
});

describe('junos: SRX zones, policies, NAT (set form)', () => {
  it('imports the fragment checked in as srx.expected.yaml', () => {
    const r = importFile('srx.set');
    expect(stringify(r.fragment)).toBe(read('srx.expected.yaml'));
    expect(summarise(r.ledgers)).toMatchObject({ lines: 66, unknown: 0 });
    expect(r.interfaces.map((i) => i.zone)).toEqual(['untrust', 'inet', 'dmz', 'dmz']);
  });

  it('behaves like the SRX: policies per zone pair, implicit deny, destination and static NAT before the policy, host-inbound-traffic', async () => {
    const r = importFile('srx.set');
    const t = await standalone(r, {
      pc: host('city-srx_ge-0_0_1_0', '10.20.0.50', '10.20.0.1'),
      web: host('city-srx_ge-0_0_2_0', '10.30.0.10', '10.30.0.1'),
      mail: host('city-srx_ge-0_0_2_0', '10.30.0.25', '10.30.0.1'),
      other: host('city-srx_ge-0_0_3_0', '10.31.0.9', '10.31.0.1'),
    });
    expect(verdict(t, 'pc', '198.51.100.7', 6, 443)).toBe('exits-network');
    expect(verdict(t, 'pc', '198.51.100.7', 6, 22)).toBe('denied-in');
    expect(verdict(t, 'next-hop-203-0-113-1', '203.0.113.3', 6, 443)).toBe('delivered'); // DNAT to web
    expect(verdict(t, 'next-hop-203-0-113-1', '203.0.113.4', 6, 25)).toBe('delivered'); // static NAT to mail
    expect(verdict(t, 'next-hop-203-0-113-1', '10.20.0.50', 6, 443)).toBe('denied-in'); // untrust → inet: no policy
    expect(verdict(t, 'pc', '10.30.0.10', 6, 22)).toBe('denied-in'); // the admin policy is deactivated
    expect(verdict(t, 'other', '10.30.0.25', 6, 25)).toBe('denied-in'); // intra-zone (dmz → dmz) default deny
    expect(verdict(t, 'pc', '10.20.0.1', 1)).toBe('delivered'); // host-inbound ping
    expect(verdict(t, 'pc', '10.20.0.1', 6, 443)).toBe('denied-in');
    expect(verdict(t, 'next-hop-203-0-113-1', '203.0.113.2', 1)).toBe('denied-in'); // untrust admits nothing to the SRX
  });
});

describe('junos: constructs one by one', () => {
  it('address and port match either side; input-list chains filters before one implicit discard', () => {
    const r = importText(`interfaces { xe-0/0/0 { unit 0 { family inet { filter { input-list [ A B ]; } address 10.0.0.1/24; } } } }
firewall { filter A { term t { from { address 10.9.0.0/16; port 53; protocol udp; } then accept; } }
  family inet { filter B { term t { from { protocol [ gre 50 ]; } then accept; } term x { from { icmp-type 3; protocol icmp; } then discard; } } } }`);
    expect(node(r).acls).toEqual([
      {
        name: 'A_B-xe-0_0_0_0-in',
        bind: { interface: 'xe-0_0_0_0', direction: 'in' },
        default: 'deny',
        rules: [
          { name: 'A-t', action: 'permit', src: '10.9.0.0/16', service: ['udp/53:any', 'udp/53'], description: 'c.conf:2 filter A term t' },
          { name: 'A-t-2', action: 'permit', dst: '10.9.0.0/16', service: ['udp/53:any', 'udp/53'], description: 'c.conf:2 filter A term t' },
          { name: 'B-t', action: 'permit', service: ['47', '50'], description: 'c.conf:3 filter B term t' },
          { name: 'B-x', action: 'deny', service: 'icmp/3', description: 'c.conf:3 filter B term x' },
        ],
        description: 'c.conf:1 filter input A B on xe-0/0/0.0, then the implicit discard',
      },
    ]);
    expect(summarise(r.ledgers).unknown).toBe(0);
  });

  it('set form: a later `filter input` / `filter output` replaces the earlier one (one filter each way; only input-list chains)', async () => {
    const r = importText(`set system host-name jr1
set interfaces ge-0/0/0 unit 0 family inet address 203.0.113.1/24
set interfaces ge-0/0/0 unit 0 family inet filter input OLD-EDGE
set interfaces ge-0/0/0 unit 0 family inet filter output OLD-OUT
set interfaces ge-0/0/1 unit 0 family inet address 10.1.1.1/24
set firewall family inet filter OLD-EDGE term all then discard
set firewall family inet filter OLD-OUT term all then discard
set firewall family inet filter NEW-EDGE term web from destination-address 10.1.1.20/32
set firewall family inet filter NEW-EDGE term web from protocol tcp
set firewall family inet filter NEW-EDGE term web from destination-port 80
set firewall family inet filter NEW-EDGE term web then accept
set firewall family inet filter NEW-OUT term all then accept
set interfaces ge-0/0/0 unit 0 family inet filter input NEW-EDGE
set interfaces ge-0/0/0 unit 0 family inet filter output NEW-OUT`);
    expect(node(r).acls?.map((a) => [a.name, a.rules.map((x) => x.name)])).toEqual([
      ['NEW-EDGE-ge-0_0_0_0-in', ['web']],
      ['NEW-OUT-ge-0_0_0_0-out', ['all']],
    ]);
    expect([fateOf(r, 3), fateOf(r, 4), fateOf(r, 13), fateOf(r, 14)]).toEqual(['ignored', 'ignored', 'understood', 'understood']);
    expect(summarise(r.ledgers).unknown).toBe(0);
    const t = await standalone(r, { web: host('jr1_ge-0_0_1_0', '10.1.1.20', '10.1.1.1') });
    expect(verdict(t, 'subnet-jr1_ge-0_0_0_0@203.0.113.7', '10.1.1.20', 6, 80)).toBe('delivered');
    expect(verdict(t, 'subnet-jr1_ge-0_0_0_0@203.0.113.7', '10.1.1.20', 6, 22)).toBe('denied-in');
  });

  it('a term that only counts accepts; next term goes on; routing-instance is unknown and verdict-changing', () => {
    const r = importText(`set interfaces ge-0/0/0 unit 0 family inet filter input F
set interfaces ge-0/0/0 unit 0 family inet address 10.0.0.1/24
set firewall family inet filter F term a then count c
set firewall family inet filter F term a then next term
set firewall family inet filter F term b from destination-address 10.1.0.0/16
set firewall family inet filter F term b then count hits
set firewall family inet filter F term c then routing-instance OTHER`);
    expect(node(r).acls?.[0]?.rules).toEqual([{ name: 'b', action: 'permit', dst: '10.1.0.0/16', description: 'c.conf:5 filter F term b' }]);
    expect(fates(r.ledgers[0]!)).toEqual(['1:understood', '2:understood', '3:ignored', '4:understood', '5:understood', '6:ignored', '7:unknown']);
    expect(summarise(r.ledgers).unknownVerdictChanging).toBe(1);
  });

  it('an address with options in a block (primary, VRRP) is the unit address; VRRP is unknown but cannot change a verdict', () => {
    const r = importText(`interfaces { ge-0/0/0 { unit 0 { family inet { address 10.0.0.2/24 { primary; vrrp-group 1 { virtual-address 10.0.0.1; } } } } } }`);
    expect(r.interfaces.map((i) => i.cidr)).toEqual(['10.0.0.2/24']);
    expect(summarise(r.ledgers)).toMatchObject({ unknown: 1, unknownVerdictChanging: 0 });
  });

  it('a port condition with ICMP: an accept keeps ICMP without it, a discard is left out', () => {
    const r = importText(`set interfaces ge-0/0/0 unit 0 family inet filter input F
set interfaces ge-0/0/0 unit 0 family inet address 10.0.0.1/24
set firewall family inet filter F term d from protocol [ icmp tcp ]
set firewall family inet filter F term d from destination-port 22
set firewall family inet filter F term d then discard
set firewall family inet filter F term a from protocol [ icmp tcp ]
set firewall family inet filter F term a from destination-port 22
set firewall family inet filter F term a then accept`);
    expect(node(r).acls?.[0]?.rules).toEqual([{ name: 'a', action: 'permit', service: ['icmp', 'tcp/22'], description: 'c.conf:6 filter F term a' }]);
    expect(summarise(r.ledgers)).toMatchObject({ approximated: 4, unknown: 0 });
  });

  it('static routes: next hop, discard, reject, interface next hop, qualified next hop approximated', () => {
    const r = importText(`routing-options { static { route 10.0.0.0/8 next-hop 192.0.2.1; route 10.9.0.0/16 discard; route 0.0.0.0/0 { qualified-next-hop 192.0.2.9; } route 172.16.0.0/12 next-hop st0.1; } }`);
    expect(node(r).routes).toEqual([
      { prefix: '10.0.0.0/8', via: '192.0.2.1' },
      { prefix: '10.9.0.0/16', drop: true },
      { prefix: '0.0.0.0/0', via: '192.0.2.9' },
      { prefix: '172.16.0.0/12', interface: 'st0_1' },
    ]);
    expect(summarise(r.ledgers)).toMatchObject({ approximated: 1, unknown: 0 });
  });

  it('SRX: default-policy permit-all, custom multi-term application, application-set, address-set, policy with an unknown application is unknown', () => {
    const r = importText(`set interfaces ge-0/0/0 unit 0 family inet address 10.0.0.1/24
set interfaces ge-0/0/1 unit 0 family inet address 10.1.0.1/24
set security zones security-zone a interfaces ge-0/0/0.0
set security zones security-zone b interfaces ge-0/0/1.0
set security policies default-policy permit-all
set applications application dns-both term u protocol udp destination-port 53
set applications application dns-both term t protocol tcp destination-port 53
set applications application-set s application dns-both
set applications application-set s application junos-ping
set security address-book global address n1 10.1.0.0/25
set security address-book global address r1 range-address 10.1.0.200 to 10.1.0.210
set security address-book global address-set g address n1
set security address-book global address-set g address r1
set security policies from-zone a to-zone b policy deny-dns match source-address any
set security policies from-zone a to-zone b policy deny-dns match destination-address g
set security policies from-zone a to-zone b policy deny-dns match application s
set security policies from-zone a to-zone b policy deny-dns then reject
set security policies from-zone a to-zone b policy odd match source-address any
set security policies from-zone a to-zone b policy odd match destination-address any
set security policies from-zone a to-zone b policy odd match application nowhere
set security policies from-zone a to-zone b policy odd then permit`);
    const acls = node(r).acls ?? [];
    expect(acls.find((a) => a.name === 'policy_a_to_b')).toEqual({
      name: 'policy_a_to_b',
      bind: { fromZone: 'a', toZone: 'b' },
      default: 'permit',
      rules: [{ name: 'deny-dns', action: 'deny', dst: ['10.1.0.0/25', '10.1.0.200-10.1.0.210'], service: ['udp/53', 'tcp/53', 'icmp/8'], description: 'c.conf:14 from-zone a to-zone b policy deny-dns' }],
      description: 'security policies from-zone a to-zone b, then the default policy (permit-all)',
    });
    expect(acls.map((a) => a.name).filter((n) => n.startsWith('policy_'))).toEqual(['policy_a_to_a', 'policy_a_to_b', 'policy_b_to_a', 'policy_b_to_b']);
    expect(r.ledgers[0]!.records()[19]?.fate).toBe('unknown');
    expect(summarise(r.ledgers).unknownVerdictChanging).toBe(1);
  });

  it('SRX global policies follow the zone-pair policies of every pair their from-zone/to-zone admit, before the default policy', () => {
    const r = importText(`set interfaces ge-0/0/0 unit 0 family inet address 10.0.0.1/24
set interfaces ge-0/0/1 unit 0 family inet address 10.1.0.1/24
set security zones security-zone a interfaces ge-0/0/0.0
set security zones security-zone b interfaces ge-0/0/1.0
set security policies from-zone a to-zone b policy web match source-address any
set security policies from-zone a to-zone b policy web match destination-address any
set security policies from-zone a to-zone b policy web match application junos-https
set security policies from-zone a to-zone b policy web then permit
set security policies global policy ping match source-address any
set security policies global policy ping match destination-address any
set security policies global policy ping match application junos-ping
set security policies global policy ping then permit
set security policies global policy b-out match from-zone b
set security policies global policy b-out match source-address any
set security policies global policy b-out match destination-address any
set security policies global policy b-out match application any
set security policies global policy b-out then deny`);
    const rules = (name: string) => node(r).acls?.find((a) => a.name === name)?.rules.map((x) => x.name);
    expect(rules('policy_a_to_b')).toEqual(['web', 'global-ping']);
    expect(rules('policy_b_to_a')).toEqual(['global-ping', 'global-b-out']);
    expect(rules('policy_a_to_a')).toEqual(['global-ping']);
    expect(node(r).acls?.find((a) => a.name === 'policy_a_to_b')?.rules[1]?.description).toBe('c.conf:9 global policy ping');
    expect(summarise(r.ledgers).unknown).toBe(0);
  });

  it('SRX source-address-excluded / destination-address-excluded match every address but the listed ones, in deny and permit policies', async () => {
    const r = importText(`set system host-name srx1
set interfaces ge-0/0/0 unit 0 family inet address 203.0.113.1/24
set interfaces ge-0/0/1 unit 0 family inet address 10.1.1.1/24
set routing-options static route 0.0.0.0/0 next-hop 203.0.113.254
set security zones security-zone untrust interfaces ge-0/0/0.0
set security zones security-zone mn interfaces ge-0/0/1.0
set security address-book global address partner 198.51.100.0/24
set security address-book global address dmz 10.1.1.0/25
set security policies from-zone untrust to-zone mn policy partner-only match source-address partner
set security policies from-zone untrust to-zone mn policy partner-only match source-address-excluded
set security policies from-zone untrust to-zone mn policy partner-only match destination-address any
set security policies from-zone untrust to-zone mn policy partner-only match application any
set security policies from-zone untrust to-zone mn policy partner-only then deny
set security policies from-zone untrust to-zone mn policy not-dmz match source-address any
set security policies from-zone untrust to-zone mn policy not-dmz match destination-address dmz
set security policies from-zone untrust to-zone mn policy not-dmz match destination-address-excluded
set security policies from-zone untrust to-zone mn policy not-dmz match application junos-ssh
set security policies from-zone untrust to-zone mn policy not-dmz then permit`);
    expect(node(r).acls?.find((a) => a.name === 'policy_untrust_to_mn')?.rules).toEqual([
      { name: 'partner-only', action: 'deny', src: ['0.0.0.0-198.51.99.255', '198.51.101.0-255.255.255.255'], description: 'c.conf:9 from-zone untrust to-zone mn policy partner-only' },
      { name: 'not-dmz', action: 'permit', dst: ['0.0.0.0-10.1.0.255', '10.1.1.128-255.255.255.255'], service: 'tcp/22', description: 'c.conf:14 from-zone untrust to-zone mn policy not-dmz' },
    ]);
    expect([fateOf(r, 10), fateOf(r, 16)]).toEqual(['understood', 'understood']);
    expect(summarise(r.ledgers)).toMatchObject({ approximated: 0, unknown: 0 });
    const t = await standalone(r, { pc: host('srx1_ge-0_0_1_0', '10.1.1.200', '10.1.1.1'), dmzhost: host('srx1_ge-0_0_1_0', '10.1.1.20', '10.1.1.1') });
    expect(verdict(t, 'next-hop-203-0-113-254@198.51.100.7', '10.1.1.200', 6, 22)).toBe('delivered'); // partner, outside the dmz
    expect(verdict(t, 'next-hop-203-0-113-254@198.51.100.7', '10.1.1.20', 6, 22)).toBe('denied-in'); // the dmz is excluded
    expect(verdict(t, 'next-hop-203-0-113-254@192.0.2.7', '10.1.1.200', 6, 22)).toBe('denied-in'); // not the partner: denied
    // A DNS name is any address to segproof: excluded, it excludes nothing (the permit matches more, approximated).
    const dns = importText(`set interfaces ge-0/0/0 unit 0 family inet address 203.0.113.1/24
set interfaces ge-0/0/1 unit 0 family inet address 10.1.1.1/24
set security zones security-zone untrust interfaces ge-0/0/0.0
set security zones security-zone mn interfaces ge-0/0/1.0
set security address-book global address cdn dns-name cdn.example.com
set security address-book global address dmz 10.1.1.0/25
set security policies from-zone untrust to-zone mn policy p match source-address [ cdn dmz ]
set security policies from-zone untrust to-zone mn policy p match source-address-excluded
set security policies from-zone untrust to-zone mn policy p match destination-address any
set security policies from-zone untrust to-zone mn policy p match application any
set security policies from-zone untrust to-zone mn policy p then permit`);
    expect(node(dns).acls?.find((a) => a.name === 'policy_untrust_to_mn')?.rules.map((x) => (x as { src?: unknown }).src)).toEqual([['0.0.0.0-10.1.0.255', '10.1.1.128-255.255.255.255']]);
    expect(fateOf(dns, 7)).toBe('approximated');
  });

  it('NAT rule-sets from or to an interface: destination NAT on that interface, source NAT out of it', () => {
    const r = importText(`set interfaces ge-0/0/0 unit 0 family inet address 192.0.2.2/24
set interfaces ge-0/0/1 unit 0 family inet address 10.1.0.1/24
set security zones security-zone out interfaces ge-0/0/0.0
set security zones security-zone in interfaces ge-0/0/1.0
set security nat destination pool web address 10.1.0.10/32
set security nat destination rule-set d from interface ge-0/0/0.0
set security nat destination rule-set d rule r match destination-address 192.0.2.10/32
set security nat destination rule-set d rule r then destination-nat pool web
set security nat source rule-set s from zone in
set security nat source rule-set s to interface ge-0/0/0.0
set security nat source rule-set s rule r match source-address 10.1.0.0/24
set security nat source rule-set s rule r then source-nat interface`);
    expect(node(r).nat).toEqual([
      { name: 'destination-d-r-ge-0_0_0_0', type: 'destination', interface: 'ge-0_0_0_0', dst: ['192.0.2.10'], translateTo: '10.1.0.10' },
      { name: 'source-s-r-ge-0_0_0_0', type: 'source', interface: 'ge-0_0_0_0', src: ['10.1.0.0/24'], translateTo: '192.0.2.2' },
    ]);
    expect(summarise(r.ledgers).unknown).toBe(0);
  });

  it('SRX policies in the hierarchical form equal the set form', () => {
    const hier = importText(`interfaces { ge-0/0/0 { unit 0 { family inet { address 10.0.0.1/24; } } } ge-0/0/1 { unit 0 { family inet { address 10.1.0.1/24; } } } }
security {
    address-book { global { address srv 10.1.0.10/32; } }
    zones { security-zone a { interfaces { ge-0/0/0.0; } } security-zone b { interfaces { ge-0/0/1.0 { host-inbound-traffic { system-services { ping; } } } } } }
    policies {
        from-zone a to-zone b {
            policy web {
                match { source-address any; destination-address srv; application [ junos-http junos-https ]; }
                then { permit; log { session-close; } }
            }
        }
    }
}`);
    const set = importText(`set interfaces ge-0/0/0 unit 0 family inet address 10.0.0.1/24
set interfaces ge-0/0/1 unit 0 family inet address 10.1.0.1/24
set security address-book global address srv 10.1.0.10/32
set security zones security-zone a interfaces ge-0/0/0.0
set security zones security-zone b interfaces ge-0/0/1.0 host-inbound-traffic system-services ping
set security policies from-zone a to-zone b policy web match source-address any
set security policies from-zone a to-zone b policy web match destination-address srv
set security policies from-zone a to-zone b policy web match application [ junos-http junos-https ]
set security policies from-zone a to-zone b policy web then permit
set security policies from-zone a to-zone b policy web then log session-close`);
    expect(withoutDescriptions(hier.fragment)).toEqual(withoutDescriptions(set.fragment));
    expect(node(hier).acls?.find((a) => a.name === 'policy_a_to_b')?.rules).toEqual([{ name: 'web', action: 'permit', dst: '10.1.0.10', service: ['tcp/80', 'tcp/443'], description: 'c.conf:8 from-zone a to-zone b policy web' }]);
    expect([summarise(hier.ledgers).unknown, summarise(set.ledgers).unknown]).toEqual([0, 0]);
  });

  it('source-nat off and from-zone-restricted source NAT are unknown (segproof NAT cannot exempt or see the ingress zone)', () => {
    const r = importText(`set interfaces ge-0/0/0 unit 0 family inet address 10.0.0.1/24
set interfaces ge-0/0/1 unit 0 family inet address 10.1.0.1/24
set interfaces ge-0/0/2 unit 0 family inet address 10.2.0.1/24
set security zones security-zone a interfaces ge-0/0/0.0
set security zones security-zone b interfaces ge-0/0/1.0
set security zones security-zone c interfaces ge-0/0/2.0
set security nat source rule-set x from zone a
set security nat source rule-set x to zone b
set security nat source rule-set x rule r match source-address 0.0.0.0/0
set security nat source rule-set x rule r then source-nat interface`);
    expect(node(r).nat).toBeUndefined();
    expect(summarise(r.ledgers).unknownVerdictChanging).toBe(1);
  });

  it('IPv6: family inet6 on two units is forwarded past the IPv4 filters (unknown, verdict-changing); on one unit, on the loopback or with an SRX mode drop it is ignored; an SRX mode flow-based is the enabling line', () => {
    const base = [
      'set interfaces ge-0/0/0 unit 0 family inet address 10.0.0.1/24', // 1
      'set interfaces ge-0/0/0 unit 0 family inet6 address 2001:db8:0::1/64', // 2
      'set interfaces ge-0/0/1 unit 0 family inet address 10.0.1.1/24', // 3
    ];
    const fate = (lines: string[], line: number) => {
      const x = importText(lines.join('\n')).ledgers[0]!.records()[line - 1]!;
      return `${x.fate}${x.verdictChanging ? '!' : ''}`;
    };
    const two = [...base, 'set interfaces ge-0/0/1 unit 0 family inet6 address 2001:db8:1::1/64']; // 4
    expect([fate(two, 2), fate(two, 4)]).toEqual(['unknown!', 'unknown!']);
    expect(importText(two.join('\n')).ledgers[0]!.records()[1]!.reason).toMatch(/IPv6 is forwarded between ge-0\/0\/0.0, ge-0\/0\/1.0/);
    expect(fate(base, 2)).toBe('ignored');
    expect(fate([...base, 'set interfaces lo0 unit 0 family inet6 address 2001:db8:ff::1/128'], 2)).toBe('ignored');
    // SRX: only an explicit mode drop says IPv6 is not forwarded (vSRX and recent releases forward it by default)
    const srx = [...two, 'set security zones security-zone trust interfaces ge-0/0/0.0', 'set security zones security-zone untrust interfaces ge-0/0/1.0']; // 5, 6
    expect([fate(srx, 2), fate(srx, 4)]).toEqual(['unknown!', 'unknown!']);
    const drop = [...srx, 'set security forwarding-options family inet6 mode drop']; // 7
    expect([fate(drop, 2), fate(drop, 4), fate(drop, 7)]).toEqual(['ignored', 'ignored', 'ignored']);
    const flow = [...srx, 'set security forwarding-options family inet6 mode flow-based']; // 7
    expect([fate(flow, 2), fate(flow, 4), fate(flow, 7)]).toEqual(['ignored', 'ignored', 'unknown!']);
    expect(fate([...base, 'set security forwarding-options family inet6 mode flow-based'], 4)).toBe('ignored');
  });

  it('DHCP relay and UDP broadcast helpers are unknown and verdict-changing (relayed as the device\'s own packets, past its filters)', () => {
    const r = importText(`forwarding-options {
    dhcp-relay {
        server-group { SERVERS { 10.9.9.9; } }
        group LAN { active-server-group SERVERS; interface ge-0/0/1.0; }
    }
    helpers { bootp { server 10.9.9.9; interface ge-0/0/2.0; } }
}`);
    const vc = r.ledgers[0]!.records().filter((x) => x.fate === 'unknown' && x.verdictChanging).map((x) => x.location.line);
    expect(vc).toEqual([3, 4, 6]);
  });

  it('groups, dynamic routing and stray lines are unknown; a bad token never throws', () => {
    const r = importText(`groups { g { interfaces { <*> { mtu 9000; } } } }
protocols { ospf { area 0 { interface ge-0/0/0.0; } } lldp { interface all; } }
garbage without semicolon`);
    const s = summarise(r.ledgers);
    expect(s.unknownVerdictChanging).toBeGreaterThanOrEqual(3);
    expect(fateOf(r, 2)).toBe('unknown');
  });
});

describe('junos: Aerleon renderings (data set)', () => {
  const folder = datasetFolder('aerleon-multitarget');
  it.skipIf(!folder)('jcl and evojcl import completely; the IPv4 jcl gives both filters, the IPv6 evojcl nothing', async () => {
    const rendered = path.join(folder as string, 'rendered');
    const counts: Record<string, unknown> = {};
    for (const name of readdirSync(rendered).filter((n) => /\.(jcl|evojcl)$/.test(n)).sort()) {
      const text = readFileSync(path.join(rendered, name), 'utf8');
      const r = junosImporter.importDevice([{ path: name, text }], {});
      const s = summarise(r.ledgers);
      counts[name] = { lines: s.lines, understood: s.understood, approximated: s.approximated, ignored: s.ignored, unknown: s.unknown };
      // A rendering is a fragment of a device configuration: applied to an interface, it loads as a topology.
      const applied = `${text}\ninterfaces { ge-0/0/0 { unit 0 { family ${name.endsWith('evojcl') ? 'inet6' : 'inet'} { filter { input edge-inbound; output edge-outbound; } } family inet { address 200.1.1.254/24; } } } }\n`;
      const placed = placeDevice(junosImporter.importDevice([{ path: name, text: applied }], {}), {});
      expect(placed.ok).toBe(true);
      if (placed.ok) {
        const loaded = await loadTopologyText(stringify(placed.file), `${name}.yaml`);
        expect(loaded.ok ? [] : loaded.diagnostics.map((d) => d.message)).toEqual([]);
        if (loaded.ok) expect(loaded.topology.nodes.get('sample_multitarget')?.kind).toBe('router');
      }
    }
    console.log('junos data-set counts', counts);
    expect(counts).toEqual({
      'sample_multitarget.evojcl': { lines: 85, understood: 0, approximated: 0, ignored: 85, unknown: 0 },
      'sample_multitarget.jcl': { lines: 206, understood: 71, approximated: 1, ignored: 134, unknown: 0 },
    });
    const jcl = junosFilterRules({ path: 'sample_multitarget.jcl', text: readFileSync(path.join(rendered, 'sample_multitarget.jcl'), 'utf8') });
    expect([...jcl.filters.keys()]).toEqual(['edge-inbound', 'edge-outbound']);
    expect(jcl.filters.get('edge-inbound')?.map((x) => `${x.name}:${x.action}`)).toEqual([
      'deny-from-bogons:deny', 'deny-from-reserved:deny', 'deny-to-rfc1918:deny', 'permit-mail-services:permit', 'permit-web-services:permit',
      'permit-tcp-established:permit', 'permit-udp-established:permit', 'default-deny:deny',
    ]);
    expect(jcl.filters.get('edge-outbound')?.length).toBe(2);
    void parse;
  });
});

describe('junos: malformed input never throws', () => {
  it('every truncation and every single deleted line still imports, with every line accounted for', () => {
    for (const name of 'router.conf,srx.set'.split(',')) {
      const lines = read(name).split('\n');
      const variants = [...lines.keys()].flatMap((k) => [lines.slice(0, k), [...lines.slice(0, k), ...lines.slice(k + 1)], [...lines.slice(0, k), `${lines[k] ?? ''} "`, ...lines.slice(k + 1)]]);
      for (const v of variants) {
        const r = junosImporter.importDevice([{ path: name, text: v.join('\n') }], {});
        const records = r.ledgers[0]!.records();
        expect(records.length).toBe(r.ledgers[0]!.lines.length);
        expect(summarise(r.ledgers).lines).toBe(records.length);
      }
    }
  });
});

describe('junos: zones without placed interfaces', () => {
  it('junos-host policies are left out (approximated), undeclared zones are unknown, and a zone whose only interface has no address still loads standalone', async () => {
    const r = importText(`set interfaces ge-0/0/0 unit 0 family inet address 10.0.0.1/24
set interfaces ge-0/0/1 unit 0 family inet dhcp
set security zones security-zone a interfaces ge-0/0/0.0
set security zones security-zone b interfaces ge-0/0/1.0
set security zones security-zone b host-inbound-traffic system-services dhcp
set security policies from-zone a to-zone junos-host policy p match source-address any
set security policies from-zone a to-zone junos-host policy p match destination-address any
set security policies from-zone a to-zone junos-host policy p match application junos-ssh
set security policies from-zone a to-zone junos-host policy p then deny
set security policies from-zone a to-zone nowhere policy q match source-address any
set security policies from-zone a to-zone nowhere policy q match destination-address any
set security policies from-zone a to-zone nowhere policy q match application any
set security policies from-zone a to-zone nowhere policy q then permit`);
    const f = r.ledgers[0]!.records().map((x) => x.fate);
    expect(f.slice(5, 9)).toEqual(['approximated', 'approximated', 'approximated', 'approximated']);
    expect(f.slice(9)).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);
    const placed = placeDevice(r, {});
    expect(placed.ok).toBe(true);
    if (!placed.ok) return;
    expect(placed.diagnostics.map((d) => d.code)).toEqual(['IMP005', 'IMP005']);
    const loaded = await loadTopologyText(stringify(placed.file), 'srx.yaml');
    expect(loaded.ok ? [] : loaded.diagnostics.map((d) => d.message)).toEqual([]);
  });
});
