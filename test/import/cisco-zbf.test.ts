/**
 * Cisco IOS zone-based firewall: a hand-written configuration (zones, a zone-less interface,
 * match-any/match-all class-maps, inspect/pass/drop, the self zone) against its checked-in expected
 * YAML, and concrete packets through the imported firewall.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ciscoIosImporter } from '../../src/import/formats/cisco-ios.js';
import { summarise } from '../../src/import/ledger.js';
import { FIXTURES, fixture, loadWithHosts, standaloneYaml, tcp } from './fixtures/cisco/support.js';

const imported = () => ciscoIosImporter.importDevice([fixture('zbf.cfg')], {});

describe('cisco-ios zone-based firewall', () => {
  it('matches the expected standalone topology exactly', () => {
    expect(standaloneYaml(ciscoIosImporter, imported())).toBe(readFileSync(path.join(FIXTURES, 'zbf.expected.yaml'), 'utf8'));
  });

  it('is a stateful firewall; `pass` is the only approximation', () => {
    const i = imported();
    expect(i.fragment.nodes?.zbf1).toMatchObject({ kind: 'firewall', stateful: true });
    expect(i.interfaces.map((x) => [x.name, x.zone])).toEqual([
      ['GigabitEthernet0/0', 'outside'], ['GigabitEthernet0/1', 'inside'], ['GigabitEthernet0/2', 'dmz'], ['GigabitEthernet0/3', 'unzoned'],
    ]);
    expect(summarise(i.ledgers)).toMatchObject({ lines: 68, understood: 55, approximated: 1, ignored: 12, unknown: 0 });
    expect(i.ledgers[0]!.records().filter((r) => r.fate === 'approximated').map((r) => r.location.line)).toEqual([39]);
  });

  it('simulator: inspected classes pass with their replies, everything else between zones is dropped', async () => {
    const t = await loadWithHosts(imported(), [
      ['pc', 'zbf1_GigabitEthernet0_1', '10.0.0.20'],
      ['web', 'zbf1_GigabitEthernet0_2', '192.0.2.10'],
      ['db', 'zbf1_GigabitEthernet0_2', '192.0.2.30'],
      ['lab', 'zbf1_GigabitEthernet0_3', '198.51.100.20'],
    ]);
    // inside → outside: any TCP is inspected (the Internet stands behind the default route's next hop)
    const out = tcp(t, 'pc', '8.8.8.8', 443);
    expect([out.disposition, out.reply?.[0]?.disposition]).toEqual(['exits-network', 'delivered']);
    // outside → dmz: the web servers on 80/443 only
    expect(tcp(t, 'next-hop-203-0-113-1@198.51.100.99', 'web', 443).disposition).toBe('delivered');
    expect(tcp(t, 'next-hop-203-0-113-1@198.51.100.99', 'db', 443).deciding?.policy).toBe('zbf-outside-to-dmz');
    // dmz → inside: no zone-pair
    expect(tcp(t, 'web', 'pc', 443).deciding?.policy).toBe('zbf-dmz-to-inside');
    // zone member ↔ interface in no zone: dropped both ways
    expect(tcp(t, 'pc', 'lab', 443).deciding?.policy).toBe('zbf-inside-to-unzoned');
    expect(tcp(t, 'lab', 'pc', 443).deciding?.policy).toBe('zbf-unzoned-to-inside');
    // self: inside may reach the router on ssh only; the dmz (no self zone-pair) reaches it freely
    expect(tcp(t, 'pc', 'zbf1', 22).disposition).toBe('delivered');
    expect(tcp(t, 'pc', 'zbf1', 23).deciding?.policy).toBe('zbf-self-GigabitEthernet0_1-in');
    expect(tcp(t, 'web', 'zbf1', 23).disposition).toBe('delivered');
  });
});
