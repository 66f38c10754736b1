/**
 * cisco-ios on the Stanford backbone (skipped when absent): each router with its forwarding table
 * (12 of 16 have one), line counts per router, and a standalone load through the real loader.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ciscoIosImporter } from '../../src/import/formats/cisco-ios.js';
import { summarise } from '../../src/import/ledger.js';
import { placeDevice } from '../../src/import/placement.js';
import { renderImport } from '../../src/import/render.js';
import { loadTopologyText } from '../../src/topology/load.js';
import { datasetFolder } from '../acl/datasets.js';
import { loadWithHosts, tcp } from './fixtures/cisco/support.js';

const root = datasetFolder('stanford-backbone');

/**
 * [lines, understood, approximated, ignored, unknown, unknown verdict-changing], config and table
 * together. Approximated: `ip verify unicast` (uRPF not modelled) and `established` permits. The
 * harmless unknowns are HSRP virtual addresses (`standby N ip`), `receive` entries for addresses the
 * router answers at beyond its interface addresses, and second addresses inside an already connected
 * subnet. The verdict-changing unknowns are the `ip helper-address` lines (DHCP and other UDP broadcasts
 * relayed as the router's own packets: a path the model does not have), the `ip address … secondary`
 * lines of a subnet other than the primary's (counted per router below: the two subnets share the
 * interface's broadcast domain, so their hosts reach each other without the router, while segproof puts
 * each on a segment of its own; whether those segments lie in zones of one class is only known after
 * placement, so every such line is marked, which makes bbra and bbrb, complete before, partial too) and,
 * on coza, which has no forwarding table in the data set, its `router ospf 32` block (the other three
 * routers without a table, cozb/soza/sozb, run no routing protocol in their configuration).
 */
const EXPECTED: Record<string, [number, number, number, number, number, number]> = {
  bbra: [2875, 2045, 0, 803, 27, 15], // 15 secondary subnets
  bbrb: [2075, 1765, 0, 307, 3, 2], // 2 secondary subnets
  boza: [2767, 1844, 11, 826, 86, 27], // 13 secondary subnets
  bozb: [2565, 1712, 11, 796, 46, 17], // 13 secondary subnets
  coza: [906, 243, 24, 460, 179, 115], // 36 secondary subnets
  cozb: [903, 245, 24, 457, 177, 114], // 36 secondary subnets
  goza: [2849, 1821, 9, 940, 79, 32], // 14 secondary subnets
  gozb: [2753, 1742, 9, 943, 59, 32], // 14 secondary subnets
  poza: [2356, 1562, 5, 743, 46, 15], // 9 secondary subnets
  pozb: [2304, 1524, 5, 749, 26, 10], // 9 secondary subnets
  roza: [2295, 1651, 5, 602, 37, 10], // 6 secondary subnets
  rozb: [2191, 1575, 4, 590, 22, 9], // 6 secondary subnets
  soza: [1090, 312, 30, 531, 217, 145], // 53 secondary subnets
  sozb: [1105, 324, 31, 538, 212, 127], // 40 secondary subnets
  yoza: [7416, 5034, 64, 1920, 398, 174], // 41 secondary subnets
  yozb: [4641, 2956, 70, 1380, 235, 112], // 41 secondary subnets
};

/** Routers whose standalone result this file loads (cisco-stanford-load-a/b.test.ts load the others). */
const LOADED_HERE = ['coza', 'cozb', 'soza', 'sozb'];

describe.skipIf(!root)('cisco-ios on the Stanford backbone', () => {
  it('imports each router with its forwarding table, every line accounted for (and loads four of them standalone)', async () => {
    const routers = readdirSync(path.join(root as string, 'config')).map((f) => f.replace('_rtr_config.txt', '')).sort();
    expect(routers).toEqual(Object.keys(EXPECTED));
    for (const r of routers) {
      const config = `config/${r}_rtr_config.txt`;
      const table = `route/${r}_rtr_route.txt`;
      const files = [config, ...(existsSync(path.join(root as string, table)) ? [table] : [])].map((f) => ({ path: f, text: readFileSync(path.join(root as string, f), 'utf8') }));
      const imported = ciscoIosImporter.importDevice(files, {});
      const s = summarise(imported.ledgers);
      console.log(`stanford ${r}${files.length > 1 ? ' + table' : ''}: lines ${s.lines}, understood ${s.understood}, approximated ${s.approximated}, ignored ${s.ignored}, unknown ${s.unknown} (${s.unknownVerdictChanging} verdict-changing)`);
      expect([s.lines, s.understood, s.approximated, s.ignored, s.unknown, s.unknownVerdictChanging], r).toEqual(EXPECTED[r]);
      // loading is the slow part: four routers here, the others in cisco-stanford-load-a/b.test.ts
      if (!LOADED_HERE.includes(r)) continue;
      const placed = placeDevice(imported, {});
      expect(placed.ok, r).toBe(true);
      if (!placed.ok) continue;
      const result = await loadTopologyText(renderImport(placed.file, 'cisco-ios', s), `${r}.yaml`);
      expect(result.ok ? [] : result.diagnostics.map((d) => `${d.code} ${d.message}`), r).toEqual([]);
    }
  });

  it('bbra: the ACLs bound on its VLAN interfaces and its forwarding table as routes', () => {
    const files = ['config/bbra_rtr_config.txt', 'route/bbra_rtr_route.txt'].map((f) => ({ path: f, text: readFileSync(path.join(root as string, f), 'utf8') }));
    const imported = ciscoIosImporter.importDevice(files, {});
    const node = imported.fragment.nodes?.[imported.device] as { routes: unknown[]; acls?: unknown[] };
    expect(imported.device).toBe('bbra_rtr_config'); // no hostname line: the file's base name
    // the table's first entry: 0.0.0.0/0 via 172.20.4.2 (Vlan2)
    expect(node.routes[0]).toEqual({ prefix: '0.0.0.0/0', via: '172.20.4.2' });
    expect(node.routes.length).toBeGreaterThan(1000);
  });

  it('simulator on soza: access-list 120 in on Vlan496 filters its secondary subnet 172.19.60.192/27, not its primary', async () => {
    const files = ['config/soza_rtr_config.txt'].map((f) => ({ path: f, text: readFileSync(path.join(root as string, f), 'utf8') }));
    const topology = await loadWithHosts(ciscoIosImporter.importDevice(files, {}), [
      ['sec', 'soza_rtr_config_Vlan496-sec1', '172.19.60.200'],
      ['prim', 'soza_rtr_config_Vlan496', '172.19.8.50'],
      ['dst', 'soza_rtr_config_Vlan332', '172.19.132.50'],
    ]);
    // 172.19.60.0 0.0.3.255 may reach only the hosts listed before `deny ip 172.19.60.0 0.0.3.255 any`
    // (line 35, the list's 11th entry: sequence number 110)
    const denied = tcp(topology, 'sec', 'dst', 443);
    expect([denied.disposition, denied.deciding?.rule]).toEqual(['denied-in', 's110']);
    // from the primary subnet, `permit ip any any` (line 36); Vlan332's own access-group 120 is `in` only
    const permitted = tcp(topology, 'prim', 'dst', 443);
    expect(permitted.disposition).toBe('delivered');
    // the stateless router filters the reply too: dst → sec enters Vlan332, whose ACL 120 permits it (line 36)
    expect(permitted.reply?.[0]?.disposition).toBe('delivered');
  });
});
