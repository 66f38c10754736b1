/**
 * Business flows across a migration: the `reachable` properties of each step's scenario (one packet per
 * source and target node, as a user would send it) and the rows of an optional flow log (written in the
 * first step's addresses). A flow that works in step k is carried to step k+1 through the plan's address
 * mapping and must work there too; in a half-applied state it is up when it works with either the old or
 * the new addresses (the devices changed so far answer on their new ones).
 */
import type { SourceLocation } from '../diagnostics/diagnostic.js';
import { isReached } from '../engine/disposition.js';
import { makeHeader } from '../engine/flow.js';
import { buildForwarding, type Forwarding } from '../engine/routing.js';
import { traceFlow } from '../engine/simulate.js';
import type { Trace } from '../engine/trace.js';
import { addressSetContains } from '../net/address-set.js';
import type { PacketHeader } from '../net/header.js';
import { formatIpv4 } from '../net/ipv4.js';
import { formatService, PROTO } from '../net/ports.js';
import type { FlowSet } from '../replay/flowset.js';
import { START_FROM_SOURCE } from '../replay/flowset.js';
import type { AddressMap } from '../readdress/mapping.js';
import type { Topology } from '../topology/model.js';
import { isEndpointNode, nodeAddresses } from '../verify/endpoints.js';
import type { Scenario } from '../verify/scenario/model.js';

export interface BusinessFlow {
  /** What the flow is, for the report: the property or the log line, then the packet. */
  readonly label: string;
  /** The sender named by the property or the log's start column; otherwise the holder of the source address. */
  readonly start: string | undefined;
  readonly header: PacketHeader;
  readonly location?: SourceLocation | undefined;
}

export function describeFlow(f: BusinessFlow): string {
  const h = f.header;
  const proto = h.protocol === PROTO.tcp ? 'tcp' : h.protocol === PROTO.udp ? 'udp' : h.protocol === PROTO.icmp ? 'icmp' : `proto ${h.protocol}`;
  const port = h.protocol === PROTO.tcp || h.protocol === PROTO.udp ? `/${h.dstPort}` : '';
  return `${formatIpv4(h.src)} → ${formatIpv4(h.dst)} ${proto}${port}`;
}

/** One packet per (source node, target node) of each `reachable` property: own address to the target's, the first service. */
export function flowsOfScenario(scenario: Scenario | undefined): BusinessFlow[] {
  const out: BusinessFlow[] = [];
  for (const p of scenario?.properties ?? []) {
    if (p.type !== 'reachable') continue;
    const service = p.services[0];
    if (service === undefined) continue;
    const protocol = service.protocol ?? PROTO.tcp;
    const starts = p.from.members.filter(isEndpointNode);
    for (const start of starts) {
      const src = nodeAddresses(start).ranges[0]?.[0];
      for (const target of p.to.members) {
        if (starts.includes(target)) continue;
        const dst = (target.kind === 'external' ? target.owns : nodeAddresses(target)).ranges[0]?.[0];
        if (src === undefined || dst === undefined) continue;
        const header = makeHeader(src, dst, { protocol, dstPort: service.dstPorts.first, icmpType: service.icmpType, icmpCode: service.icmpCode });
        out.push({ label: `${p.name}: ${start.name} → ${target.name} on ${formatService(service)}`, start: start.name, header, location: p.location });
      }
    }
  }
  return out;
}

/** The rows of a flow log, each a business flow (`lines`: the file line of each row). */
export function flowsOfLog(flows: FlowSet, file: string, lines: Uint32Array | undefined): BusinessFlow[] {
  const out: BusinessFlow[] = [];
  for (let i = 0; i < flows.size; i++) {
    const startIndex = flows.start[i] as number;
    const start = startIndex === START_FROM_SOURCE ? undefined : flows.startNames[startIndex]?.split('.')[0];
    const header = makeHeader(flows.src[i] as number, flows.dst[i] as number, { protocol: flows.proto[i] as number, srcPort: flows.srcPort[i], dstPort: flows.dstPort[i], icmpType: flows.srcPort[i], icmpCode: flows.dstPort[i] });
    const line = lines?.[i];
    out.push({ label: `${file}${line !== undefined ? `:${line}` : ` row ${i + 1}`}`, start, header, location: line !== undefined ? { file, line, column: 1 } : undefined });
  }
  return out;
}

export function mapFlow(f: BusinessFlow, map: AddressMap | undefined): BusinessFlow {
  if (map === undefined) return f;
  return { ...f, header: { ...f.header, src: map(f.header.src), dst: map(f.header.dst) } };
}

/** The node that sends a flow in a topology: the one named, else the one holding its source address. */
function sender(topology: Topology, f: BusinessFlow): string | undefined {
  if (f.start !== undefined && topology.nodes.has(f.start)) return f.start;
  for (const node of topology.nodes.values()) {
    if (node.kind !== 'external' && addressSetContains(nodeAddresses(node), f.header.src)) return node.name;
  }
  return undefined;
}

export interface FlowOutcome {
  readonly works: boolean;
  readonly start: string | undefined;
  readonly traces: readonly Trace[];
}

/** Traces one business flow; it works when one branch is delivered, exits to the owner or ends at a gateway that serves it. */
export function traceBusinessFlow(topology: Topology, f: BusinessFlow, forwarding: Forwarding = buildForwarding(topology)): FlowOutcome {
  const start = sender(topology, f);
  if (start === undefined) return { works: false, start, traces: [] };
  const traces = traceFlow(topology, { header: f.header, start: { type: 'node', node: start } }, { forwarding });
  return { works: traces.some((t) => isReached(t.disposition)), start, traces };
}
