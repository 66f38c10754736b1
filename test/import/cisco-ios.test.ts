/**
 * `segproof import cisco-ios`: one small configuration per construct, each with its exact fragment,
 * the fate of its lines, and a load through the real loader.
 */
import { describe, expect, it } from 'vitest';
import { ciscoIosImporter } from '../../src/import/formats/cisco-ios.js';
import { summarise, type LineFate } from '../../src/import/ledger.js';
import { placeDevice } from '../../src/import/placement.js';
import { importerFor } from '../../src/import/registry.js';
import { renderImport } from '../../src/import/render.js';
import type { RawNode, RawRule } from '../../src/topology/format.js';
import { loadTopologyText } from '../../src/topology/load.js';

const FILE = 'r1.cfg';

function imp(text: string, dumps: { path: string; text: string }[] = []) {
  return ciscoIosImporter.importDevice([{ path: FILE, text }, ...dumps], {});
}

function node(text: string, dumps: { path: string; text: string }[] = []): RawNode {
  const i = imp(text, dumps);
  return i.fragment.nodes?.[i.device] as RawNode;
}

function fates(text: string): [number, LineFate, boolean][] {
  return imp(text).ledgers[0]!.records().filter((r) => r.fate !== 'ignored').map((r) => [r.location.line, r.fate, r.verdictChanging]);
}

function rulesOf(n: RawNode, acl: string): RawRule[] {
  const found = ('acls' in n ? n.acls ?? [] : []).find((a) => a.name === acl);
  if (!found) throw new Error(`no ACL ${acl}`);
  return found.rules;
}

/** The first rule of every out ACL: IOS does not filter what the router sends itself. */
const fromSelf = (...own: string[]): RawRule => ({
  name: 'from-self',
  action: 'permit',
  src: own.length === 1 ? own[0]! : own,
  description: 'IOS: an out ACL does not filter what the router sends itself; permitted (over-approximation: a forged source of these addresses passes too)',
});

/** A rule from the vendor line `line`; named by its sequence number (implicit: 10, 20, … within its ACL). */
const rule = (line: number, text: string, fields: Omit<RawRule, 'name' | 'description'>, seq = 10): RawRule => ({ name: `s${seq}`, ...fields, description: `${FILE}:${line} ${text}` });

async function loads(text: string): Promise<void> {
  const imported = imp(text);
  const placed = placeDevice(imported, {});
  if (!placed.ok) throw new Error(placed.diagnostics.map((d) => d.message).join('\n'));
  const result = await loadTopologyText(renderImport(placed.file, 'cisco-ios', summarise(imported.ledgers)), 'imported.yaml');
  if (!result.ok) throw new Error(result.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
}

describe('segproof import cisco-ios', () => {
  it('is registered', () => expect(importerFor('cisco-ios')).toBe(ciscoIosImporter));

  it('numbered standard and extended ACLs: wildcards, host, any, port operators, named ports, ICMP names, protocols', async () => {
    const text = [
      'hostname r1', // 1
      'access-list 10 permit 10.1.0.0 0.0.255.255', // 2
      'access-list 10 deny   host 10.2.0.1', // 3
      'access-list 10 permit 10.3.0.7', // 4: a bare address in a standard list is a host
      'access-list 10 remark standard list', // 5
      'access-list 110 permit tcp 10.1.0.0 0.0.0.255 eq 22 any', // 6: source port
      'access-list 110 permit udp any host 10.9.9.9 eq domain bootps', // 7: several named ports
      'access-list 110 deny   tcp any any neq www', // 8
      'access-list 110 permit tcp any any lt 1024 log', // 9
      'access-list 110 permit tcp any gt 1023 any range 8000 8080', // 10
      'access-list 110 permit icmp any any echo-reply', // 11
      'access-list 110 permit icmp any any port-unreachable', // 12
      'access-list 110 permit icmp any any 3 4', // 13
      'access-list 110 permit gre any any', // 14
      'access-list 110 permit 89 any any', // 15
      'access-list 1300 permit 192.0.2.0 0.0.0.255', // 16: expanded standard range
      'access-list 2000 deny ip any host 192.0.2.9', // 17: expanded extended range
      'interface Gi0/1', // 18
      ' ip address 10.1.0.1 255.255.255.0', // 19
      ' ip access-group 110 in', // 20
      ' ip access-group 10 out', // 21
      'interface Gi0/2', // 22
      ' ip address 192.0.2.1 255.255.255.0', // 23
      ' ip access-group 1300 in', // 24
      ' ip access-group 2000 out', // 25
    ].join('\n');
    const n = node(text);
    expect(rulesOf(n, '_110-Gi0_1-in')).toEqual([
      rule(6, 'access-list 110 permit tcp 10.1.0.0 0.0.0.255 eq 22 any', { action: 'permit', src: '10.1.0.0/24', service: 'tcp/22:any' }),
      rule(7, 'access-list 110 permit udp any host 10.9.9.9 eq domain bootps', { action: 'permit', dst: '10.9.9.9/32', service: ['udp/53', 'udp/67'] }, 20),
      rule(8, 'access-list 110 deny tcp any any neq www', { action: 'deny', service: ['tcp/0-79', 'tcp/81-65535'] }, 30),
      rule(9, 'access-list 110 permit tcp any any lt 1024 log', { action: 'permit', service: 'tcp/0-1023' }, 40),
      rule(10, 'access-list 110 permit tcp any gt 1023 any range 8000 8080', { action: 'permit', service: 'tcp/1024-65535:8000-8080' }, 50),
      rule(11, 'access-list 110 permit icmp any any echo-reply', { action: 'permit', service: 'icmp/0' }, 60),
      rule(12, 'access-list 110 permit icmp any any port-unreachable', { action: 'permit', service: 'icmp/3/3' }, 70),
      rule(13, 'access-list 110 permit icmp any any 3 4', { action: 'permit', service: 'icmp/3/4' }, 80),
      rule(14, 'access-list 110 permit gre any any', { action: 'permit', service: 'gre' }, 90),
      rule(15, 'access-list 110 permit 89 any any', { action: 'permit', service: '89' }, 100),
    ]);
    expect(rulesOf(n, '_10-Gi0_1-out')).toEqual([
      fromSelf('10.1.0.1/32', '192.0.2.1/32'),
      rule(2, 'access-list 10 permit 10.1.0.0 0.0.255.255', { action: 'permit', src: '10.1.0.0/16' }),
      rule(3, 'access-list 10 deny host 10.2.0.1', { action: 'deny', src: '10.2.0.1/32' }, 20),
      rule(4, 'access-list 10 permit 10.3.0.7', { action: 'permit', src: '10.3.0.7/32' }, 30),
    ]);
    expect(rulesOf(n, '_1300-Gi0_2-in')).toEqual([rule(16, 'access-list 1300 permit 192.0.2.0 0.0.0.255', { action: 'permit', src: '192.0.2.0/24' })]);
    expect(rulesOf(n, '_2000-Gi0_2-out')).toEqual([fromSelf('10.1.0.1/32', '192.0.2.1/32'), rule(17, 'access-list 2000 deny ip any host 192.0.2.9', { action: 'deny', dst: '192.0.2.9/32' })]);
    expect(('acls' in n ? n.acls ?? [] : []).map((a) => [a.name, a.bind, a.default])).toEqual([
      ['_110-Gi0_1-in', { interface: 'Gi0_1', direction: 'in' }, 'deny'],
      ['_10-Gi0_1-out', { interface: 'Gi0_1', direction: 'out' }, 'deny'],
      ['_1300-Gi0_2-in', { interface: 'Gi0_2', direction: 'in' }, 'deny'],
      ['_2000-Gi0_2-out', { interface: 'Gi0_2', direction: 'out' }, 'deny'],
    ]);
    expect(summarise(imp(text).ledgers)).toMatchObject({ lines: 25, understood: 24, ignored: 1, unknown: 0, approximated: 0 });
    await loads(text);
  });

  it('non-contiguous wildcards: expanded exactly; beyond 256 ranges a permit is widened to the covering prefix and a deny dropped', () => {
    const text = [
      'access-list 120 permit ip 10.0.0.0 0.0.3.0 any', // 1: 10.0.{0,1,2,3}.0
      'access-list 120 deny ip 0.0.0.1 255.255.255.254 any', // 2: odd addresses: 2^31 ranges → dropped
      'access-list 120 permit ip 0.0.0.1 255.255.255.254 any', // 3: → 0.0.0.0/0, widened
      'interface Gi0/1',
      ' ip address 10.0.0.1 255.255.255.0',
      ' ip access-group 120 in',
    ].join('\n');
    expect(rulesOf(node(text), '_120-Gi0_1-in')).toEqual([
      rule(1, 'access-list 120 permit ip 10.0.0.0 0.0.3.0 any', { action: 'permit', src: ['10.0.0.0/32', '10.0.1.0/32', '10.0.2.0/32', '10.0.3.0/32'] }),
      rule(3, 'access-list 120 permit ip 0.0.0.1 255.255.255.254 any', { action: 'permit', src: '0.0.0.0/0' }, 30),
    ]);
    expect(fates(text).slice(0, 3)).toEqual([[1, 'understood', false], [2, 'approximated', true], [3, 'approximated', true]]);
  });

  it('established: a permit is widened to all TCP, a deny is dropped (both approximated)', () => {
    const text = [
      'ip access-list extended EST', // 1
      ' permit tcp any 10.0.0.0 0.0.0.255 established', // 2
      ' deny tcp any any established', // 3
      ' deny tcp any any', // 4
      'interface Gi0/1',
      ' ip address 10.0.0.1 255.255.255.0',
      ' ip access-group EST in',
    ].join('\n');
    expect(rulesOf(node(text), 'EST-Gi0_1-in')).toEqual([
      rule(2, 'permit tcp any 10.0.0.0 0.0.0.255 established', { action: 'permit', dst: '10.0.0.0/24', service: 'tcp/any' }),
      rule(4, 'deny tcp any any', { action: 'deny', service: 'tcp/any' }, 30),
    ]);
    expect(fates(text).slice(0, 4)).toEqual([[1, 'understood', false], [2, 'approximated', true], [3, 'approximated', true], [4, 'understood', false]]);
  });

  it('named ACLs with sequence numbers and NX-OS-style prefixes (host bits masked away)', () => {
    const text = [
      'ip access-list acl_in', // 1
      '  30 deny icmp any any redirect', // 2
      '  50 permit udp 117.186.185.0/24 range 49152 65535 117.186.185.0/24 eq 3784', // 3
      '  670 permit ip 166.146.58.184 any', // 4
      '  1400 deny ip any 11.36.199.2/30', // 5
      'interface Ethernet1/1/1', // 6
      '  ip access-group acl_in in', // 7
      '  ip address 117.186.185.189/31', // 8
    ].join('\n');
    // the sequence number names the rule (stable across versions, so `diff` pairs them)
    const seq = (n: string, r: RawRule): RawRule => ({ ...r, name: `s${n}` });
    expect(rulesOf(node(text), 'acl_in-Ethernet1_1_1-in')).toEqual([
      seq('30', rule(2, '30 deny icmp any any redirect', { action: 'deny', service: 'icmp/5' })),
      seq('50', rule(3, '50 permit udp 117.186.185.0/24 range 49152 65535 117.186.185.0/24 eq 3784', { action: 'permit', src: '117.186.185.0/24', dst: '117.186.185.0/24', service: 'udp/49152-65535:3784' })),
      seq('670', rule(4, '670 permit ip 166.146.58.184 any', { action: 'permit', src: '166.146.58.184/32' })),
      seq('1400', rule(5, '1400 deny ip any 11.36.199.2/30', { action: 'deny', dst: '11.36.199.0/30' })),
    ]);
  });

  it('entries are evaluated in sequence-number order, not file order: a re-opened list inserts by number; `no N` deletes; resequence renumbers', () => {
    const text = [
      'ip access-list extended EDGE', // 1
      ' 20 deny ip any any', // 2
      ' 10 permit tcp any 10.1.1.0 0.0.0.255 eq 80', // 3
      'ip access-list extended PUB', // 4
      ' 10 permit tcp any host 192.0.2.10 eq www', // 5
      ' 20 deny ip any any', // 6
      '! a later change: publish the web server before the final deny', // 7
      'ip access-list extended PUB', // 8
      ' 15 permit tcp any host 10.1.1.20 eq www', // 9
      ' permit udp any any eq 53', // 10 (no number: 10 past the highest, 30, after the deny)
      ' 15 permit ip any any', // 11 (number taken: IOS refuses it)
      'ip access-list extended DEL', // 12
      ' 10 deny tcp any any eq 22', // 13
      ' 20 permit ip any any', // 14
      ' no 10', // 15
      'ip access-list resequence PUB 100 100', // 16
      'ip access-list extended PUB', // 17
      ' 250 permit icmp any any', // 18 (between 200, the former 15, and 300, the deny)
      'access-list 101 deny tcp any any eq 23', // 19 (numbered: file order)
      'access-list 101 permit ip any any', // 20
      'interface GigabitEthernet0/0', // 21
      ' ip address 203.0.113.1 255.255.255.0', // 22
      ' ip access-group EDGE in', // 23
      ' ip access-group PUB out', // 24
      'interface GigabitEthernet0/1', // 25
      ' ip address 10.1.1.1 255.255.255.0', // 26
      ' ip access-group DEL in', // 27
      ' ip access-group 101 out', // 28
    ].join('\n');
    const n = node(text);
    const lines = (acl: string) => rulesOf(n, acl).filter((r) => r.name !== 'from-self').map((r) => `${r.name} ${r.description!.split(' ')[0]}`);
    expect(lines('EDGE-GigabitEthernet0_0-in')).toEqual(['s10 r1.cfg:3', 's20 r1.cfg:2']);
    expect(lines('PUB-GigabitEthernet0_0-out')).toEqual(['s100 r1.cfg:5', 's200 r1.cfg:9', 's250 r1.cfg:18', 's300 r1.cfg:6', 's400 r1.cfg:10']);
    expect(lines('DEL-GigabitEthernet0_1-in')).toEqual(['s20 r1.cfg:14']);
    expect(lines('_101-GigabitEthernet0_1-out')).toEqual(['s10 r1.cfg:19', 's20 r1.cfg:20']);
    const records = imp(text).ledgers[0]!.records();
    expect(records[10]).toMatchObject({ fate: 'ignored', reason: expect.stringMatching(/sequence number 15 is already taken/) });
    expect([13, 15, 16].map((line) => records[line - 1]!.fate)).toEqual(['ignored', 'understood', 'understood']);
    expect(summarise(imp(text).ledgers).unknownVerdictChanging).toBe(0);
  });

  it('`no ip access-list` / `no access-list` delete what was defined before; the definition after stands alone', () => {
    const text = [
      'ip access-list extended EDGE', // 1
      ' permit ip any any', // 2
      'no ip access-list extended EDGE', // 3
      'ip access-list extended EDGE', // 4
      ' permit tcp any host 10.0.0.5 eq 443', // 5
      'access-list 101 permit ip any any', // 6
      'no access-list 101', // 7
      'interface Ethernet0', // 8
      ' ip address 10.0.0.1 255.255.255.0', // 9
      ' ip access-group EDGE in', // 10
      ' ip access-group 101 out', // 11
    ].join('\n');
    expect(rulesOf(node(text), 'EDGE-Ethernet0-in').map((r) => r.description)).toEqual(['r1.cfg:5 permit tcp any host 10.0.0.5 eq 443']);
    const records = imp(text).ledgers[0]!.records();
    expect([2, 3, 6, 7].map((line) => records[line - 1]!.fate)).toEqual(['ignored', 'understood', 'ignored', 'understood']);
    expect(summarise(imp(text).ledgers).unknownVerdictChanging).toBe(0);
  });

  it('object-groups: network groups become address objects, service groups are expanded', async () => {
    const text = [
      'object-group network admin', // 1
      ' 10.1.0.0 255.255.254.0', // 2 (subnet mask; host bits masked)
      ' host 10.9.0.1', // 3
      ' range 10.9.0.10 10.9.0.20', // 4
      'object-group network all-admin', // 5
      ' group-object admin', // 6
      ' description nested', // 7
      'object-group service web', // 8
      ' tcp eq www', // 9
      ' tcp range 8080 8081', // 10
      ' udp source eq 53', // 11
      ' tcp-udp eq domain', // 12
      ' icmp echo', // 13
      'ip access-list extended USE', // 14
      ' permit object-group web object-group all-admin any', // 15
      'interface Gi0/1',
      ' ip address 10.1.0.1 255.255.254.0',
      ' ip access-group USE in',
    ].join('\n');
    const i = imp(text);
    expect(i.fragment.objects).toEqual({ addresses: { admin: ['10.1.0.0/23', '10.9.0.1/32', '10.9.0.10-10.9.0.20'], 'all-admin': ['admin'] } });
    expect(rulesOf(node(text), 'USE-Gi0_1-in')).toEqual([
      rule(15, 'permit object-group web object-group all-admin any', { action: 'permit', src: 'all-admin', service: ['tcp/80', 'tcp/8080-8081', 'udp/53:any', 'tcp/53', 'udp/53', 'icmp/8'] }),
    ]);
    expect(summarise(i.ledgers)).toMatchObject({ lines: 18, understood: 17, ignored: 1, unknown: 0 });
    await loads(text);
  });

  it('access-groups bind per address (secondaries) and per sub-interface; an undefined ACL filters nothing; shut interfaces are left out', async () => {
    const text = [
      'hostname edge', // 1
      'ip access-list standard STD', // 2
      ' permit 172.16.0.0 0.15.255.255', // 3
      'interface GigabitEthernet0/1', // 4
      ' description users', // 5
      ' ip address 10.1.0.1 255.255.255.0', // 6
      ' ip address 10.1.1.1 255.255.255.0 secondary', // 7
      ' ip access-group STD out', // 8
      'interface GigabitEthernet0/2.20', // 9
      ' encapsulation dot1Q 20', // 10
      ' ip address 192.0.2.1 255.255.255.0', // 11
      ' ip access-group MISSING in', // 12
      'interface Vlan30', // 13
      ' ip address 198.51.100.1 255.255.255.0', // 14
      ' shutdown', // 15
    ].join('\n');
    const i = imp(text);
    expect(i.device).toBe('edge');
    expect(i.interfaces).toEqual([
      { name: 'GigabitEthernet0/1', cidr: '10.1.0.1/24', description: 'users', zone: undefined, line: { file: FILE, line: 4 } },
      { name: 'GigabitEthernet0/1-sec1', cidr: '10.1.1.1/24', description: 'secondary address of GigabitEthernet0/1', zone: undefined, line: { file: FILE, line: 7 } },
      { name: 'GigabitEthernet0/2.20', cidr: '192.0.2.1/24', description: undefined, zone: undefined, line: { file: FILE, line: 9 } },
    ]);
    const std = [fromSelf('10.1.0.1/32', '10.1.1.1/32', '192.0.2.1/32'), rule(3, 'permit 172.16.0.0 0.15.255.255', { action: 'permit', src: '172.16.0.0/12' })];
    expect(i.fragment).toEqual({
      nodes: {
        edge: {
          kind: 'router',
          interfaces: {},
          acls: [
            { name: 'STD-GigabitEthernet0_1-out', bind: { interface: 'GigabitEthernet0_1', direction: 'out' }, default: 'deny', rules: std, description: `${FILE}:8 ip access-group STD out` },
            { name: 'STD-GigabitEthernet0_1-sec1-out', bind: { interface: 'GigabitEthernet0_1-sec1', direction: 'out' }, default: 'deny', rules: std, description: `${FILE}:8 ip access-group STD out` },
          ],
        },
      },
    });
    expect(i.ledgers[0]!.records()[11]).toMatchObject({ fate: 'ignored', reason: 'ACL MISSING is not defined: IOS filters nothing with it' });
    await loads(text);
  });

  it('a secondary subnet shares the interface\'s broadcast domain: unknown and verdict-changing (its hosts reach the primary\'s without the router); one in the primary\'s subnet is not', async () => {
    const text = [
      'hostname core2', // 1
      'interface Vlan300', // 2
      ' ip address 10.30.0.1 255.255.255.0', // 3
      ' ip address 10.10.10.1 255.255.255.0 secondary', // 4
      ' ip address 10.30.0.2 255.255.255.0 secondary', // 5
      ' ip access-group V300_IN in', // 6
      'ip access-list extended V300_IN', // 7
      ' deny ip any any', // 8
    ].join('\n');
    const i = imp(text);
    // the secondary subnet is still modelled (its connected route and the interface's ACL)
    expect(i.interfaces.map((d) => d.cidr)).toEqual(['10.30.0.1/24', '10.10.10.1/24']);
    const records = i.ledgers[0]!.records();
    expect(records[3]).toMatchObject({
      fate: 'unknown',
      verdictChanging: true,
      reason: "10.10.10.0/24 and 10.30.0.0/24 share Vlan300's broadcast domain; hosts of one reach the other without the router (segproof puts each subnet on a segment of its own)",
    });
    expect(records[4]).toMatchObject({ fate: 'unknown', verdictChanging: false });
    expect(summarise(i.ledgers)).toMatchObject({ unknown: 2, unknownVerdictChanging: 1 });
    await loads(text);
    // without the secondary subnet the import is complete
    expect(summarise(imp(text.replace(' ip address 10.10.10.1 255.255.255.0 secondary', ' description INET servers')).ledgers)).toMatchObject({ unknownVerdictChanging: 0 });
  });

  it('`ip directed-broadcast` is unknown and verdict-changing (a packet to the subnet broadcast reaches every host there); `no ip directed-broadcast`, the default, is harmless', () => {
    const text = [
      'hostname core3', // 1
      'interface Vlan120', // 2
      ' ip address 10.10.20.1 255.255.255.0', // 3
      ' ip directed-broadcast', // 4
      'interface Vlan400', // 5
      ' ip address 10.40.0.1 255.255.255.0', // 6
      ' no ip directed-broadcast', // 7
      'interface Vlan500', // 8
      ' ip directed-broadcast 101', // 9
      ' ip address 10.50.0.1 255.255.255.0', // 10
      ' shutdown', // 11
    ].join('\n');
    const records = imp(text).ledgers[0]!.records();
    expect(records[3]).toMatchObject({ fate: 'unknown', verdictChanging: true, reason: "directed broadcasts to 10.10.20.0/24 reach every host on it (segproof delivers a packet to a subnet's broadcast address to no host)" });
    expect(records[6]).toMatchObject({ fate: 'ignored' });
    expect(records[8]).toMatchObject({ fate: 'ignored', reason: 'the interface is shut down' });
    expect(summarise(imp(text).ledgers)).toMatchObject({ unknown: 1, unknownVerdictChanging: 1 });
  });

  it('an applied ACL without entries (only a remark, or its entries deleted) permits everything on IOS: nothing is bound', () => {
    const text = [
      'hostname r2', // 1
      'interface GigabitEthernet0/0', // 2
      ' ip address 203.0.113.1 255.255.255.0', // 3
      ' ip access-group EDGE in', // 4
      ' ip access-group 101 out', // 5
      'interface GigabitEthernet0/1', // 6
      ' ip address 10.1.1.1 255.255.255.0', // 7
      ' ip access-group MN-IN in', // 8
      'ip access-list extended EDGE', // 9
      ' remark rules to be added after the maintenance window', // 10
      'access-list 101 remark outbound rules pending', // 11
      'ip access-list extended MN-IN', // 12
      ' deny ip any any', // 13
    ].join('\n');
    const n = node(text);
    expect(('acls' in n ? n.acls ?? [] : []).map((a) => a.name)).toEqual(['MN-IN-GigabitEthernet0_1-in']);
    const records = imp(text).ledgers[0]!.records();
    expect(records[3]).toMatchObject({ fate: 'ignored', reason: expect.stringMatching(/EDGE has no entries.*permits all traffic/) });
    expect(records[4]).toMatchObject({ fate: 'ignored', reason: expect.stringMatching(/101 has no entries/) });
    expect(summarise(imp(text).ledgers).unknownVerdictChanging).toBe(0);
  });

  it('static routes: next hop, null route, interface with next hop', () => {
    const text = [
      'interface Gi0/1',
      ' ip address 192.0.2.1 255.255.255.0',
      'ip route 0.0.0.0 0.0.0.0 192.0.2.254', // 3
      'ip route 10.50.0.0 255.255.0.0 Null0', // 4
      'ip route 10.60.0.0 255.255.0.0 Gi0/1 192.0.2.9 200 name backup', // 5
      'ip route 10.70.0.0 255.255.0.0 203.0.113.1', // 6: not on a connected subnet
    ].join('\n');
    expect(node(text)).toEqual({
      kind: 'router',
      interfaces: {},
      routes: [{ prefix: '0.0.0.0/0', via: '192.0.2.254' }, { prefix: '10.50.0.0/16', drop: true }, { prefix: '10.60.0.0/16', via: '192.0.2.9' }],
    });
    expect(fates(text).slice(2)).toEqual([[3, 'understood', false], [4, 'understood', false], [5, 'understood', false], [6, 'unknown', true]]);
  });

  it('forwarding-table dump (Stanford format): via, attached, receive, drop, Null0, ECMP continuation lines', () => {
    const config = [
      'interface Vlan2',
      ' ip address 172.20.4.1 255.255.255.128',
      'interface Te1/1',
      ' ip address 171.64.1.1 255.255.255.0',
      'router ospf 1', // 5: accounted for by the table
      ' network 171.64.0.0 0.0.255.255 area 0',
    ].join('\n');
    const table = [
      'Prefix               Next Hop             Interface', // 1
      '0.0.0.0/0            172.20.4.2           Vlan2', // 2
      '0.0.0.0/8            drop', // 3
      '10.0.0.0/8           attached             Null0', // 4
      '172.20.4.0/25        attached             Vlan2', // 5 connected
      '172.20.4.5/32        attached             Vlan2', // 6 host adjacency
      '172.20.4.1/32        receive              Vlan2', // 7 own address
      '172.20.4.127/32      receive              Vlan2', // 8 broadcast
      '10.3.0.0/16          171.64.1.9           Te1/1', // 9
      '                     172.20.4.3           Vlan2', // 10 ECMP
      '171.67.32.0/28       171.67.1.9           Null0', // 11
      '224.0.0.0/4          multicast', // 12
      '10.9.0.0/16          10.200.0.1           Vlan99', // 13: next hop on no interface
    ].join('\n');
    const i = imp(config, [{ path: 'r1.route', text: table }]);
    expect((i.fragment.nodes?.[i.device] as { routes: unknown }).routes).toEqual([
      { prefix: '0.0.0.0/0', via: '172.20.4.2' },
      { prefix: '0.0.0.0/8', drop: true },
      { prefix: '10.0.0.0/8', drop: true },
      { prefix: '10.3.0.0/16', via: '171.64.1.9' },
      { prefix: '10.3.0.0/16', via: '172.20.4.3' },
      { prefix: '171.67.32.0/28', drop: true },
    ]);
    const t = i.ledgers[1]!.records().map((r) => `${r.location.line}:${r.fate}${r.verdictChanging ? '!' : ''}`);
    expect(t).toEqual(['1:ignored', '2:understood', '3:understood', '4:understood', '5:understood', '6:understood', '7:understood', '8:ignored', '9:understood', '10:understood', '11:understood', '12:ignored', '13:unknown!']);
    expect(i.ledgers[0]!.records()[4]).toMatchObject({ fate: 'ignored' });
  });

  it('without a forwarding table, a routing-protocol block is unknown and verdict-changing (its routes are missing)', () => {
    const text = ['router bgp 65001', ' neighbor 10.0.0.2 remote-as 2', ' address-family ipv4', '  network 10.0.0.0', ' exit-address-family'].join('\n');
    expect(fates(text)).toEqual([[1, 'unknown', true], [2, 'unknown', false], [3, 'unknown', false], [4, 'unknown', false], [5, 'unknown', false]]);
  });

  it('NAT: static and interface overload become destination and source NAT on the outside interface', async () => {
    const text = [
      'interface Gi0/0', // 1
      ' ip address 203.0.113.2 255.255.255.0',
      ' ip nat outside',
      'interface Gi0/1', // 4
      ' ip address 10.0.0.1 255.255.255.0',
      ' ip nat inside',
      'access-list 1 permit 10.0.0.0 0.0.0.255', // 7
      'ip nat inside source static 10.0.0.10 203.0.113.10', // 8
      'ip nat inside source list 1 interface Gi0/0 overload', // 9
      'ip nat pool P 203.0.113.20 203.0.113.30 netmask 255.255.255.0', // 10: pools are not modelled
    ].join('\n');
    expect(node(text)).toEqual({
      kind: 'router',
      interfaces: {},
      nat: [
        { name: 'static-in-Gi0_0-l8', type: 'destination', interface: 'Gi0_0', dst: '203.0.113.10/32', translateTo: '10.0.0.10' },
        { name: 'static-out-Gi0_0-l8', type: 'source', interface: 'Gi0_0', src: '10.0.0.10/32', translateTo: '203.0.113.10' },
        { name: 'overload-Gi0_0-l9', type: 'source', interface: 'Gi0_0', src: '10.0.0.0/24', translateTo: '203.0.113.2' },
      ],
    });
    expect(fates(text).slice(-3)).toEqual([[8, 'understood', false], [9, 'understood', false], [10, 'unknown', true]]);
    await loads(text.split('\n').slice(0, 9).join('\n'));
  });

  it('NAT on an outside interface that an ACL filters is unknown: IOS filters before translating, segproof after', () => {
    const text = [
      'interface Gi0/0',
      ' ip address 203.0.113.2 255.255.255.0',
      ' ip nat outside',
      ' ip access-group 100 in',
      'access-list 100 permit ip any any',
      'ip nat inside source static 10.0.0.10 203.0.113.10', // 6
    ].join('\n');
    expect(fates(text).at(-1)).toEqual([6, 'unknown', true]);
  });

  it('interface features: uRPF approximated, PBR with an undefined route-map ignored, a defined one and a DHCP helper unknown', () => {
    const text = [
      'interface Vlan10', // 1
      ' ip address 10.0.0.1 255.255.255.0',
      ' ip verify unicast source reachable-via rx allow-default', // 3
      ' ip policy route-map gnat-1', // 4
      ' ip helper-address 10.9.9.9', // 5
      ' standby 10 ip 10.0.0.254', // 6
      'interface Vlan11', // 7
      ' ip address 10.0.1.1 255.255.255.0',
      ' ip policy route-map steer', // 9
      'route-map steer permit 10', // 10
      ' set ip next-hop 10.0.0.9', // 11
      'line vty 0 4', // 12
      ' access-class 5 in', // 13
    ].join('\n');
    const records = imp(text).ledgers[0]!.records();
    expect(records.map((r) => `${r.location.line}:${r.fate}${r.verdictChanging ? '!' : ''}`)).toEqual([
      '1:understood', '2:understood', '3:approximated!', '4:ignored', '5:unknown!', '6:unknown', '7:understood', '8:understood', '9:unknown!', '10:unknown!', '11:unknown!', '12:ignored', '13:approximated!',
    ]);
  });

  it('IPv6: routed between two interfaces it is unknown and verdict-changing (it passes the IPv4 ACLs); on one interface, or unrouted, ignored', () => {
    const config = (routing: boolean, second: boolean) => [
      ...(routing ? ['ipv6 unicast-routing'] : []), // 1
      'interface Vlan10',
      ' ip address 10.0.0.1 255.255.255.0',
      ' ip access-group 100 in',
      ' ipv6 address 2001:db8:10::1/64',
      'interface Vlan20',
      ' ip address 10.0.1.1 255.255.255.0',
      ...(second ? [' ipv6 address 2001:db8:20::1/64'] : []),
      'access-list 100 deny ip any any',
    ].join('\n');
    const routingLine = (text: string) => imp(text).ledgers[0]!.records().find((r) => r.location.line === 1)!;
    expect(routingLine(config(true, true))).toMatchObject({ fate: 'unknown', verdictChanging: true });
    expect(routingLine(config(true, true)).reason).toMatch(/IPv6 is routed between Vlan10, Vlan20/);
    expect(routingLine(config(true, false))).toMatchObject({ fate: 'ignored', verdictChanging: false });
    expect(imp(config(false, true)).ledgers[0]!.records().every((r) => !r.verdictChanging || r.fate !== 'unknown')).toBe(true);
  });

  it('an unparsable entry is unknown, verdict-changing only in an ACL that is applied; a bad address is a diagnostic, not a crash', () => {
    const text = [
      'access-list 150 permit tcp any any eq nosuchport', // 1 (used)
      'access-list 151 permit tcp any host 300.1.1.1', // 2 (unused)
      'interface Gi0/1',
      ' ip address 10.0.0.1 255.255.255.0',
      ' ip access-group 150 in',
    ].join('\n');
    const records = imp(text).ledgers[0]!.records();
    expect(records[0]).toMatchObject({ fate: 'unknown', verdictChanging: true, reason: 'ACL 150: unknown port "nosuchport"' });
    expect(records[1]).toMatchObject({ fate: 'unknown', verdictChanging: false });
  });

  it('CBAC (`ip inspect` on an interface) is unknown: it opens the ACLs for replies, which a stateless router model would deny', () => {
    const text = ['ip inspect name FW tcp', 'interface Gi0/1', ' ip address 10.0.0.1 255.255.255.0', ' ip inspect FW out', ' ip ips SIG in'].join('\n');
    expect(fates(text)).toEqual([[2, 'understood', false], [3, 'understood', false], [4, 'unknown', true], [5, 'approximated', true]]);
  });
});
