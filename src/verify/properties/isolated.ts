/**
 * `isolated: {from, to}` — nothing from `from` arrives at `to`. On the packet layer: no header the
 * attacker behind `from` sends (any source address, any next hop, its unlisted devices; packet-reach.ts),
 * within the header constraint, is delivered to, exits at, or is accepted by a gateway of `to`. On the
 * information-flow layer: no chain of raw data or control (see flowgraph/leaks.ts) from its senders, unlisted
 * devices included, ends in `to`.
 * Exceptions exempt headers from the senders they name (packet layer) and edges (information-flow layer).
 */
import { formatService } from '../../net/ports.js';
import { addressSetIsEmpty, addressSetMinus } from '../../net/address-set.js';
import { addressSetField, servicesSet } from '../../symbolic/acl-set.js';
import { HeaderSet } from '../../symbolic/header-set.js';
import type { ChannelKind } from '../../flowgraph/channels.js';
import type { FlowEdge, FlowGraph } from '../../flowgraph/graph.js';
import { findLeaks, findLeaksReference } from '../../flowgraph/leaks.js';
import type { VerifyContext } from '../context.js';
import { isEndpointNode, isGateway, namedNodes, nodeAddresses, type Endpoint } from '../endpoints.js';
import { classesOf, endpointUnlistedSegments } from '../matrix/attacker.js';
import { attackerFlowGraph } from '../matrix/attacker-flow-graph.js';
import { unlistedDevice, unlistedSegment } from '../../symbolic/reachability.js';
import { packetArrivals, packetExemptions, senderExemptions } from '../packet-reach.js';
import type { ChainStep, Violation } from '../result.js';
import type { ScenarioException } from '../scenario/model.js';
import { attackerWitness, capabilities, witnessFor } from '../witness.js';
import type { ServiceMatch } from '../../net/ports.js';
import type { TopologyNode } from '../../topology/model.js';

export interface IsolationQuery {
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly services?: readonly ServiceMatch[] | undefined;
  readonly allow?: readonly ChannelKind[];
  readonly propagate?: readonly ChannelKind[];
  /** Only these target nodes count (default: every member of `to`). */
  readonly targetFilter?: ((node: TopologyNode) => boolean) | undefined;
  /** Edges exempt by the invariant's own definition (e.g. F2's relays). */
  readonly exemptEdge?: ((edge: FlowEdge) => boolean) | undefined;
}

export interface LayerOutcome {
  readonly violations: Violation[];
  readonly exceptionsUsed: string[];
  readonly notes: string[];
}

/** Packet layer, under the attacker (packet-reach.ts). `applies` says which scenario exceptions count for this check. */
export function isolatedPacket(ctx: VerifyContext, q: IsolationQuery, applies: (e: ScenarioException) => boolean): LayerOutcome {
  const to = q.targetFilter ? { ...q.to, members: q.to.members.filter(q.targetFilter) } : q.to;
  const { arrivals, exceptionsUsed } = packetArrivals(ctx.topology, q.from, to, { services: q.services, exempt: senderExemptions(ctx.topology, ctx.exceptions, applies), drops: ctx.reference });
  const violations: Violation[] = [];
  const notes: string[] = [];
  for (const a of arrivals.slice(0, ctx.maxViolations)) {
    const witness = attackerWitness(ctx.topology, a.origins, a.node.name, ctx.forwarding);
    const needs = capabilities(ctx.topology, witness, a.node);
    violations.push({
      summary: `Packets from ${q.from.text} reach ${a.node.name} (${a.node.kind}, zone ${a.node.zone}): the check requires them to stay apart.`,
      headerSummary: HeaderSet.unionAll([...a.origins.values()]).describe(12),
      witness,
      location: a.node.location,
      details: [`attacker capability relied on: ${needs.length ? needs.join('; ') : 'none (the network\'s own routes and rules carry it)'}`],
    });
  }
  if (arrivals.length > ctx.maxViolations) notes.push(`${arrivals.length - ctx.maxViolations} more nodes of ${q.to.text} are reached (not listed)`);
  if (q.services) notes.push(`headers restricted to ${q.services.map(formatService).join(', ')}`);
  return { violations, exceptionsUsed, notes };
}

/**
 * The flow-graph edges the exceptions exempt, on `graph` (the one the leak search walks). An exception holds
 * its senders: an edge is exempt when a sender it names sends it to a receiver it names, with nothing but
 * the services it names. A gateway it names in `through` passes on only the named senders' data when
 * nothing else drives it: its onward edges are exempt only if every edge into it comes from those senders
 * (or from another such gateway), since a relay forwards whatever its allow list admits.
 */
export function edgeExempt(ctx: VerifyContext, applies: (e: ScenarioException) => boolean, graph: FlowGraph = ctx.flowGraph): { test: (edge: FlowEdge) => boolean; used: Set<string> } {
  const used = new Set<string>();
  const applied = ctx.exceptions.filter(applies);
  const sendersOf = new Map(applied.map((e) => [e, namedNodes(ctx.topology, e.from)]));
  // Exceptions that name one gateway in `through` pool their senders there: each approved feed drives it. An
  // external named by an address of its feeds it only with that address as the source (LGWAN holds others).
  const approvedFeed = (gateway: string, edge: FlowEdge, replies: boolean) =>
    applied.some((e) => {
      if ((e.replies === true) !== replies || !e.through?.includes(gateway) || !(sendersOf.get(e) as Set<string>).has(edge.from)) return false;
      // A member named whole feeds it with whatever it sends; an external, or a pool named by some of its
      // addresses, only from those addresses.
      const member = e.from.members.find((m) => m.name === edge.from);
      if (member && addressSetIsEmpty(addressSetMinus(nodeAddresses(member), e.from.addresses))) return true;
      return edge.leg.headers.isSubsetOf(addressSetField('src', e.from.addresses));
    });
  const list = applied.map((e) => {
    const senders = sendersOf.get(e) as Set<string>;
    const receivers = namedNodes(ctx.topology, e.to);
    return {
      e,
      from: new Set([
        ...[...senders].filter((n) => !isGatewayName(ctx, n) || fedByOneClass(ctx, graph, n, e.replies === true)),
        ...drivenOnlyBy(graph, (g, d) => approvedFeed(g, d, e.replies === true), e.through ?? [], e.replies === true),
      ]),
      senders,
      to: receivers,
      // Externals named by an address of theirs: the edge's session must stay inside that address.
      byAddress: new Set([...receivers, ...senders].filter((n) => !e.to.members.some((m) => m.name === n) && !e.from.members.some((m) => m.name === n))),
      fromSide: { src: addressSetField('src', e.from.addresses), dst: addressSetField('dst', e.from.addresses) },
      toSide: { src: addressSetField('src', e.to.addresses), dst: addressSetField('dst', e.to.addresses) },
      services: e.services ? servicesSet(e.services) : undefined,
      // The packet-layer reading of the exception: which headers it allows, whoever sends them.
      headers: e.channels === undefined || e.channels.includes('packet') ? packetExemptions([e], () => true).set : undefined,
    };
  });
  /**
   * What each exception allows of an edge's session, and whether they cover it together: two exceptions may
   * approve one relation's two halves (one 中間サーバー site each), which the graph keeps as one edge.
   */
  const test = (edge: FlowEdge) => {
    const allowing: { name: string; allows: HeaderSet }[] = [];
    for (const x of list) {
      // A packet edge from a sender the exception names to a receiver it names (any, when `to` names no node),
      // with the headers it allows (a forger is not exempt, nor packets a route takes elsewhere). No other
      // reading exempts a packet the sender sends.
      if (edge.channel === 'packet' && !edge.reply) {
        if (x.headers && x.senders.has(edge.from) && (x.to.size === 0 || x.to.has(edge.to))) allowing.push({ name: x.e.name, allows: x.headers });
        continue;
      }
      // The exempt flow passes its `through` gateways: the senders' hop into one is part of it.
      if ((!x.to.has(edge.to) && !(x.e.through?.includes(edge.to) ?? false)) || !x.from.has(edge.from)) continue;
      if (x.e.replies === true && !edge.reply) continue;
      if (x.e.channels && !x.e.channels.includes(edge.channel)) continue;
      if (x.e.through && !x.e.through.includes(edge.from) && !x.e.through.includes(edge.leg.start)) continue;
      // Only the services it names (a relay's extra SMB is not HTTPS); for an external named by an address of
      // its, only sessions inside that address (a leg's headers are the session's: a reply edge rides the
      // session its receiver opened).
      let allows = x.services ?? HeaderSet.ALL;
      if (x.byAddress.has(edge.to)) allows = allows.intersect(edge.reply ? x.toSide.src : x.toSide.dst);
      if (x.byAddress.has(edge.from)) allows = allows.intersect(edge.reply ? x.fromSide.dst : x.fromSide.src);
      allowing.push({ name: x.e.name, allows });
    }
    if (allowing.length === 0 || !edge.leg.headers.isSubsetOf(HeaderSet.unionAll(allowing.map((a) => a.allows)))) return false;
    for (const a of allowing) if (a.allows.overlaps(edge.leg.headers)) used.add(a.name);
    return true;
  };
  return { test, used };
}

function isGatewayName(ctx: VerifyContext, name: string): boolean {
  const node = ctx.topology.nodes.get(name);
  return node !== undefined && isGateway(node);
}

/**
 * What feeds a gateway the data it hands on: on its clients' side (upstream, not replies) what it forwards; for
 * an exception about answers, what comes back to it from its upstream (a proxy hands its targets' replies on).
 */
function feeds(e: FlowEdge, replies: boolean): boolean {
  return replies ? e.toward === 'client' : !e.reply && e.toward === 'upstream';
}

/**
 * Whether everything that feeds a gateway (upstream edges into it on `graph`, and through any gateway feeding
 * it, whatever feeds that one) is of one zone class. An exception naming the gateway itself as its sender
 * approves what the gateway hands on, which is whatever its feeders send: that stands for one kind of data
 * only while they are of one class (the LGWAN-ASP at a 特定通信 relay; not the LGWAN-ASP and the LG servers
 * once its allow list was widened, or once a relay it accepts takes LG data). Name the feeders in `from` and
 * the gateway in `through` to say which.
 */
function fedByOneClass(ctx: VerifyContext, graph: FlowGraph, gateway: string, replies: boolean): boolean {
  const classes = new Set<string>();
  const seen = new Set([gateway]);
  const queue = [gateway];
  for (let k = 0; k < queue.length; k++) {
    const at = queue[k] as string;
    for (const e of graph.edges) {
      if (e.to !== at || !feeds(e, replies)) continue;
      const node = ctx.topology.nodes.get(e.from);
      if (node && isGateway(node)) {
        if (!seen.has(e.from)) {
          seen.add(e.from);
          queue.push(e.from);
        }
        continue;
      }
      const segment = node ? undefined : ctx.topology.segments.get(unlistedSegment(e.from) ?? '');
      for (const c of node ? classesOf(ctx.topology, node) : segment ? [ctx.topology.zones.get(segment.zone)?.class] : [undefined]) classes.add(String(c));
    }
  }
  return classes.size <= 1;
}

/** The `through` gateways that only approved feeds (and such gateways in turn) drive on `graph`. */
function drivenOnlyBy(graph: FlowGraph, approved: (gateway: string, edge: FlowEdge) => boolean, through: readonly string[], replies: boolean): string[] {
  const clean = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const g of through) {
      if (clean.has(g)) continue;
      const drivers = graph.edges.filter((e) => e.to === g && feeds(e, replies));
      if (drivers.every((d) => approved(g, d) || clean.has(d.from))) {
        clean.add(g);
        changed = true;
      }
    }
  }
  return [...clean];
}

export function chainSteps(ctx: VerifyContext, chain: readonly FlowEdge[]): ChainStep[] {
  return chain.map((e) => ({
    from: e.from,
    to: e.to,
    channel: e.reply ? `${e.channel} (reply)` : e.channel,
    because: e.because,
    packet: witnessFor(ctx.topology, e.leg.headers, e.leg.start, e.leg.target, ctx.forwarding, e.leg.startInterface),
  }));
}

/**
 * The senders behind an endpoint on the information-flow layer: its hosts and external networks, and the
 * unlisted devices of the INET and INTERNET segments inside it (as on the packet layer).
 */
export function flowSendersOf(ctx: VerifyContext, from: Endpoint): Set<string> {
  const graph = attackerFlowGraph(ctx);
  const devices = endpointUnlistedSegments(ctx.topology, from).map((s) => unlistedDevice(s.name)).filter((n) => graph.outEdges(n).length > 0);
  return new Set([...from.members.filter(isEndpointNode).map((n) => n.name), ...devices]);
}

/** Information-flow layer, on the attacker's flow graph (attacker-flow-graph.ts). */
export function isolatedFlow(ctx: VerifyContext, q: IsolationQuery, applies: (e: ScenarioException) => boolean): LayerOutcome {
  const sources = flowSendersOf(ctx, q.from);
  const targets = new Set(q.to.members.filter(isEndpointNode).filter(q.targetFilter ?? (() => true)).map((n) => n.name).filter((n) => !sources.has(n)));
  const graph = attackerFlowGraph(ctx);
  const exempt = edgeExempt(ctx, applies, graph);
  const leaks = (ctx.reference ? findLeaksReference : findLeaks)(graph, {
    sources,
    targets,
    allow: q.allow ?? ['pixels'],
    propagate: q.propagate ?? ['packet', 'control', 'relayed-data', 'clipboard', 'file', 'drive', 'printer'],
    exempt: (e) => (q.exemptEdge?.(e) ?? false) || exempt.test(e),
  });
  const violations: Violation[] = leaks.slice(0, ctx.maxViolations).map((l) => ({
    summary: `${capital(l.channel)} from ${l.source} reaches ${l.target} in ${l.chain.length} step${l.chain.length === 1 ? '' : 's'}: ${[l.chain[0]?.from, ...l.chain.map((e) => e.to)].join(' → ')}.`,
    chain: chainSteps(ctx, l.chain),
    location: ctx.topology.nodes.get(l.chain[l.chain.length - 1]?.from ?? '')?.location,
  }));
  const notes = leaks.length > ctx.maxViolations ? [`${leaks.length - ctx.maxViolations} more targets are reached (not listed)`] : [];
  return { violations, exceptionsUsed: [...exempt.used], notes };
}

/** Sentences start with a capital: `packet` → `Packet`. */
export function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
