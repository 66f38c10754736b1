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

  const ruleNames = (cfg: string) => {
    const imported = brocadeImporter.importDevice([{ path: 'b.bacl', text: cfg }], {});
    const acls = (imported.fragment.nodes?.b as { acls: { rules: { name: string }[] }[] }).acls;
    return { names: acls.map((a) => a.rules.map((r) => r.name)), imported };
  };

  it('orders FastIron entries by sequence number (`sequence N`), not file order, across a list written again', async () => {
    const cfg = [
      'ip access-list extended edge', // 1
      ' sequence 20 deny ip any any', // 2
      ' sequence 10 permit tcp any 10.1.1.0 0.0.0.255 eq 80', // 3
      'ip access-list extended edge', // 4
      ' sequence 15 permit tcp any 10.1.2.0 0.0.0.255 eq 443', // 5
      ' permit udp any any eq 53', // 6: 30, after the deny
    ].join('\n');
    const { names, imported } = ruleNames(cfg);
    expect(names).toEqual([['l3', 'l5', 'l2', 'l6']]);
    expect(summarise(imported.ledgers).unknown).toBe(0);
    await loadImported(imported);
    // bare numbers, which the reader has always taken (and had left in file order), are ordered the same way
    expect(ruleNames(cfg.replace(/ sequence /g, ' ')).names).toEqual([['l3', 'l5', 'l2', 'l6']]);
  });

  it('a remark may or may not take a number on FastIron: where that moves an unnumbered entry past a numbered one, the entry is unknown and verdict-changing', () => {
    const cfg = [
      'ip access-list extended edge', // 1
      ' sequence 10 permit tcp any host 10.1.1.1 eq 80', // 2
      ' remark block the rest of the subnet', // 3
      ' deny ip any 10.1.1.0 0.0.0.255', // 4: 30 if the remark took 20, else 20
      ' sequence 25 permit tcp any host 10.1.1.2 eq 443', // 5
    ].join('\n');
    const { imported } = ruleNames(cfg);
    expect(imported.ledgers[0]!.records()[3]).toMatchObject({ fate: 'unknown', verdictChanging: true });
    expect(summarise(imported.ledgers).unknownVerdictChanging).toBe(1);
    // without numbered entries after it, the remark's number changes no order
    expect(summarise(ruleNames(cfg.replace(' sequence 25 permit', ' permit')).imported.ledgers).unknown).toBe(0);
  });
});
