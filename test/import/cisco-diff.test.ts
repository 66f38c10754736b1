/**
 * segproof diff on imported Cisco devices (batfish-example-filters, skipped when absent): pybatfish's
 * change review of current → candidate1 → candidate2 as real diffs.
 * * rtr-with-acl: candidate1 adds 462/463 (10.10.10.0/24 → 18.18.18.0/26 on tcp/80 and tcp/8080),
 *   which 2020 `deny tcp any any` decided before; candidate2 narrows them to /27, so 18.18.18.32/27
 *   falls back to 2020. A test segment 18.18.18.0/24 sits behind the router so that the flows route.
 * * firewall: candidate1 removes the z2-to-z3 zone-pair, whose only class let 101.164.101.231 reach
 *   101.164.9.109 on tcp/2049; IOS then drops z2 → z3 traffic (no zone-pair), so the pair's default
 *   decides it. candidate1 and candidate2 are the same file.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffTopologies } from '../../src/diff/diff.js';
import { ciscoIosImporter } from '../../src/import/formats/cisco-ios.js';
import { summarise } from '../../src/import/ledger.js';
import { placeDevice } from '../../src/import/placement.js';
import { renderImport } from '../../src/import/render.js';
import type { TopologyFile } from '../../src/topology/format.js';
import { loadTopologyText } from '../../src/topology/load.js';
import type { Topology } from '../../src/topology/model.js';
import { datasetFolder } from '../acl/datasets.js';

const filters = datasetFolder('batfish-example-filters');

async function version(snapshot: string, file: string, edit?: (f: TopologyFile) => void): Promise<{ topology: Topology; file: string }> {
  const name = `${snapshot}/configs/${file}`;
  const imported = ciscoIosImporter.importDevice([{ path: name, text: readFileSync(path.join(filters as string, name), 'utf8') }], {});
  const placed = placeDevice(imported, {});
  if (!placed.ok) throw new Error('placement failed');
  const topology = placed.file as TopologyFile;
  edit?.(topology);
  const loaded = await loadTopologyText(renderImport(topology, 'cisco-ios', summarise(imported.ledgers)), `${snapshot}.yaml`);
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
  return { topology: loaded.topology, file: `${snapshot}.yaml` };
}

const lab = (f: TopologyFile) => {
  f.zones = { ...f.zones, lab: { class: 'LG' } };
  f.segments = { ...f.segments, lab18: { zone: 'lab', prefix: '18.18.18.0/24' } };
  (f.nodes!['rtr-with-acl'] as { interfaces: Record<string, unknown> }).interfaces.lab = { segment: 'lab18', address: '18.18.18.1' };
};

const options = { statuses: false, flow: false, witnesses: false } as const;
const changes = (r: ReturnType<typeof diffTopologies>) => r.ruleChanges.map((c) => [c.acl, c.rule, c.kind, c.detail]);

describe.skipIf(!filters)('segproof diff on imported Cisco devices', () => {
  it('rtr-with-acl: current → candidate1 → candidate2', async () => {
    const [current, candidate1, candidate2] = await Promise.all(['current', 'candidate1', 'candidate2'].map((s) => version(s, 'rtr-with-acl.cfg', lab)));
    const first = diffTopologies(current!, candidate1!, options);
    expect(changes(first)).toEqual([
      ['acl_in-Ethernet1_1_1-in', 's462', 'added', 'now decides src 10.10.10.0/24 dst 18.18.18.0/26 proto tcp dport 80'],
      ['acl_in-Ethernet1_1_1-in', 's463', 'added', 'now decides src 10.10.10.0/24 dst 18.18.18.0/26 proto tcp dport 8080'],
      ['acl_in-Ethernet1_1_1-in', 's2020', 'changed', 'because of earlier-rules; no longer decides src 10.10.10.0/24 dst 18.18.18.0/26 proto tcp dport 80,8080'],
    ]);
    const second = diffTopologies(candidate1!, candidate2!, options);
    expect(changes(second)).toEqual([
      ['acl_in-Ethernet1_1_1-in', 's462', 'changed', 'because of match; no longer decides src 10.10.10.0/24 dst 18.18.18.32/27 proto tcp dport 80'],
      ['acl_in-Ethernet1_1_1-in', 's463', 'changed', 'because of match; no longer decides src 10.10.10.0/24 dst 18.18.18.32/27 proto tcp dport 8080'],
      ['acl_in-Ethernet1_1_1-in', 's2020', 'changed', 'because of earlier-rules; now decides src 10.10.10.0/24 dst 18.18.18.32/27 proto tcp dport 80,8080'],
    ]);
  });

  it('firewall: the removed z2-to-z3 zone-pair, and candidate1 = candidate2', async () => {
    const [current, candidate1, candidate2] = await Promise.all(['current', 'candidate1', 'candidate2'].map((s) => version(s, 'firewall.cfg')));
    expect(changes(diffTopologies(current!, candidate1!, options))).toEqual([
      ['zbf-zone-z2-to-zone-z3', 'class-mysql-backup-z2-tcp-nfs', 'removed', 'no longer decides src 101.164.101.231/32 dst 101.164.9.109/32 proto tcp dport 2049'],
      ['zbf-zone-z2-to-zone-z3', '(default)', 'changed', 'because of earlier-rules; now decides src 101.164.101.231/32 dst 101.164.9.109/32 proto tcp dport 2049'],
    ]);
    expect(diffTopologies(candidate1!, candidate2!, options).ruleChanges).toEqual([]);
  });
});
