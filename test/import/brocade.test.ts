import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { brocadeImporter } from '../../src/import/formats/brocade.js';
import { ledgerDiagnostics, summarise } from '../../src/import/ledger.js';
import { importerFor } from '../../src/import/registry.js';
import { aclsOf, loadImported } from './fixtures/aerleon/load-fragment.js';

const FILE = 'brocade/acl.bacl';
const text = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', FILE), 'utf8');

describe('segproof import brocade', () => {
  it('is registered', () => expect(importerFor('brocade')).toBe(brocadeImporter));

  it('reads ip access-list extended, and a line it cannot read is a verdict-changing unknown', async () => {
    const imported = brocadeImporter.importDevice([{ path: FILE, text }], {});
    const node = imported.fragment.nodes?.acl as { acls: { name: string; rules: unknown[] }[] };
    expect(node.acls[0]?.rules).toEqual([
      { name: 'l4', action: 'permit', dst: '198.51.100.1/32', service: 'tcp/25', description: 'brocade/acl.bacl:4 permit tcp any host 198.51.100.1 eq 25' },
      { name: 'l5', action: 'deny', src: '10.0.0.0/8', description: 'brocade/acl.bacl:5 deny ip 10.0.0.0 0.255.255.255 any' },
      { name: 'l6', action: 'permit', service: 'udp/1024-65535:any', description: 'brocade/acl.bacl:6 permit udp any gt 1023 any' },
    ]);
    const s = summarise(imported.ledgers);
    console.log(`${FILE}: understood ${s.understood}, approximated ${s.approximated}, ignored ${s.ignored}, unknown ${s.unknown}`);
    expect(s).toMatchObject({ lines: 8, understood: 4, approximated: 0, ignored: 3, unknown: 1, unknownVerdictChanging: 1 });
    const [d] = ledgerDiagnostics(imported.ledgers, false);
    expect([d?.code, d?.location?.line, d?.location?.column, d?.expected]).toEqual(['IMP001', 7, 2, 'ACL uplink: expected permit or deny, found "frobnicate"']);
    expect(aclsOf(await loadImported(imported), 'acl').get('uplink')?.rules.length).toBe(3);
  });
});
