import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { aristaImporter } from '../../src/import/formats/arista.js';
import { summarise } from '../../src/import/ledger.js';
import { importerFor } from '../../src/import/registry.js';
import { aclsOf, loadImported } from './fixtures/aerleon/load-fragment.js';

const FILE = 'arista/acl.eacl';
const text = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', FILE), 'utf8');

describe('segproof import arista-eos', () => {
  it('is registered', () => expect(importerFor('arista-eos')).toBe(aristaImporter));

  it('reads extended and standard lists, A/len prefixes and EOS port names', async () => {
    const imported = aristaImporter.importDevice([{ path: FILE, text }], {});
    const node = imported.fragment.nodes?.acl as { acls: { name: string; rules: { name: string; src?: unknown; dst?: unknown; service?: unknown; action: string }[] }[] };
    expect(node.acls.map((a) => a.name)).toEqual(['edge', 'mgmt']);
    expect(node.acls[0]?.rules.map(({ name, action, src, dst, service }) => ({ name, action, src, dst, service }))).toEqual([
      { name: 'l4', action: 'permit', src: undefined, dst: '192.0.2.1/32', service: ['tcp/80', 'tcp/443'] },
      { name: 'l5', action: 'permit', src: '10.0.0.0/8', dst: undefined, service: 'udp/53' },
      { name: 'l6', action: 'deny', src: undefined, dst: '10.0.0.0/8', service: undefined },
      { name: 'l7', action: 'permit', src: undefined, dst: undefined, service: undefined },
    ]);
    expect(node.acls[1]?.rules).toEqual([{ name: 'l9', action: 'permit', src: '10.0.0.5/32', description: 'arista/acl.eacl:9 permit host 10.0.0.5' }]);
    const s = summarise(imported.ledgers);
    console.log(`${FILE}: understood ${s.understood}, approximated ${s.approximated}, ignored ${s.ignored}, unknown ${s.unknown}`);
    expect(s).toMatchObject({ lines: 9, understood: 7, approximated: 0, ignored: 2, unknown: 0 });
    const acls = aclsOf(await loadImported(imported), 'acl');
    expect([...acls.values()].map((a) => [a.name, a.defaultAction, a.binding])).toEqual([
      ['edge', 'deny', { type: 'interface', interface: 'edge', direction: 'in' }],
      ['mgmt', 'deny', { type: 'interface', interface: 'mgmt', direction: 'in' }],
    ]);
  });

  it('appends to a list written twice, and starts afresh after "no ip access-list"', () => {
    const twice = 'ip access-list a\n permit ip host 10.0.0.1 any\nip access-list a\n permit ip host 10.0.0.2 any\nno ip access-list a\nip access-list a\n permit ip host 10.0.0.3 any\n';
    const imported = aristaImporter.importDevice([{ path: 't.eacl', text: twice }], {});
    const node = imported.fragment.nodes?.t as { acls: { name: string; rules: { src?: unknown }[] }[] };
    expect(node.acls.map((a) => [a.name, a.rules.map((r) => r.src)])).toEqual([['a', ['10.0.0.3/32']]]);
    const appended = aristaImporter.importDevice([{ path: 't.eacl', text: twice.split('no ip')[0] as string }], {});
    expect((appended.fragment.nodes?.t as { acls: { rules: { src?: unknown }[] }[] }).acls[0]?.rules.map((r) => r.src)).toEqual(['10.0.0.1/32', '10.0.0.2/32']);
  });

  it('orders entries by sequence number, not file order', () => {
    const cfg = 'ip access-list edge\n   20 deny ip any any\n   10 permit tcp any 10.1.1.0/24 eq www\n   remark numbered 30\n   permit udp any any eq domain\n';
    const imported = aristaImporter.importDevice([{ path: 'e.eacl', text: cfg }], {});
    const acls = (imported.fragment.nodes?.e as { acls: { name: string; rules: { name: string }[] }[] }).acls;
    expect(acls.map((a) => a.rules.map((r) => r.name))).toEqual([['l3', 'l2', 'l5']]);
  });
});
