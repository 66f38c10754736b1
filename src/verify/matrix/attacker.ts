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
 *
 * Besides the listed endpoints, the attacker of the INET and INTERNET classes has an unlisted device on every
 * segment of their zones with a free host address (unlistedDeviceSegments): anyone may plug into an
 * Internet-side VLAN (guest Wi-Fi, public Wi-Fi, a DHCP client range, a spare switch port), so an unmanaged
 * device there sends as a listed host would, (a) and (b) included. MN and LGWAN segments are closed, managed
 * networks whose terminals the model lists: a free address there is not a port anyone may plug into. A
 * segment whose addresses are all taken (a /30 or /31 link between two routers) leaves no room for a device.
 */
import { addressSetFromRanges, addressSetIsEmpty, addressSetMinus, type AddressSet } from '../../net/address-set.js';
import { prefixLast, type Ipv4 } from '../../net/ipv4.js';
import { interfaceRange } from '../../engine/routing.js';
import { senderKey, type StartPoint } from '../../symbolic/reachability.js';
import type { Segment, Topology, TopologyNode, ZoneClass } from '../../topology/model.js';
import { isEndpointNode, type Endpoint } from '../endpoints.js';

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
  return groupedStarts(topology, attackerEndpoints(topology, cls), unlistedDeviceSegments(topology, cls), always);
}

/**
 * The same attacker behind an endpoint of a scenario property or an isolation invariant: its hosts and
 * external networks, and the unlisted device of every INET or INTERNET segment that belongs to it
 * (endpointUnlistedSegments; not a single host, whose addresses are its own).
 */
export function endpointAttackerStarts(topology: Topology, from: Endpoint, always: ReadonlySet<string> = new Set()): StartPoint[] {
  const names = from.members.filter(isEndpointNode).map((n) => n.name);
  return groupedStarts(topology, names, endpointUnlistedSegments(topology, from), always);
}

/**
 * The segments with an unlisted device that belong to an endpoint: the segments it names (a zone, a class, a
 * segment, a tenant), else those whose addresses all belong to it (an address range; not a host).
 */
export function endpointUnlistedSegments(topology: Topology, from: Endpoint): Segment[] {
  const named = from.segments;
  const inside = named ? (s: Segment) => named.has(s.name) : (s: Segment) => addressSetIsEmpty(addressSetMinus(addressSetFromRanges([[s.prefix.network, prefixLast(s.prefix)]]), from.addresses));
  return allUnlistedDeviceSegments(topology).filter(inside);
}

function groupedStarts(topology: Topology, senders: Iterable<string>, devices: readonly Segment[], always: ReadonlySet<string>): StartPoint[] {
  const perGroup = new Map<string, number>();
  const starts: StartPoint[] = [];
  // Named senders first (exceptions trust their addresses in their hands only), then two of each group.
  const names = [...senders].sort((a, b) => Number(always.has(b)) - Number(always.has(a)) || (a < b ? -1 : 1));
  for (const name of names) {
    // Named senders always run and do not take a group's places: a host like them but not named still
    // sends for the group (a third server forging a named one's address).
    if (always.has(name)) {
      starts.push({ node: name });
      continue;
    }
    const key = senderKey(topology.nodes.get(name) as TopologyNode);
    const n = perGroup.get(key) ?? 0;
    if (n >= 2) continue;
    perGroup.set(key, n + 1);
    starts.push({ node: name });
  }
  // Unlisted devices after the senders exceptions name and before the other hosts. The engine credits a
  // header to the start whose packets reach a place first, and it takes the last starts first: so other
  // listed hosts are credited before an unlisted device (witnesses then need fewer capabilities). Checks
  // that discount a sender's headers run it on its own (packet-reach.ts creditedArrivals).
  const at = starts.findIndex((s) => 'node' in s && !always.has(s.node));
  const unlisted: StartPoint[] = devices.map((segment) => ({ segment: segment.name, unlisted: true }));
  starts.splice(at < 0 ? starts.length : at, 0, ...unlisted);
  return starts;
}

/**
 * The classes whose zones' segments hold an unlisted device of the attacker (see the module note): the
 * Internet side, INET and INTERNET alike (a public Wi-Fi of class INTERNET is full of visitors' devices).
 */
export const UNLISTED_DEVICE_CLASSES: ReadonlySet<ZoneClass> = new Set<ZoneClass>(['INET', 'INTERNET']);

/** Every segment where an unlisted device sits, of whichever class. */
export function allUnlistedDeviceSegments(topology: Topology): Segment[] {
  return [...UNLISTED_DEVICE_CLASSES].flatMap((cls) => unlistedDeviceSegments(topology, cls)).sort((a, b) => (a.name < b.name ? -1 : 1));
}

const freeCache = new WeakMap<Topology, Map<string, AddressSet>>();

/**
 * Host addresses of a segment that no interface (or pool member) holds: the prefix without its network and
 * broadcast addresses (a /31 or /32 has none), less every address an interface on it owns.
 */
export function freeAddresses(topology: Topology, segment: Segment): AddressSet {
  let bySegment = freeCache.get(topology);
  if (!bySegment) freeCache.set(topology, (bySegment = new Map()));
  let free = bySegment.get(segment.name);
  if (free) return free;
  let first = segment.prefix.network;
  let last = prefixLast(segment.prefix);
  if (segment.prefix.length < 31) {
    first++;
    last--;
  }
  const taken: (readonly [Ipv4, Ipv4])[] = [];
  for (const node of topology.nodes.values()) {
    for (const iface of node.interfaces.values()) {
      const range = iface.segment === segment.name ? interfaceRange(node, iface) : undefined;
      if (range) taken.push(range);
    }
  }
  bySegment.set(segment.name, (free = addressSetMinus(addressSetFromRanges([[first, last]]), addressSetFromRanges(taken))));
  return free;
}

/** Segments of the class's zones where an unlisted device of the attacker may sit: INET and INTERNET zones' segments with a free host address. */
export function unlistedDeviceSegments(topology: Topology, cls: ZoneClass): Segment[] {
  if (!UNLISTED_DEVICE_CLASSES.has(cls)) return [];
  return [...topology.segments.values()]
    .filter((s) => topology.zones.get(s.zone)?.class === cls && freeAddresses(topology, s).ranges.length > 0)
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** The nodes an attacker of a class controls from the start (hosts and external networks), for the flow layer. */
export function attackerEndpoints(topology: Topology, cls: ZoneClass): Set<string> {
  return new Set([...topology.nodes.values()].filter((n) => isEndpointNode(n) && classesOf(topology, n).has(cls)).map((n) => n.name));
}
