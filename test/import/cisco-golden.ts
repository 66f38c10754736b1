/** Test support for the Cisco importers: a fixture imported, placed standalone, rendered and loaded. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarise } from '../../src/import/ledger.js';
import { placeDevice } from '../../src/import/placement.js';
import { renderImport } from '../../src/import/render.js';
import type { DeviceImport, Importer } from '../../src/import/types.js';
import type { TopologyFile } from '../../src/topology/format.js';
import { loadTopologyText } from '../../src/topology/load.js';
import type { Topology } from '../../src/topology/model.js';
import { flowsFor } from '../../src/engine/flow.js';
import { traceFlow } from '../../src/engine/simulate.js';
import type { Trace } from '../../src/engine/trace.js';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'cisco');

/** The fixture's repository-relative path (as rule descriptions show it) and text. */
export function fixture(name: string): { path: string; text: string } {
  return { path: `test/import/fixtures/cisco/${name}`, text: readFileSync(path.join(FIXTURES, name), 'utf8') };
}

export function standaloneYaml(importer: Importer, imported: DeviceImport): string {
  const placed = placeDevice(imported, {});
  if (!placed.ok) throw new Error(placed.diagnostics.map((d) => d.message).join('\n'));
  return renderImport(placed.file, importer.format, summarise(imported.ledgers));
}

/** The standalone topology with hosts [name, segment, address] added (their gateway: the device on that segment). */
export async function loadWithHosts(imported: DeviceImport, hosts: readonly [string, string, string][]): Promise<Topology> {
  const placed = placeDevice(imported, {});
  if (!placed.ok) throw new Error(placed.diagnostics.map((d) => d.message).join('\n'));
  const file = placed.file as TopologyFile;
  const device = file.nodes?.[imported.device] as { interfaces: Record<string, { segment: string; address?: string }> };
  for (const [name, segment, address] of hosts) {
    const gateway = Object.values(device.interfaces).find((i) => i.segment === segment)?.address;
    (file.nodes as Record<string, unknown>)[name] = { kind: 'host', role: 'server', interfaces: { eth0: { segment, address } }, gateway };
  }
  const result = await loadTopologyText(renderImport(file, 'test', summarise(imported.ledgers)), 'imported.yaml');
  if (!result.ok) throw new Error(result.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  return result.topology;
}

/** One TCP flow (first ECMP branch), with its reply. */
export function tcp(topology: Topology, from: string, to: string, port: number): Trace {
  const flows = flowsFor(topology, { from, to, protocol: 6, dstPort: port });
  if (!flows.ok) throw new Error(flows.diagnostic.message);
  return traceFlow(topology, flows.value[0]!, { bidirectional: true })[0]!;
}
