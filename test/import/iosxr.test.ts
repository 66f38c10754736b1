import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { iosxrImporter } from '../../src/import/formats/iosxr.js';
import { summarise } from '../../src/import/ledger.js';
import { importerFor } from '../../src/import/registry.js';
import { aclPermitSet } from '../../src/symbolic/acl-set.js';
import { parseIpv4 } from '../../src/net/ipv4.js';
import { aclsOf, loadImported } from './fixtures/aerleon/load-fragment.js';

const FILE = 'iosxr/acl.xacl';
const text = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', FILE), 'utf8');
const ip = (a: string) => parseIpv4(a) as number;

describe('segproof import cisco-iosxr', () => {
  it('is registered', () => expect(importerFor('cisco-iosxr')).toBe(iosxrImporter));

  it('reads ipv4 access-list entries (protocol ipv4, wildcards, named ports and ICMP names)', () => {
    const imported = iosxrImporter.importDevice([{ path: FILE, text }], {});
    const node = imported.fragment.nodes?.acl as { acls: { name: string; bind: unknown; default: string; rules: unknown[] }[] };
    expect(node.acls.map((a) => [a.name, a.bind, a.default])).toEqual([['mgmt-in', { interface: 'mgmt-in', direction: 'in' }, 'deny']]);
    expect(node.acls[0]?.rules).toEqual([
      { name: 'l4', action: 'permit', src: '10.1.0.0/16', dst: '192.0.2.5/32', service: 'tcp/22', description: 'iosxr/acl.xacl:4 20 permit tcp 10.1.0.0 0.0.255.255 host 192.0.2.5 eq ssh' },
      { name: 'l5', action: 'permit', src: '10.9.9.9/32', description: 'iosxr/acl.xacl:5 30 permit ipv4 host 10.9.9.9 any' },
      { name: 'l6', action: 'deny', service: 'udp/1-1023', description: 'iosxr/acl.xacl:6 40 deny udp any any range 1 1023' },
      { name: 'l7', action: 'permit', service: 'icmp/11/0', description: 'iosxr/acl.xacl:7 50 permit icmp any any ttl-exceeded' },
    ]);
    const s = summarise(imported.ledgers);
    console.log(`${FILE}: understood ${s.understood}, approximated ${s.approximated}, ignored ${s.ignored}, unknown ${s.unknown}`);
    expect(s).toMatchObject({ lines: 8, understood: 5, approximated: 0, ignored: 3, unknown: 0 });
  });

  it('loads, and the ACL decides as IOS-XR would (implicit deny)', async () => {
    const permit = aclPermitSet(aclsOf(await loadImported(iosxrImporter.importDevice([{ path: FILE, text }], {})), 'acl').get('mgmt-in')!);
    const h = (src: string, dst: string, protocol: number, dstPort = 0, srcPort = 0) => ({ src: ip(src), dst: ip(dst), protocol, dstPort, srcPort, icmpType: 0, icmpCode: 0 });
    expect(permit.contains(h('10.1.3.4', '192.0.2.5', 6, 22, 40000))).toBe(true);
    expect(permit.contains(h('10.1.3.4', '192.0.2.5', 6, 23, 40000))).toBe(false);
    expect(permit.contains(h('10.9.9.9', '203.0.113.1', 17, 53, 40000))).toBe(true);
  });

  it('reports an entry it cannot read at its column', () => {
    const imported = iosxrImporter.importDevice([{ path: 'x.xacl', text: 'ipv4 access-list a\n 10 permit tcp any host 300.1.1.1\n' }], {});
    const bad = imported.ledgers[0]!.records()[1]!;
    expect([bad.fate, bad.verdictChanging, bad.location.column]).toEqual(['unknown', true, 25]); // at 300.1.1.1
  });

  it('orders entries by sequence number, not file order: a list written again inserts by number (remarks take a number too)', () => {
    const cfg = [
      'ipv4 access-list edge', // 1
      ' 20 deny ipv4 any any', // 2
      ' 10 permit tcp any 10.1.1.0 0.0.0.255 eq www', // 3
      'ipv4 access-list pub', // 4
      ' 10 permit tcp any host 192.0.2.10 eq www', // 5
      ' 20 deny ipv4 any any', // 6
      'ipv4 access-list pub', // 7
      ' 15 permit tcp any host 10.1.1.20 eq www', // 8
      ' remark next: 30', // 9
      ' permit udp any any eq 53', // 10 (no number: 40, after the deny)
      ' 15 permit ipv4 any any', // 11 (number taken)
    ].join('\n');
    const imported = iosxrImporter.importDevice([{ path: 'a.xacl', text: cfg }], {});
    const acls = (imported.fragment.nodes?.a as { acls: { name: string; rules: { name: string }[] }[] }).acls;
    expect(acls.map((a) => [a.name, a.rules.map((r) => r.name)])).toEqual([['edge', ['l3', 'l2']], ['pub', ['l5', 'l8', 'l6', 'l10']]]);
    expect(imported.ledgers[0]!.records()[10]).toMatchObject({ fate: 'unknown', verdictChanging: true, reason: expect.stringMatching(/sequence number 15 is already taken/) });
  });

  it('the Internet-to-MN permit numbered 10 but written after the deny 20 passes', async () => {
    const cfg = 'ipv4 access-list edge\n 20 deny ipv4 any any\n 10 permit tcp any 10.1.1.0 0.0.0.255 eq www\n';
    const permit = aclPermitSet(aclsOf(await loadImported(iosxrImporter.importDevice([{ path: 'a.xacl', text: cfg }], {})), 'a').get('edge')!);
    const h = { src: ip('198.51.100.7'), dst: ip('10.1.1.20'), protocol: 6, dstPort: 80, srcPort: 40000, icmpType: 0, icmpCode: 0 };
    expect(permit.contains(h)).toBe(true);
  });
});
