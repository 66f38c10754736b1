/**
 * The information-flow graph (DESIGN.md layer 3). Nodes: hosts, external networks and gateways, each
 * with its zone as compound parent. Edges: what one node can cause to arrive at another, labelled by
 * channel kind and built from packet-layer reachability plus gateway semantics:
 *
 *   endpoint E reaches X by packet        E → X packet (raw data)      and X → E the session's reply data
 *                                         (from a gateway X only what it hands back: a proxy or PEP the
 *                                         upstream's replies, a screen transfer the pixels)
 *   screen transfer G reaches host H      G → H control (+ clipboard/file/drive/printer where clientToHost)
 *                                         H → G pixels (+ redirections where hostToClient)
 *   sanitiser (or text-izing mail relay)  G → target sanitised-data        one-way
 *   relay, mail relay                     G → onward destination relayed-data   one-way
 *   proxy, zt-pep                         G → target relayed-data, target → G relayed-data (replies)
 *
 * `toward` says which side of a gateway an edge arrives on: `upstream` edges enter from the client
 * side and make the gateway act towards its targets; `client` edges come back and go on to clients.
 * Gateway legs are sessions the gateway originates: headers from its own addresses to its declared
 * targets on its target services, computed by the same symbolic engine.
 */
import { Graph } from '@dagrejs/graphlib';
import { ALL_ADDRESSES, addressSetFromRanges, type AddressSet } from '../net/address-set.js';
import { prefixLast } from '../net/ipv4.js';
import { ANY_SERVICE, type ServiceMatch } from '../net/ports.js';
import { addressSetField, servicesSet } from '../symbolic/acl-set.js';
import { HeaderSet } from '../symbolic/header-set.js';
import { computeReachability, derivedFromRuns, originsOfNode, parseStartKey, senderKey as behaviourKey, startKey, type Arrival, type SymbolicSource } from '../symbolic/reachability.js';
import { sharedSegment } from '../engine/routing.js';
import type { Interface, Topology, TopologyNode } from '../topology/model.js';
import { isEndpointNode, isGateway, nodeAddresses } from '../verify/endpoints.js';
import { CHANNEL_KINDS, type ChannelKind } from './channels.js';

/** The packet that realises an edge: headers `start` can send that arrive at `target`. */
export interface PacketLeg {
  readonly start: string;
  readonly startInterface?: string | undefined;
  readonly target: string;
  readonly headers: HeaderSet;
}

export interface FlowEdge {
  readonly from: string;
  readonly to: string;
  readonly channel: ChannelKind;
  readonly toward: 'upstream' | 'client';
  /** Data flowing back on a session the receiver opened. */
  readonly reply: boolean;
  /** A packet edge that exists only with a forged source address (none of the sender's own gets through). */
  readonly forged?: boolean | undefined;
  readonly because: string;
  readonly leg: PacketLeg;
}

export interface FlowNode {
  readonly type: string;
  readonly kind: string;
  readonly zone: string;
}

export interface FlowGraph {
  readonly topology: Topology;
  /** graphlib multigraph (compound: zones are parents); edge labels are FlowEdge. Built on first use. */
  readonly graph: Graph;
  /** The graph's node labels without building it (the leak search's hot path). */
  readonly node: (name: string) => FlowNode | undefined;
  readonly edges: readonly FlowEdge[];
  readonly outEdges: (node: string) => readonly FlowEdge[];
  readonly reachabilitySteps: number;
}

interface Session {
  readonly interface: string | undefined;
  readonly targets: AddressSet;
  readonly services: readonly ServiceMatch[];
}

/** The sessions a gateway originates on its far side. */
function gatewaySession(node: TopologyNode): Session | undefined {
  switch (node.kind) {
    case 'screen-transfer':
      return { interface: node.hostSide, targets: node.targets, services: node.targetServices };
    case 'sanitiser':
      return { interface: node.outSide, targets: node.targets, services: node.targetServices };
    case 'proxy':
    case 'mail-relay':
      return { interface: node.upstreamSide, targets: node.targets, services: node.targetServices };
    case 'relay':
      return { interface: undefined, targets: node.onward.to, services: node.onward.services };
    case 'zt-pep': {
      const permits = node.rules.filter((r) => r.action === 'permit');
      if (node.defaultAction === 'permit') return { interface: node.resourceSide, targets: ALL_ADDRESSES, services: [ANY_SERVICE] };
      return {
        interface: node.resourceSide,
        targets: { ranges: permits.flatMap((r) => r.resources.ranges) },
        services: permits.flatMap((r) => r.services),
      };
    }
    default:
      return undefined;
  }
}

function sessionHeaders(node: TopologyNode, session: Session): HeaderSet {
  return addressSetField('src', nodeAddresses(node)).intersect(addressSetField('dst', session.targets)).intersect(servicesSet(session.services));
}

/**
 * The sessions a forwarding gateway (a proxy or a zero-trust PEP) opens for its clients, as a symbolic source:
 * from its addresses to its targets on its target services, out of its far side. They carry the clients'
 * requests on, so they are packets of the clients' side too (`clientSide`): a web proxy breaking out to the ISP
 * takes the Internet segment's traffic past the security cloud. Gateways that end what they accept and send
 * something of their own (relays, sanitisers, mail relays, screen transfer) have none here.
 */
export function gatewaySessionSource(node: TopologyNode): (SymbolicSource & { readonly clientSide: Interface }) | undefined {
  if (node.kind !== 'proxy' && node.kind !== 'zt-pep') return undefined;
  const session = gatewaySession(node);
  const clientSide = node.interfaces.get(node.clientSide);
  if (!session || !clientSide) return undefined;
  return { starts: [{ node: node.name, interface: session.interface }], headers: sessionHeaders(node, session), clientSide };
}

/** What a gateway hands on towards its targets, and what it hands back to its clients. */
function forwardChannels(node: TopologyNode): { channel: ChannelKind; because: string }[] {
  switch (node.kind) {
    case 'screen-transfer': {
      const out: { channel: ChannelKind; because: string }[] = [{ channel: 'control', because: `${node.name} forwards keyboard/mouse input to the session host` }];
      for (const kind of ['clipboard', 'file', 'drive', 'printer'] as const) {
        if (node.redirection[kind].clientToHost) out.push({ channel: kind, because: `${node.name} redirection.${kind}.clientToHost: true` });
      }
      return out;
    }
    case 'sanitiser':
      return [{ channel: 'sanitised-data', because: `${node.name} emits sanitised objects (${node.method})` }];
    case 'mail-relay':
      return node.sanitise
        ? [{ channel: 'sanitised-data', because: `${node.name} forwards mail sanitised (${node.sanitise})` }]
        : [{ channel: 'relayed-data', because: `${node.name} forwards mail unchanged` }];
    case 'relay':
      return [{ channel: 'relayed-data', because: `${node.name} relays data from its allowed sources` }];
    case 'proxy':
    case 'zt-pep':
      return [{ channel: 'relayed-data', because: `${node.name} forwards client requests` }];
    default:
      return [];
  }
}

function backChannels(node: TopologyNode): { channel: ChannelKind; because: string }[] {
  switch (node.kind) {
    case 'screen-transfer': {
      const out: { channel: ChannelKind; because: string }[] = [{ channel: 'pixels', because: `${node.name} shows the session host's screen` }];
      for (const kind of ['clipboard', 'file', 'drive', 'printer'] as const) {
        if (node.redirection[kind].hostToClient) out.push({ channel: kind, because: `${node.name} redirection.${kind}.hostToClient: true` });
      }
      return out;
    }
    case 'proxy':
    case 'zt-pep':
      return [{ channel: 'relayed-data', because: `${node.name} returns the upstream's replies` }];
    default:
      return []; // sanitisers, relays and mail relays are one-way
  }
}

function arrivalsOf(result: ReturnType<typeof computeReachability>): [string, Arrival][] {
  return [...result.delivered, ...result.exits, ...result.terminated];
}

const TCP_ONLY = HeaderSet.box({ protocol: [[6, 6]] });

/**
 * Headers a sender can forge and still hold the conversation data needs: anything but TCP (one datagram
 * carries its data), and TCP from addresses of its own segments, whose replies it can claim on the link
 * (ARP). A blind TCP forgery never completes its handshake, so it carries no data.
 */
function conversable(topology: Topology, node: TopologyNode): HeaderSet {
  return conversableOn(topology, [...node.interfaces.values()].map((i) => i.segment));
}

/** What a sender on these segments can forge and still converse with (see conversable). */
export function conversableOn(topology: Topology, segments: readonly string[]): HeaderSet {
  const ranges = segments.flatMap((name) => {
    const seg = topology.segments.get(name);
    return seg ? [[seg.prefix.network, prefixLast(seg.prefix)] as const] : [];
  });
  return TCP_ONLY.complement().union(TCP_ONLY.intersect(addressSetField('src', addressSetFromRanges(ranges))));
}

/** graphlib's name of an edge among the parallel edges of a node pair; the graph keeps one edge per name. */
function edgeName(e: FlowEdge): string {
  return `${e.channel}:${e.toward}:${e.reply ? 'reply' : 'fwd'}`;
}

/** A session `origin` opened to `target` whose answer still has to be shown to come back. */
interface PendingReply {
  readonly origin: string;
  /**
   * The replies' headers, `replied ∩ ownDst`; undefined when they cannot be checked (a translated session).
   * The fast path keeps the two factors and builds no per-sender set (see buildFlowGraph).
   */
  readonly replies: HeaderSet | undefined;
  /** Fast path: the replies to everything the representative's run delivers at the target (shared by the group). */
  readonly replied?: HeaderSet | undefined;
  /** Fast path: headers to the origin's own addresses. */
  readonly ownDst?: HeaderSet | undefined;
  readonly edges: readonly FlowEdge[];
}

export interface FlowGraphOptions {
  /**
   * The slow twin: every sender's reply headers are built as a set of their own and the reply phase
   * intersects and tests them one by one, as the definition reads. The default computes the same edges
   * without building a set per sender (a property test holds the two to the same graph).
   */
  readonly reference?: boolean;
}

/**
 * The information-flow graph. Per group of alike senders one run; per sender and target, the replies that
 * matter are `replied ∩ ownDst` (the replies to what the run delivers there, to the sender's own addresses).
 * The fast path never builds that set: the reply run's injected headers are ∪ over targets of
 * `replied ∩ (∪ ownDst of the senders that wait on it)` (intersection distributes over union), and whether a
 * reply comes back is `(back ∩ ownDst) overlaps replied`, with `back ∩ ownDst` once per sender and the overlap
 * test building no intersection (idd.ts overlapsNodes). Under a run memo (diff/cache.ts) the fast path keeps
 * each group's edges and each reply phase's outcome as values derived from their runs (derivedFromRuns): a
 * version of the topology that changed a rule rebuilds only what its changed runs feed.
 */
export function buildFlowGraph(topology: Topology, options: FlowGraphOptions = {}): FlowGraph {
  const reference = options.reference === true;
  const edges: FlowEdge[] = [];
  const carriers = [...topology.nodes.values()].filter((n) => isEndpointNode(n) || isGateway(n));
  const nodes = new Map<string, FlowNode>(carriers.map((n) => [n.name, { type: isGateway(n) ? 'gateway' : n.kind, kind: n.kind, zone: n.zone }]));
  // One edge per (from, to, channel, direction, reply): parallel legs of one relation add nothing.
  // The fast path keys an edge by numbers (carrier indexes, channel, direction, reply) instead of a string
  // built per candidate edge; the reference keys it by its text. Both say the same (from, to, edgeName).
  const seen = new Set<string>();
  const seenNumbers = new Set<number>();
  const carrierIndex = new Map(carriers.map((n, i) => [n.name, i]));
  const channelIndex = new Map(CHANNEL_KINDS.map((c, i) => [c, i]));
  const add = (e: FlowEdge) => {
    const from = reference ? undefined : carrierIndex.get(e.from);
    const to = reference ? undefined : carrierIndex.get(e.to);
    if (from !== undefined && to !== undefined) {
      const key = ((from * carriers.length + to) * CHANNEL_KINDS.length + (channelIndex.get(e.channel) as number)) * 4 + (e.toward === 'upstream' ? 2 : 0) + (e.reply ? 1 : 0);
      if (seenNumbers.has(key)) return;
      seenNumbers.add(key);
    } else {
      const key = `${e.from}\u0000${e.to}\u0000${edgeName(e)}`;
      if (seen.has(key)) return;
      seen.add(key);
    }
    edges.push(e);
  };
  let steps = 0;
  const pending = new Map<string, PendingReply[]>();

  // Hosts that send alike (same segments, routes, MACs and identity) reach the same headers: with any source
  // address allowed, one symbolic run per such group stands for all of its members.
  const groups = new Map<string, TopologyNode[]>();
  for (const origin of carriers) {
    const key = behaviourKey(origin);
    const group = groups.get(key);
    if (group) group.push(origin);
    else groups.set(key, [origin]);
  }
  for (const members of groups.values()) {
    const representative = members[0] as TopologyNode;
    const session = isGateway(representative) ? gatewaySession(representative) : undefined;
    if (isGateway(representative) && !session) continue;
    // A host or external network sends as an attacker would (ARCHITECTURE.md "Attacker"): any source
    // address and, for a host, any router on its segments as next hop. A gateway opens only its sessions.
    const headers = session ? sessionHeaders(representative, session) : HeaderSet.ALL;
    const result = computeReachability(topology, { starts: [{ node: representative.name, interface: session?.interface }], headers }, { anyNextHop: !session && representative.kind === 'host', drops: reference });
    steps += result.steps;
    const compute = () => senderEdges(topology, members, session, result, reference);
    // Another version of the topology with the same core and the same run gets the same edges.
    const sent = reference ? compute() : derivedFromRuns(topology, `flow-graph:senders:${members.map((m) => m.name).join(',')}`, [result], compute);
    for (const e of sent.forward) add(e);
    for (const [name, p] of sent.pending) {
      const list = pending.get(name);
      if (list) list.push(p);
      else pending.set(name, [p]);
    }
  }

  const answerGroups = new Map<string, { representative: string; lists: PendingReply[] }>();
  for (const [answering, list] of pending) {
    const node = topology.nodes.get(answering) as TopologyNode;
    const key = behaviourKey(node);
    const g = answerGroups.get(key) ?? { representative: answering, lists: [] };
    g.lists.push(...list);
    answerGroups.set(key, g);
  }
  for (const { representative, lists } of answerGroups.values()) {
    if (!reference) {
      answerFast(representative, lists);
      continue;
    }
    const checkable = lists.filter((p) => p.replies !== undefined);
    let result: ReturnType<typeof computeReachability> | undefined;
    if (checkable.length > 0) {
      result = computeReachability(topology, { starts: [{ node: representative }], headers: HeaderSet.unionAll(checkable.map((p) => p.replies as HeaderSet)) }, { replies: true, drops: true });
      steps += result.steps;
    }
    for (const p of lists) {
      const back = p.replies === undefined || result === undefined ? undefined : (result.delivered.get(p.origin) ?? result.exits.get(p.origin) ?? result.terminated.get(p.origin));
      if (p.replies !== undefined && (back === undefined || !back.headers.overlaps(p.replies))) continue;
      for (const e of p.edges) add(e);
    }
  }
  /** The reply phase of one group of answering nodes without a reply set per sender (see above). */
  function answerFast(representative: string, lists: readonly PendingReply[]): void {
    // The pending replies are derived values themselves: equal lists (by identity) inject the same headers.
    const injected = derivedFromRuns(topology, `flow-graph:replies:${representative}`, lists, () => repliesToCheck(lists));
    let result: ReturnType<typeof computeReachability> | undefined;
    if (injected) {
      result = computeReachability(topology, { starts: [{ node: representative }], headers: injected }, { replies: true, drops: false });
      steps += result.steps;
    }
    const answered = derivedFromRuns(topology, `flow-graph:answers:${representative}`, [result ?? NO_RUN, ...lists], () => answeredEdges(lists, result));
    for (const e of answered) add(e);
  }

  const byFrom = new Map<string, FlowEdge[]>();
  for (const e of edges) {
    const list = byFrom.get(e.from);
    if (list) list.push(e);
    else byFrom.set(e.from, [e]);
  }
  let graph: Graph | undefined;
  return {
    topology,
    get graph() {
      return (graph ??= toGraphlib(topology, nodes, edges));
    },
    node: (name) => nodes.get(name),
    edges,
    outEdges: (n) => byFrom.get(n) ?? [],
    reachabilitySteps: steps,
  };
}

/** What one group of alike senders contributes: candidate edges from its members, and replies still to be checked. */
interface SenderEdges {
  /** In order; the graph drops parallel ones. */
  readonly forward: readonly FlowEdge[];
  /** Per answering node, a session whose answer has to be shown to come back. */
  readonly pending: readonly (readonly [string, PendingReply])[];
}

/** The edges of one group of alike senders from the representative's run `result` (see buildFlowGraph). */
function senderEdges(topology: Topology, members: readonly TopologyNode[], session: Session | undefined, result: ReturnType<typeof computeReachability>, reference: boolean): SenderEdges {
  const representative = members[0] as TopologyNode;
  const forwardEdges: FlowEdge[] = [];
  const pending: [string, PendingReply][] = [];
  const arrivals = arrivalsOf(result);
  // What depends on the representative's run alone is computed once per arrival, not once per member.
  const shared = arrivals.map(([name, arrival], index) => {
    const arrived = originsOfNode(arrival, representative.name);
    // The witness replays the first start key's next-hop choice from this sender.
    const via = parseStartKey([...arrival.origins.keys()][0] ?? representative.name).via;
    return { index, name, arrival, arrived, via, natFree: arrived.equals(arrival.headers), replies: undefined as HeaderSet | undefined };
  });
  const repliesOf = (s: (typeof shared)[number]) => (s.replies ??= s.arrival.headers.replies());
  // Members whose usable headers are the same mask share the intersection (hash-consed: equal sets are one node).
  const usableByMask = new Map<HeaderSet['root'], HeaderSet[]>();
  // The representative's own addresses are delivered to itself in its run; its neighbours on a shared
  // segment reach it directly, as it reaches them.
  const delivered = result.delivered.get(representative.name);
  const mine = delivered && shared.find((s) => s.arrival === delivered);
  for (const origin of members) {
    const reached = shared.slice();
    if (origin !== representative && mine && sharedSegment(origin, representative)) reached.push(mine);
    // Per sender, not per target: its own sources, what it may forge and still converse with, and where
    // the replies it cares about go.
    const ownSrc = addressSetField('src', nodeAddresses(origin));
    const ownDst = addressSetField('dst', nodeAddresses(origin));
    const forgeable = session ? undefined : conversable(topology, origin);
    // own ∪ ((arrived − own) ∩ forgeable) with own = arrived ∩ ownSrc is arrived ∩ (ownSrc ∪ forgeable).
    const mask = forgeable ? ownSrc.union(forgeable) : undefined;
    let usable = mask ? usableByMask.get(mask.root) : undefined;
    if (mask && !usable) usableByMask.set(mask.root, (usable = new Array<HeaderSet>(shared.length)));
    for (const entry of reached) {
      const { name, arrived } = entry;
      const target = topology.nodes.get(name);
      if (!target || name === origin.name || !(isEndpointNode(target) || isGateway(target))) continue;
      // What the sender can use to carry data: its own sources, and forged ones where a forgery can hold
      // a conversation (not TCP, or a source on its own segment, whose replies it can take by ARP).
      const set = mask && usable ? (usable[entry.index] ??= arrived.intersect(mask)) : arrived;
      if (set.isEmpty()) continue;
      const forged = forgeable !== undefined && !arrived.overlaps(ownSrc);
      const leg: PacketLeg = { start: startKey(origin.name, entry.via), startInterface: session?.interface, target: name, headers: set };
      const forward = session
        ? forwardChannels(origin)
        : [{ channel: 'packet' as const, because: `${origin.name} reaches ${name} by packet${forged ? ' with a forged source address' : ''}` }];
      for (const f of forward) forwardEdges.push({ from: origin.name, to: name, channel: f.channel, toward: 'upstream', reply: false, forged: forged || undefined, because: f.because, leg });
      // What comes back on the session, into the originator: only where the reply is really routed and
      // permitted (checked in the reply phase, one reply run per group of answering nodes).
      const back = isEndpointNode(target)
        ? session
          ? backChannels(origin).map((b) => ({ ...b, because: `${name} answers ${origin.name}: ${b.because}` }))
          : [{ channel: 'packet' as const, because: `${name} replies to ${origin.name}'s session` }]
        : backChannels(target);
      if (back.length === 0) continue;
      // One start per run, so the injected headers equal the arriving ones exactly when nothing translated
      // them. Replies that matter go back to the sender's own addresses.
      const natFree = entry.natFree;
      const edges = back.map((b) => ({ from: name, to: origin.name, channel: b.channel, toward: 'client' as const, reply: true, because: b.because, leg }));
      if (reference) pending.push([name, { origin: origin.name, replies: natFree ? repliesOf(entry).intersect(ownDst) : undefined, edges }]);
      else pending.push([name, { origin: origin.name, replies: undefined, replied: natFree ? repliesOf(entry) : undefined, ownDst, edges }]);
    }
  }
  return { forward: forwardEdges, pending };
}

const NO_RUN = {};

/** ∪ replied ∩ ownDst over the pending replies, grouped by `replied` (shared by every member of a sender group); undefined when none can be checked. */
function repliesToCheck(lists: readonly PendingReply[]): HeaderSet | undefined {
  const byReplied = new Map<HeaderSet['root'], { replied: HeaderSet; dst: HeaderSet[] }>();
  for (const p of lists) {
    if (p.replied === undefined) continue;
    const g = byReplied.get(p.replied.root);
    if (g) g.dst.push(p.ownDst as HeaderSet);
    else byReplied.set(p.replied.root, { replied: p.replied, dst: [p.ownDst as HeaderSet] });
  }
  if (byReplied.size === 0) return undefined;
  return HeaderSet.unionAll([...byReplied.values()].map((g) => g.replied.intersect(HeaderSet.unionAll(g.dst))));
}

/** The reply edges whose replies come back (to the origin's own addresses) in the reply run `result`. */
function answeredEdges(lists: readonly PendingReply[], result: ReturnType<typeof computeReachability> | undefined): FlowEdge[] {
  const out: FlowEdge[] = [];
  const backToOwn = new Map<string, HeaderSet | undefined>();
  for (const p of lists) {
    if (p.replied !== undefined) {
      let own = backToOwn.get(p.origin);
      if (own === undefined && !backToOwn.has(p.origin)) {
        const back = result === undefined ? undefined : (result.delivered.get(p.origin) ?? result.exits.get(p.origin) ?? result.terminated.get(p.origin));
        own = back?.headers.intersect(p.ownDst as HeaderSet);
        backToOwn.set(p.origin, own);
      }
      if (own === undefined || !own.overlaps(p.replied)) continue;
    }
    out.push(...p.edges);
  }
  return out;
}

function toGraphlib(topology: Topology, nodes: ReadonlyMap<string, FlowNode>, edges: readonly FlowEdge[]): Graph {
  const graph = new Graph({ multigraph: true, compound: true, directed: true });
  for (const zone of topology.zones.values()) graph.setNode(`zone:${zone.name}`, { type: 'zone', class: zone.class });
  for (const [name, label] of nodes) {
    graph.setNode(name, label);
    if (topology.zones.has(label.zone)) graph.setParent(name, `zone:${label.zone}`);
  }
  for (const e of edges) graph.setEdge(e.from, e.to, e, edgeName(e));
  return graph;
}
