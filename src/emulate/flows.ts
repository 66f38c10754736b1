/**
 * Given flows into probes. A flow starting at a node becomes a probe from that node's namespace; flows the
 * kernel probes cannot send (other protocols, ICMP other than echo, port 0, a start on a bare segment) are
 * skipped with the reason, never silently.
 */
import type { Flow } from '../engine/flow.js';
import { START_FROM_SOURCE, flowHeader, type FlowSet } from '../replay/flowset.js';
import type { Topology } from '../topology/model.js';
import { AddressOwners } from './owners.js';
import { formatProbe, isProbeable, type Probe } from './probe.js';

export interface ProbeConversion {
  readonly probes: Probe[];
  /** Flows not sent, with the reason. */
  readonly skipped: { readonly index: number; readonly reason: string }[];
  /** Flows sent with a caveat (identity attributes are not emulated). */
  readonly notes: { readonly index: number; readonly reason: string }[];
}

export function probesFromFlows(topology: Topology, flows: readonly Flow[]): ProbeConversion {
  const probes: Probe[] = [];
  const skipped: ProbeConversion['skipped'] = [];
  const notes: ProbeConversion['notes'] = [];
  flows.forEach((flow, index) => {
    if (flow.start.type !== 'node') {
      skipped.push({ index, reason: `starts on segment ${flow.start.segment}, which has no namespace of its own` });
      return;
    }
    if (!topology.nodes.has(flow.start.node)) {
      skipped.push({ index, reason: `starts at unknown node "${flow.start.node}"` });
      return;
    }
    if (!isProbeable(flow.header)) {
      skipped.push({ index, reason: 'only TCP and UDP with non-zero ports and ICMP echo requests can be sent as probes' });
      return;
    }
    if (flow.identity !== undefined) {
      // Identity attributes only matter to zt-pep rules, which are not emulated: say so in the report.
      notes.push({ index, reason: `${formatProbe({ ...flow.header, id: probes.length, from: flow.start.node })}: identity attributes are not emulated (probe sent without them)` });
    }
    probes.push({ ...flow.header, id: probes.length, from: flow.start.node });
  });
  return { probes, skipped, notes };
}

/**
 * Flows from a flow file (replay's FlowSet): the start column, or the node owning the source address.
 * `origin[i]` is the set index of `flows[i]`, so later skips can name the row (`skipped` uses set indexes).
 */
export function flowsFromFlowSet(topology: Topology, set: FlowSet): { flows: Flow[]; origin: number[]; skipped: ProbeConversion['skipped'] } {
  const owners = new AddressOwners(topology);
  const flows: Flow[] = [];
  const origin: number[] = [];
  const skipped: ProbeConversion['skipped'] = [];
  for (let i = 0; i < set.size; i++) {
    const header = flowHeader(set, i);
    const startIndex = set.start[i] ?? START_FROM_SOURCE;
    const named = startIndex === START_FROM_SOURCE ? undefined : set.startNames[startIndex];
    const node = named !== undefined ? named.split('.')[0] : owners.sender(header.src)?.node;
    if (node === undefined) {
      skipped.push({ index: i, reason: 'no node sends from the source address (none owns it, or it lies on a segment no interface holds) and the row names no start' });
      continue;
    }
    const iface = named?.includes('.') ? named.split('.')[1] : undefined;
    flows.push({ header, start: { type: 'node', node, interface: iface } });
    origin.push(i);
  }
  return { flows, origin, skipped };
}
