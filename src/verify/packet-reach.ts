/**
 * Packet-layer questions on the symbolic engine: which headers the attacker behind one endpoint gets to
 * the members of another (delivered, exiting the network, or accepted by a gateway).
 */
import { addressSetContains, addressSetIsAll } from '../net/address-set.js';
import type { ServiceMatch } from '../net/ports.js';
import { addressSetField, servicesSet } from '../symbolic/acl-set.js';
import { HeaderSet } from '../symbolic/header-set.js';
import { gatewaySessionSource } from '../flowgraph/graph.js';
import { computeReachability, parseStartKey, type Arrival, type ReachabilityOptions, type StartPoint, type SymbolicSource } from '../symbolic/reachability.js';
import { isForwarder } from '../engine/kinds.js';
import type { Topology, TopologyNode } from '../topology/model.js';
import { isEndpointNode, namedNodes, type Endpoint } from './endpoints.js';
import { endpointAttackerStarts } from './matrix/attacker.js';
import type { ScenarioException } from './scenario/model.js';

export interface PacketArrival {
  readonly node: TopologyNode;
  /** Headers as they arrive (after NAT), destination inside the target endpoint. */
  readonly headers: HeaderSet;
  /** Injected headers, per start node, that arrive (exemptions removed). */
  readonly origins: ReadonlyMap<string, HeaderSet>;
}

export interface PacketQuery {
  readonly services?: readonly ServiceMatch[] | undefined;
  /** Nodes taken out of the network (only-via: what still arrives bypasses them). */
  readonly without?: ReadonlySet<string> | undefined;
  /** Headers exempt per sender (scenario exceptions): only from the senders an exception names. */
  readonly exempt?: SenderExemptions | undefined;
  /** Whether the result records where headers drop (default true; the arrivals are the same either way). */
  readonly drops?: boolean | undefined;
}

/**
 * The topology with some nodes made into black holes: a router, firewall or dedicated line becomes a host
 * with the same interfaces (it still answers for its own addresses, so next hops resolve to it and
 * nothing else on the segment takes over, but it forwards nothing); an external network keeps what it
 * owns but loses the routes on which it carries transit. Hosts and gateways never forward.
 */
export function withoutNodes(topology: Topology, names: ReadonlySet<string>): Topology {
  if (names.size === 0) return topology;
  // The same derivation is one topology object (the matrix's through cells of two directions take out the
  // same nodes), so the symbolic engine compiles its routes, segment owners and ACL sets once for both.
  let byNames = derivedCache.get(topology);
  if (!byNames) derivedCache.set(topology, (byNames = new Map()));
  const key = JSON.stringify([...names].sort());
  const known = byNames.get(key);
  if (known) return known;
  const derived = withoutNodesUncached(topology, names);
  derivations.set(derived, { base: topology, without: names });
  byNames.set(key, derived);
  return derived;
}

const derivedCache = new WeakMap<Topology, Map<string, Topology>>();

const derivations = new WeakMap<Topology, { readonly base: Topology; readonly without: ReadonlySet<string> }>();

/** For a topology made by withoutNodes: the topology and the node names it was made from (caches use it to find the same derivation of another version). */
export function derivationOf(topology: Topology): { readonly base: Topology; readonly without: ReadonlySet<string> } | undefined {
  return derivations.get(topology);
}

function withoutNodesUncached(topology: Topology, names: ReadonlySet<string>): Topology {
  const nodes = new Map<string, TopologyNode>();
  for (const [name, node] of topology.nodes) {
    if (!names.has(name)) nodes.set(name, node);
    else if (isForwarder(node)) nodes.set(name, { ...node, kind: 'host', role: 'server', count: 1, listens: [], identity: {} } as TopologyNode);
    else if (node.kind === 'external') nodes.set(name, { ...node, routes: [] });
    else nodes.set(name, node);
  }
  return { ...topology, nodes };
}

/** Where headers arrive: delivered to hosts, exiting at external networks, accepted by gateways. */
export interface Arrivals {
  readonly delivered: ReadonlyMap<string, Arrival>;
  readonly exits: ReadonlyMap<string, Arrival>;
  readonly terminated: ReadonlyMap<string, Arrival>;
}

/**
 * Reachability from many attacker starts with the credit exact for the starts in `alone`. One run credits a
 * header that reaches a place from two starts to one of them only (the engine keeps one seen-set per place).
 * A check that takes something out of an arrival by its sender (an exception's exempt headers, a node's
 * packets to itself) must not take another sender's identical headers with it: each such start runs on its
 * own, the others together, and the arrivals are merged, origins side by side (the runs' start keys differ).
 * `sessions` are sources of their own (a gateway's sessions), run alone with their headers.
 */
export function creditedArrivals(
  topology: Topology,
  starts: readonly StartPoint[],
  alone: ReadonlySet<string>,
  headers: HeaderSet,
  options: ReachabilityOptions,
  sessions: readonly SymbolicSource[] = [],
): Arrivals {
  const isAlone = (s: StartPoint) => 'node' in s && alone.has(s.node);
  const together = starts.filter((s) => !isAlone(s));
  const runs: Arrivals[] = [
    ...(together.length > 0 ? [computeReachability(topology, { starts: together, headers }, options)] : []),
    ...starts.filter(isAlone).map((s) => computeReachability(topology, { starts: [s], headers }, options)),
    // Gateways' own sessions (gatewaySessionSource): their headers, their routes.
    ...sessions.map((s) => computeReachability(topology, { starts: s.starts, headers: s.headers.intersect(headers) }, { ...options, anyNextHop: false })),
  ];
  if (runs.length === 1) return runs[0] as Arrivals;
  const merged = (pick: (r: Arrivals) => ReadonlyMap<string, Arrival>): Map<string, Arrival> => {
    const out = new Map<string, Arrival>();
    for (const run of runs) {
      for (const [name, a] of pick(run)) {
        const known = out.get(name);
        out.set(name, known ? { headers: known.headers.union(a.headers), origins: new Map([...known.origins, ...a.origins]) } : a);
      }
    }
    return out;
  };
  return { delivered: merged((r) => r.delivered), exits: merged((r) => r.exits), terminated: merged((r) => r.terminated) };
}

/**
 * What the attacker behind `from` gets to the members of `to` (ARCHITECTURE.md "Attacker"): its hosts and
 * external networks, and the unlisted device of every INET or INTERNET segment it spans, send any header (of the
 * services, when given) with any source address, and hosts and devices through any next hop on their
 * segments. An exception exempts what it names only from the senders it names: a forger of an exempt
 * source stays reported. `exceptionsUsed`: the exceptions that took something out of an arrival.
 */
export function packetArrivals(topology: Topology, from: Endpoint, to: Endpoint, query: PacketQuery = {}): { arrivals: PacketArrival[]; exceptionsUsed: string[] } {
  const net = query.without ? withoutNodes(topology, query.without) : topology;
  const exempt = query.exempt;
  const senders = new Set(exempt?.senders ?? []);
  const starts = endpointAttackerStarts(net, from, senders);
  // Exempt senders and members of `to` (whose packets to themselves do not count) are credited exactly.
  const alone = new Set([...senders, ...to.members.map((n) => n.name)]);
  // A proxy or PEP whose clients are in `from` carries their requests on (gatewaySessionSource).
  const sessions = from.members
    .filter((n) => !query.without?.has(n.name))
    .flatMap((n) => gatewaySessionSource(n) ?? [])
    .filter((s) => s.clientSide.address !== undefined && addressSetContains(from.addresses, s.clientSide.address));
  const result = creditedArrivals(net, starts, alone, query.services ? servicesSet(query.services) : HeaderSet.ALL, { anyNextHop: true, drops: query.drops }, sessions);
  const dstIn = addressSetField('dst', to.addresses);
  const arrivals: PacketArrival[] = [];
  const used = new Set<string>();
  for (const node of to.members) {
    if (from.members.includes(node) && isEndpointNode(node)) continue;
    const arrival = result.delivered.get(node.name) ?? result.exits.get(node.name) ?? result.terminated.get(node.name);
    if (!arrival) continue;
    const headers = arrival.headers.intersect(dstIn);
    if (headers.isEmpty()) continue;
    // Without NAT on the way the origins are the arriving headers themselves; restrict them the same way.
    const narrowed = headers.equals(arrival.headers);
    const origins = new Map<string, HeaderSet>();
    for (const [key, set] of arrival.origins) {
      const sender = parseStartKey(key).node;
      if (sender === node.name) continue; // a node sending to itself
      let s = narrowed ? set : set.intersect(dstIn);
      const mine = exempt?.forSender(sender, node.name);
      if (mine) {
        const taken = s.intersect(mine);
        for (const name of exempt?.matching(sender, node.name, taken) ?? []) used.add(name);
        s = s.minus(mine);
      }
      if (!s.isEmpty()) origins.set(key, s);
    }
    if (origins.size === 0) continue;
    arrivals.push({ node, headers, origins });
  }
  return { arrivals, exceptionsUsed: [...used].sort() };
}

export interface PacketExemptions {
  /** Every exempt injected header; undefined when no exception applies. */
  readonly set: HeaderSet | undefined;
  readonly names: string[];
  /** The names of the exceptions whose headers overlap `taken` (what an arrival lost to them). */
  readonly matching: (taken: HeaderSet) => string[];
}

/** Injected headers a set of exceptions exempts at the packet layer for check `id`. */
export function packetExemptions(exceptions: readonly ScenarioException[], applies: (e: ScenarioException) => boolean): PacketExemptions {
  // Answers are not sessions: an exception for replies only exempts nothing a sender opens.
  const used = exceptions.filter((e) => applies(e) && e.replies !== true && (e.channels === undefined || e.channels.includes('packet')));
  const each = used.map((e) => {
    const s = addressSetField('src', e.from.addresses).intersect(addressSetField('dst', e.to.addresses));
    return { name: e.name, set: e.services ? s.intersect(servicesSet(e.services)) : s };
  });
  const matching = (taken: HeaderSet) => (taken.isEmpty() ? [] : each.filter((x) => x.set.overlaps(taken)).map((x) => x.name));
  if (used.length === 0) return { set: undefined, names: [], matching };
  return { set: HeaderSet.unionAll(each.map((x) => x.set)), names: used.map((e) => e.name), matching };
}

export interface SenderExemptions {
  /** The exempt headers of one sender arriving at one target; undefined when no exception names both. */
  readonly forSender: (node: string, target: string) => HeaderSet | undefined;
  /** Every sender an exception names. */
  readonly senders: readonly string[];
  readonly names: string[];
  /** The exceptions of sender `node` to `target` whose headers overlap what its arrival lost to them. */
  readonly matching: (node: string, target: string, taken: HeaderSet) => string[];
}

/**
 * The same exemptions, held by their senders and receivers: an exception exempts the headers it names only
 * when they come from a node it names as a sender and arrive at a node it names as a receiver (endpoints.ts
 * namedNodes: its members, and the external owning an address it names most specifically; any node for
 * `to: any`). Another node forging those sources is not exempt, and neither are the same packets where a
 * route takes them somewhere else (the 中間サーバー's address routed to the Internet).
 */
export function senderExemptions(topology: Topology, exceptions: readonly ScenarioException[], applies: (e: ScenarioException) => boolean): SenderExemptions {
  const used = exceptions.filter((e) => applies(e) && e.replies !== true && (e.channels === undefined || e.channels.includes('packet')));
  const entries = used.map((e) => ({
    name: e.name,
    senders: namedNodes(topology, e.from),
    receivers: addressSetIsAll(e.to.addresses) && e.to.members.length === 0 ? undefined : namedNodes(topology, e.to),
    set: packetExemptions([e], () => true).set as HeaderSet,
  }));
  const mineOf = (node: string, target: string) => entries.filter((x) => x.senders.has(node) && (x.receivers === undefined || x.receivers.has(target)));
  const matching = (node: string, target: string, taken: HeaderSet) => mineOf(node, target).filter((x) => x.set.overlaps(taken)).map((x) => x.name);
  const cache = new Map<string, HeaderSet | undefined>();
  const forSender = (node: string, target: string) => {
    const key = `${node}\u0000${target}`;
    if (!cache.has(key)) {
      const mine = mineOf(node, target).map((x) => x.set);
      cache.set(key, mine.length ? HeaderSet.unionAll(mine) : undefined);
    }
    return cache.get(key);
  };
  return { forSender, senders: [...new Set(entries.flatMap((x) => [...x.senders]))], names: used.map((e) => e.name), matching };
}
