/** Shared by the importer tests: an imported device loaded standalone (with extra nodes), and one packet's fate through it. */
import { stringify } from 'yaml';
import { flowsFor } from '../../../src/engine/flow.js';
import { traceFlow } from '../../../src/engine/simulate.js';
import { placeDevice } from '../../../src/import/placement.js';
import type { DeviceImport } from '../../../src/import/types.js';
import type { TopologyFile } from '../../../src/topology/format.js';
import { loadTopologyText } from '../../../src/topology/load.js';
import type { Topology } from '../../../src/topology/model.js';

export async function standalone(r: DeviceImport, extra: Record<string, unknown> = {}): Promise<Topology> {
  const placed = placeDevice(r, {});
  if (!placed.ok) throw new Error(placed.diagnostics.map((d) => d.message).join('\n'));
  const file = placed.file as TopologyFile;
  const loaded = await loadTopologyText(stringify({ ...file, nodes: { ...file.nodes, ...extra } }), 'imported.yaml');
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  return loaded.topology;
}

/** The dispositions of a flow's traces (ECMP branches joined by commas). */
export function verdict(t: Topology, from: string, to: string, protocol: number, dstPort?: number): string {
  const flows = flowsFor(t, { from, to, protocol, ...(dstPort !== undefined ? { dstPort } : {}) });
  if (!flows.ok) throw new Error(flows.diagnostic.message);
  return traceFlow(t, flows.value[0]!).map((x) => x.disposition).join(',');
}

export const host = (segment: string, address: string, gateway: string) => ({ kind: 'host', role: 'server', interfaces: { eth0: { segment, address } }, gateway });
