/**
 * The attacker every matrix cell assumes (ARCHITECTURE.md "Attacker"): it controls every host and external
 * network of the source class (not the network devices: reaching a device's management plane is what
 * (c) reports, before anything could be sent from it), and from each:
 *   (a) sends with any source address; only a strict-uRPF interface on the way stops a forged one;
 *   (b) hands its packets to any router, firewall, dedicated line or external network on its segments, not
 *       only its gateway (an external carries what it does not own on by its routes);
 *   (c) aims at every address a node answers on, network devices' own (management) addresses included:
 *       a node belongs to its zone's class and to the class of every segment it has an interface on.
 * (d), replies only where they are routed and permitted, lives in the flow graph (flowgraph/graph.ts).
 */
import { senderKey, type StartPoint } from '../../symbolic/reachability.js';
import type { Topology, TopologyNode, ZoneClass } from '../../topology/model.js';
import { isEndpointNode } from '../endpoints.js';

export { isForwarder as isDevice } from '../../engine/kinds.js';

const classCache = new WeakMap<TopologyNode, ReadonlySet<ZoneClass>>();

/**
 * The classes a node belongs to as a target: its own zone's and that of every segment it is attached to
 * (a dual-homed host or gateway, a firewall joining zones). TRANSIT is infrastructure, not a class of
 * its own; an external network belongs to its zone only (it stands for address space beyond the segment).
 */
export function classesOf(topology: Topology, node: TopologyNode): ReadonlySet<ZoneClass> {
  let set = classCache.get(node);
  if (set) return set;
  const out = new Set<ZoneClass>();
  const add = (zone: string | undefined) => {
    const cls = zone === undefined ? undefined : topology.zones.get(zone)?.class;
    if (cls !== undefined && cls !== 'TRANSIT') out.add(cls);
  };
  add(node.zone);
  if (node.kind !== 'external') for (const iface of node.interfaces.values()) add(topology.segments.get(iface.segment)?.zone);
  classCache.set(node, (set = out));
  return set;
}

/**
 * Where the attacker of a class sends from: its hosts and external networks. Hosts that send alike
 * (senderKey) reach the same headers when any source address is allowed, so two of each group stand for
 * all of it (two, so that one of them is reached by another as its group-mates would reach it).
 */
export function attackerStarts(topology: Topology, cls: ZoneClass, always: ReadonlySet<string> = new Set()): StartPoint[] {
  const perGroup = new Map<string, number>();
  const starts: StartPoint[] = [];
  // Named senders first (exceptions trust their addresses in their hands only), then two of each group.
  const names = [...attackerEndpoints(topology, cls)].sort((a, b) => Number(always.has(b)) - Number(always.has(a)) || (a < b ? -1 : 1));
  for (const name of names) {
    const key = senderKey(topology.nodes.get(name) as TopologyNode);
    const n = perGroup.get(key) ?? 0;
    if (n >= 2 && !always.has(name)) continue;
    perGroup.set(key, n + 1);
    starts.push({ node: name });
  }
  return starts;
}

/** The nodes an attacker of a class controls from the start (hosts and external networks), for the flow layer. */
export function attackerEndpoints(topology: Topology, cls: ZoneClass): Set<string> {
  return new Set([...topology.nodes.values()].filter((n) => isEndpointNode(n) && classesOf(topology, n).has(cls)).map((n) => n.name));
}
