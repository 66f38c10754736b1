import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nxosImporter } from '../../src/import/formats/nxos.js';
import { summarise } from '../../src/import/ledger.js';
import { importerFor } from '../../src/import/registry.js';
import { aclPermitSet } from '../../src/symbolic/acl-set.js';
import { parseIpv4 } from '../../src/net/ipv4.js';
import { aclsOf, loadImported } from './fixtures/aerleon/load-fragment.js';

const FILE = 'nxos/acl.nxacl';
const text = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', FILE), 'utf8');
const ip = (a: string) => parseIpv4(a) as number;

describe('segproof import cisco-nxos', () => {
  it('is registered', () => expect(importerFor('cisco-nxos')).toBe(nxosImporter));

  it('turns each ip access-list into an ACL on a synthetic interface, with the implicit deny', () => {
    const imported = nxosImporter.importDevice([{ path: FILE, text }], {});
    expect(imported.interfaces.map((i) => i.name)).toEqual(['web-in']);
    expect(imported.fragment).toEqual({
      nodes: {
        acl: {
          kind: 'router',
          interfaces: {},
          acls: [
            {
              name: 'web-in',
              bind: { interface: 'web-in', direction: 'in' },
              default: 'deny',
              description: 'NX-OS ACL web-in (implicit deny at its end): nxos/acl.nxacl:3 ip access-list web-in',
              rules: [
                { name: 'l6', action: 'permit', src: '10.1.0.0/16', dst: '192.0.2.0/24', service: 'tcp/443', description: 'nxos/acl.nxacl:6 20 permit tcp 10.1.0.0/16 192.0.2.0/24 eq 443' },
                { name: 'l7', action: 'permit', dst: '192.0.2.10/32', service: 'tcp/8000-8080', description: 'nxos/acl.nxacl:7 30 permit tcp any 192.0.2.10/32 range 8000 8080' },
                { name: 'l8', action: 'deny', service: 'icmp/8', description: 'nxos/acl.nxacl:8 40 deny icmp any any echo' },
                { name: 'l9', action: 'permit', dst: '10.1.0.7/32', service: 'udp/53:any', description: 'nxos/acl.nxacl:9 50 permit udp any eq 53 10.1.0.7/32' },
                // established: widened to all TCP (approximated)
                { name: 'l10', action: 'permit', dst: '10.1.0.0/16', service: 'tcp/any', description: 'nxos/acl.nxacl:10 60 permit tcp any 10.1.0.0/16 established' },
                // line 11, a deny of fragments, is left out (approximated); host bits of 10.1.2.3/16 dropped
                { name: 'l12', action: 'permit', src: '10.1.0.0/16', description: 'nxos/acl.nxacl:12 80 permit ip 10.1.2.3/16 any' },
              ],
            },
          ],
        },
      },
    });
  });

  it('accounts for every line', () => {
    const imported = nxosImporter.importDevice([{ path: FILE, text }], {});
    const s = summarise(imported.ledgers);
    console.log(`${FILE}: understood ${s.understood}, approximated ${s.approximated}, ignored ${s.ignored}, unknown ${s.unknown}`);
    expect(s).toMatchObject({ lines: 15, understood: 7, approximated: 2, ignored: 6, unknown: 0 });
    const fates = imported.ledgers[0]!.records().map((r) => r.fate);
    expect(fates[3]).toBe('ignored'); // statistics per-entry
    expect([fates[9], fates[10]]).toEqual(['approximated', 'approximated']);
    expect([fates[13], fates[14]]).toEqual(['ignored', 'ignored']); // ipv6 access-list
  });

  it('loads, and the ACL decides as NX-OS would (implicit deny)', async () => {
    const imported = nxosImporter.importDevice([{ path: FILE, text }], {});
    const permit = aclPermitSet(aclsOf(await loadImported(imported), 'acl').get('web-in')!);
    const h = (src: string, dst: string, protocol: number, dstPort = 0, srcPort = 0, icmpType = 0) => ({ src: ip(src), dst: ip(dst), protocol, dstPort, srcPort, icmpType, icmpCode: 0 });
    expect(permit.contains(h('10.1.9.9', '192.0.2.77', 6, 443, 50000))).toBe(true);
    expect(permit.contains(h('10.2.9.9', '192.0.2.77', 6, 443, 50000))).toBe(false);
    expect(permit.contains(h('10.1.0.1', '8.8.8.8', 1, 0, 0, 8))).toBe(false); // echo denied before the permit ip
    expect(permit.contains(h('10.1.0.1', '8.8.8.8', 17, 53, 5353))).toBe(true);
    expect(permit.contains(h('172.16.0.1', '8.8.8.8', 17, 53, 5353))).toBe(false);
  });
});

describe('ACL-only renderings: IPv6 routing and DHCP relay', () => {
  it('an ipv6 access-list twin is ignored; IPv6 routing or addressing and a relay are unknown and verdict-changing (paths past the IPv4 ACLs)', () => {
    const lines = [
      'ipv6 access-list web6-in', ' 10 permit ipv6 any any', // 1, 2
      'ipv6 unicast-routing', // 3
      'interface Vlan10', ' ipv6 address 2001:db8::1/64', ' ip dhcp relay address 10.9.9.9', ' ip helper-address 10.9.9.9', // 4-7
    ];
    const records = nxosImporter.importDevice([{ path: 'a.nxacl', text: lines.join('\n') }], {}).ledgers[0]!.records();
    expect(records.map((r) => `${r.fate}${r.verdictChanging ? '!' : ''}`)).toEqual(['ignored', 'ignored', 'unknown!', 'unknown!', 'unknown!', 'unknown!', 'unknown!']);
    expect(records[2]!.reason).toMatch(/IPv6 routing or addressing in an ACL-only NX-OS rendering/);
  });
});

describe('ACL-only renderings on damaged input', () => {
  it('never throw, account for every line, and what they make always loads', async () => {
    const words = ['ip access-list x\n', 'no ip access-list web-in\n', ' permit', ' deny', ' tcp', ' any', ' host', ' eq', ' range 1', ' 10.0.0.0/33', ' 1.2.3.4 0.0.0.255', '\n', '  ', 'exit\n', ' remark'];
    let seed = 42;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 60; round++) {
      let t = text;
      for (let k = 0; k < 1 + rand(4); k++) {
        const at = rand(t.length + 1);
        t = `${t.slice(0, at)}${words[rand(words.length)] as string}${t.slice(at + (rand(3) === 0 ? rand(20) : 0))}`;
      }
      const imported = nxosImporter.importDevice([{ path: FILE, text: t }], {});
      expect(imported.ledgers[0]!.records().length).toBe(t.split('\n').length - (t.endsWith('\n') ? 1 : 0));
      await loadImported(imported);
    }
  });

  it('orders entries by sequence number, not file order, across a list written again', () => {
    const cfg = 'ip access-list edge\n  20 deny ip any any\n  10 permit tcp any 10.1.1.0/24 eq 80\nip access-list edge\n  15 permit tcp any 10.1.2.0/24 eq 443\n  permit udp any any eq 53\n';
    const imported = nxosImporter.importDevice([{ path: 'n.nxacl', text: cfg }], {});
    const acls = (imported.fragment.nodes?.n as { acls: { name: string; rules: { name: string }[] }[] }).acls;
    expect(acls.map((a) => a.rules.map((r) => r.name))).toEqual([['l3', 'l5', 'l2', 'l6']]);
    expect(summarise(imported.ledgers).unknown).toBe(0);
  });
});
