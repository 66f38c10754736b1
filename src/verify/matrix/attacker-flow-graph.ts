/**
 * The information-flow graph as the attacker sees it: the topology's flow graph plus the unlisted devices of
 * the INET and INTERNET segments (attacker.ts) as senders. The matrix's flow cells and the scenario
 * properties' information-flow layer search this graph.
 */
import { conversableOn, type FlowEdge, type FlowGraph } from '../../flowgraph/graph.js';
import { HeaderSet } from '../../symbolic/header-set.js';
import { computeReachability, derivedFromRuns, unlistedDevice, type ReachabilityResult } from '../../symbolic/reachability.js';
import type { Segment, Topology } from '../../topology/model.js';
import type { VerifyContext } from '../context.js';
import { isEndpointNode, isGateway } from '../endpoints.js';
import { allUnlistedDeviceSegments, freeAddresses } from './attacker.js';

/**
 * The flow graph with the Internet side's unlisted devices (attacker.ts) as senders: per device one symbolic
 * run (any source, any next hop on its segment) and a packet edge to every host, external network and
 * gateway it reaches with headers it can hold a conversation with (graph.ts conversable: not TCP, or TCP
 * from its segment's addresses). Nothing has an edge into a device, so only a search that starts from one
 * (its class's, or a property's whose `from` holds its segment) uses its edges. Both leak searches, fast and reference, run on this graph.
 */
export function attackerFlowGraph(ctx: VerifyContext): FlowGraph {
  return ctx.once('flow-graph:unlisted-devices', () => {
    const base = ctx.flowGraph;
    const topology = ctx.topology;
    const extra = new Map<string, FlowEdge[]>();
    const zoneOf = new Map<string, string>();
    for (const segment of allUnlistedDeviceSegments(topology)) {
      const name = unlistedDevice(segment.name);
      const result = computeReachability(topology, { starts: [{ segment: segment.name, unlisted: true }], headers: HeaderSet.ALL }, { anyNextHop: true, drops: ctx.reference });
      const list = ctx.reference ? deviceEdges(topology, segment, result) : derivedFromRuns(topology, `flow-graph:device:${segment.name}`, [result], () => deviceEdges(topology, segment, result));
      if (list.length === 0) continue;
      extra.set(name, list);
      zoneOf.set(name, segment.zone);
    }
    if (extra.size === 0) return base;
    const edges = [...base.edges, ...[...extra.values()].flat()];
    return {
      topology,
      get graph() {
        return base.graph;
      },
      node: (n: string) => base.node(n) ?? (zoneOf.has(n) ? { type: 'unlisted-device', kind: 'unlisted-device', zone: zoneOf.get(n) as string } : undefined),
      edges,
      outEdges: (n: string) => extra.get(n) ?? base.outEdges(n),
      reachabilitySteps: base.reachabilitySteps,
    };
  });
}

/** The packet edges of the unlisted device on `segment` from its run `result`. */
function deviceEdges(topology: Topology, segment: Segment, result: ReachabilityResult): FlowEdge[] {
  const name = unlistedDevice(segment.name);
  const own = HeaderSet.box({ src: freeAddresses(topology, segment).ranges.map(([lo, hi]) => [lo, hi] as const) });
  const mask = conversableOn(topology, [segment.name]);
  const list: FlowEdge[] = [];
  for (const [target, arrival] of [...result.delivered, ...result.exits, ...result.terminated]) {
    const node = topology.nodes.get(target);
    if (!node || !(isEndpointNode(node) || isGateway(node))) continue;
    const arrived = HeaderSet.unionAll([...arrival.origins.values()]);
    if (arrived.intersect(mask).isEmpty()) continue;
    // The leg: the first start key (own routes, then each chosen next hop) with usable headers, so its witness replays.
    const [key, set] = [...arrival.origins].map(([k, o]) => [k, o.intersect(mask)] as const).find(([, o]) => !o.isEmpty()) as readonly [string, HeaderSet];
    const forged = !arrived.overlaps(own);
    list.push({
      from: name,
      to: target,
      channel: 'packet',
      toward: 'upstream',
      reply: false,
      forged: forged || undefined,
      because: `${name} reaches ${target} by packet${forged ? ' with a forged source address' : ''}`,
      leg: { start: key, target, headers: set },
    });
  }
  return list;
}
