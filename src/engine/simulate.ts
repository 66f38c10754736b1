/**
 * The concrete simulator: the reference packet semantics of ARCHITECTURE.md. A flow is walked hop by
 * hop; each node kind decides (src/engine/nodes); every ECMP branch becomes its own trace. Kept
 * deliberately plain: it is the slow twin of the replay engine and the oracle for the symbolic one.
 */
import type { PacketHeader } from '../net/header.js';
import { formatIpv4 } from '../net/ipv4.js';
import { DEFAULT_VRF, type Interface, type Topology, type TopologyNode } from '../topology/model.js';
import { HOP_LIMIT, isReached } from './disposition.js';
import { originVrf, type Flow, type Identity } from './flow.js';
import { isGatewayKind } from './kinds.js';
import { NODE_BEHAVIOURS } from './nodes/index.js';
import { emptyDraft, end, type Arrival, type HopDraft, type SimContext, type Step } from './nodes/types.js';
import { routeAndForward } from './nodes/forward.js';
import { buildForwarding, implicitRoutes, ownInterface, sharedSegment, type Forwarding, type SegmentOwner } from './routing.js';
import { headerKey, reverseHeader, type SessionEntry } from './state.js';
import type { BranchChoice, Hop, Trace } from './trace.js';

export interface TraceOptions {
  /** Also trace the reply of every flow that got somewhere, with the state the forward trace created. */
  readonly bidirectional?: boolean;
  /** Stop splitting on ECMP beyond this many traces per flow (a guard against path explosion). */
  readonly maxBranches?: number;
  /** Reuse forwarding tables built once for many flows. */
  readonly forwarding?: Forwarding;
}

export const DEFAULT_MAX_BRANCHES = 256;

/** Where a walk begins: a node sending (optionally from one interface) or an unnamed host on a segment. */
type Origin = (
  | { readonly type: 'node'; readonly node: TopologyNode; readonly vrf: string; readonly via?: FirstHop | undefined }
  | { readonly type: 'segment'; readonly segment: string; readonly address: number; readonly via?: FirstHop | undefined }
) & { readonly mac?: string | undefined };

interface PathState {
  readonly hops: readonly Hop[];
  /** (node, vrf, header) → index of the hop where it was first seen. */
  readonly visited: ReadonlyMap<string, number>;
  readonly branch: readonly BranchChoice[];
  /** Connection state this path created so far (for its reply). */
  readonly created: readonly SessionEntry[];
}

/** A next hop the sender chose: the neighbour's interface and the sender's interface on their shared segment. */
interface FirstHop {
  readonly to: SegmentOwner;
  readonly from: Interface;
}

/** Where a step is taken: a node of the topology, or the unnamed host of a segment start. */
interface Here {
  readonly name: string;
  readonly node: TopologyNode | undefined;
  readonly ingress: Interface | undefined;
  readonly vrf: string;
  readonly header: PacketHeader;
}

/** A finished walk, with what the reply needs. */
interface WalkEnd {
  readonly trace: Omit<Trace, 'flow' | 'direction' | 'reply' | 'noReply' | 'notes'>;
  readonly created: readonly SessionEntry[];
  readonly endNode: TopologyNode | undefined;
  readonly endInterface: Interface | undefined;
  readonly endHeader: PacketHeader;
}

function hopAt(here: Here, d: HopDraft): Hop {
  return {
    node: here.name,
    kind: here.node?.kind ?? 'segment-host',
    ingress: here.ingress?.name,
    vrf: here.vrf,
    header: here.header,
    nat: d.nat,
    routes: d.routes,
    acls: d.acls,
    egress: d.egress,
    nextHop: d.nextHop,
    nextNode: d.nextNode,
    headerOut: d.headerOut,
    notes: d.notes,
  };
}

/**
 * Walks every branch from an origin, depth first in branch order; returns one end per branch and
 * the notes about the walk as a whole.
 */
function walk(ctx: SimContext, origin: Origin, header: PacketHeader, maxBranches: number): { ends: WalkEnd[]; notes: string[] } {
  const ends: WalkEnd[] = [];
  const notes: string[] = [];
  const stack: { path: PathState; arrival: Arrival }[] = [];

  /** Records what the node at `here` decided: finished branches end, the others are walked on. */
  const take = (path: PathState, here: Here, steps: readonly Step[]) => {
    const room = Math.max(1, maxBranches - ends.length - stack.length);
    if (steps.length > room) notes.push(`ECMP at ${here.name}: only ${room} of ${steps.length} branches traced (maxBranches ${maxBranches})`);
    const next: { path: PathState; arrival: Arrival }[] = [];
    steps.slice(0, room).forEach((step, i) => {
      const branch = steps.length > 1 ? [...path.branch, { node: here.name, index: i + 1, of: steps.length }] : path.branch;
      const created = step.created ? [...path.created, step.created] : path.created;
      const hops = [...path.hops, hopAt(here, step.hop)];
      if (step.type === 'end') {
        const { disposition, reason, deciding, sessions } = step;
        ends.push({ trace: { branch, hops, disposition, at: here.name, reason, deciding, sessions }, created, endNode: here.node, endInterface: here.ingress, endHeader: here.header });
        return;
      }
      const arrival: Arrival = {
        node: step.to.node,
        ingress: step.to.interface,
        vrf: step.to.interface.vrf,
        header: step.header,
        previous: path.hops.length === 0 && origin.mac !== undefined
          ? // The sender's first frame, with the source MAC it forged (only a neighbour on its segment sees it).
            { node: here.node ?? ({ name: here.name } as TopologyNode), interface: { ...step.via, mac: origin.mac } }
          : here.node
            ? { node: here.node, interface: step.via }
            : undefined,
      };
      next.push({ path: { hops, visited: path.visited, branch, created }, arrival });
    });
    for (let i = next.length - 1; i >= 0; i--) stack.push(next[i] as { path: PathState; arrival: Arrival });
  };

  const start: PathState = { hops: [], visited: new Map(), branch: [], created: [] };
  if (origin.type === 'segment') {
    // An unnamed host: the destination directly when on its segment, else the segment's gateway.
    const name = `(host on ${origin.segment})`;
    const vrf = ctx.topology.segments.get(origin.segment)?.vrf ?? DEFAULT_VRF;
    const iface: Interface = { name: 'eth0', node: name, segment: origin.segment, address: origin.address, vrf };
    const draft = emptyDraft();
    draft.notes.push(`an unnamed host ${formatIpv4(origin.address)} on segment ${origin.segment}`);
    if (origin.via) {
      // The attacker's unlisted device hands the packet to a neighbour of its choosing (as a host's `via`).
      take(start, { name, node: undefined, ingress: undefined, vrf, header }, chosenNextHop(draft, origin.via.to, iface, header));
    } else {
      const steps =
        header.dst === origin.address
          ? [end(draft, 'delivered', `${formatIpv4(header.dst)} is the sender itself`)]
          : routeAndForward(ctx, { name } as TopologyNode, vrf, header, draft, undefined, () => implicitRoutes(ctx.forwarding, iface, header.dst, name));
      take(start, { name, node: undefined, ingress: undefined, vrf, header }, steps);
    }
  } else if (origin.via) {
    const here = { name: origin.node.name, node: origin.node, ingress: undefined, vrf: origin.vrf, header };
    take(start, here, chosenNextHop(emptyDraft(), origin.via.to, origin.via.from, header));
  } else {
    stack.push({ path: start, arrival: { node: origin.node, ingress: undefined, vrf: origin.vrf, header, previous: undefined } });
  }

  while (stack.length > 0) {
    const { path, arrival } = stack.pop() as { path: PathState; arrival: Arrival };
    const node = arrival.node;
    const here: Here = { name: node.name, node, ingress: arrival.ingress, vrf: arrival.vrf, header: arrival.header };
    const key = `${node.name}|${arrival.vrf}|${headerKey(arrival.header)}`;
    const seen = path.visited.get(key);
    if (seen !== undefined) {
      const looping = [...path.hops.slice(seen).map((h) => h.node), node.name];
      const draft = emptyDraft();
      draft.notes.push(`already visited at hop ${seen + 1} with the same header in vrf ${arrival.vrf}`);
      const step = end(draft, 'loop', `forwarding loop: ${looping.join(' -> ')}`) as Extract<Step, { type: 'end' }>;
      const hops = [...path.hops, hopAt(here, step.hop)];
      ends.push({
        trace: { branch: path.branch, hops, disposition: 'loop', at: node.name, reason: step.reason, loop: { firstHop: seen, nodes: looping } },
        created: path.created,
        endNode: node,
        endInterface: arrival.ingress,
        endHeader: arrival.header,
      });
      continue;
    }
    if (path.hops.length >= HOP_LIMIT) {
      take(path, here, [end(emptyDraft(), 'hop-limit', `more than ${HOP_LIMIT} hops`)]);
      continue;
    }
    const visited = new Map(path.visited).set(key, path.hops.length);
    const steps =
      ctx.direction === 'reply' && arrival.ingress !== undefined && isGatewayKind(node) && ownInterface(node, arrival.header.dst)
        ? [end(emptyDraft(), 'delivered', `reply reached ${node.name}, which opened the session`)]
        : NODE_BEHAVIOURS[node.kind](ctx, arrival);
    take({ ...path, visited }, here, steps);
  }
  return { ends, notes };
}

function effectiveIdentity(topology: Topology, flow: Flow): Identity {
  const origin = flow.start.type === 'node' ? topology.nodes.get(flow.start.node) : undefined;
  const fromHost = origin?.kind === 'host' ? origin.identity : {};
  return {
    userRole: flow.identity?.userRole ?? fromHost.userRole,
    devicePosture: flow.identity?.devicePosture ?? fromHost.devicePosture,
    dataClass: flow.identity?.dataClass,
  };
}

/**
 * Traces one flow: one `Trace` per ECMP branch. With `bidirectional`, every trace that got somewhere
 * carries the traces of its reply, walked with the connection state the forward trace created.
 */
export function traceFlow(topology: Topology, flow: Flow, options: TraceOptions = {}): Trace[] {
  const forwarding = options.forwarding ?? buildForwarding(topology);
  const maxBranches = options.maxBranches ?? DEFAULT_MAX_BRANCHES;
  let origin: Origin;
  const startNotes: string[] = [];
  if (flow.start.type === 'segment') {
    origin = { type: 'segment', segment: flow.start.segment, address: flow.header.src, via: segmentFirstHop(topology, flow.start.segment, flow.start.via), mac: flow.start.mac };
  } else {
    const node = topology.nodes.get(flow.start.node);
    if (!node) throw new RangeError(`flow starts at unknown node "${flow.start.node}" (resolve starts with resolveStart first)`);
    origin = { type: 'node', node, vrf: originVrf(node, flow.header.src, flow.start.interface), via: firstHop(topology, node, flow.start.via), mac: flow.start.mac };
    if (!ownInterface(node, flow.header.src)) startNotes.push(`source ${formatIpv4(flow.header.src)} is not an address of ${node.name} (spoofed or translated source)`);
  }
  if (flow.start.mac !== undefined) startNotes.push(`the sender's frames carry source MAC ${flow.start.mac} (forged: attacker capability)`);
  const phantom = origin.type === 'segment' ? { segment: origin.segment, address: origin.address } : undefined;
  const ctx: SimContext = { topology, forwarding, direction: 'forward', sessions: [], identity: effectiveIdentity(topology, flow), phantom };

  const forward = walk(ctx, origin, flow.header, maxBranches);
  return forward.ends.map((w): Trace => {
    const trace: Trace = { ...w.trace, notes: [...startNotes, ...forward.notes], direction: 'forward', flow };
    if (!options.bidirectional) return trace;
    if (!isReached(w.trace.disposition) || !w.endNode) {
      return { ...trace, noReply: `no reply: the forward flow ended ${w.trace.disposition}` };
    }
    const replyHeader = reverseHeader(w.endHeader);
    const replyCtx: SimContext = { ...ctx, direction: 'reply', sessions: w.created, identity: {} };
    const replyVrf = w.endInterface?.vrf ?? originVrf(w.endNode, replyHeader.src);
    const replyFlow: Flow = { header: replyHeader, start: { type: 'node', node: w.endNode.name, interface: w.endInterface?.name } };
    const reply = walk(replyCtx, { type: 'node', node: w.endNode, vrf: replyVrf }, replyHeader, maxBranches);
    const replies = reply.ends.map((r): Trace => ({ ...r.trace, notes: reply.notes, direction: 'reply', flow: replyFlow }));
    return { ...trace, reply: replies };
  });
}

/** The sender's interface and the chosen neighbour's on a segment they share. */
function firstHop(topology: Topology, node: TopologyNode, via: string | undefined): FirstHop | undefined {
  if (via === undefined) return undefined;
  const next = topology.nodes.get(via);
  if (!next) throw new RangeError(`flow names unknown next hop "${via}"`);
  const link = sharedSegment(node, next);
  if (!link) throw new RangeError(`next hop "${via}" shares no segment with ${node.name}`);
  return { to: { node: next, interface: link.to, member: 0, byOwnership: false }, from: link.from };
}

/** The sender's first step when it hands the packet to a neighbour of its choosing, whatever its routes say. */
function chosenNextHop(draft: HopDraft, to: SegmentOwner, from: Interface, header: PacketHeader): Step[] {
  draft.notes.push(`the sender uses ${to.node.name} as next hop, whatever its routes say (attacker capability: any router on its segment)`);
  draft.egress = from.name;
  draft.nextNode = to.node.name;
  draft.headerOut = header;
  return [{ type: 'next', hop: draft, to, via: from, header }];
}

/** The chosen neighbour's interface on a segment, and the unnamed sender's (segment starts with `via`). */
function segmentFirstHop(topology: Topology, segment: string, via: string | undefined): FirstHop | undefined {
  if (via === undefined) return undefined;
  const next = topology.nodes.get(via);
  if (!next) throw new RangeError(`flow names unknown next hop "${via}"`);
  const to = [...next.interfaces.values()].find((i) => i.segment === segment);
  if (!to) throw new RangeError(`next hop "${via}" is not on segment ${segment}`);
  const name = `(host on ${segment})`;
  const from: Interface = { name: 'eth0', node: name, segment, address: undefined, vrf: topology.segments.get(segment)?.vrf ?? DEFAULT_VRF };
  return { to: { node: next, interface: to, member: 0, byOwnership: false }, from };
}

/** Traces several flows (e.g. a `zone:` start) with one set of forwarding tables. */
export function traceFlows(topology: Topology, flows: readonly Flow[], options: TraceOptions = {}): Trace[][] {
  const forwarding = options.forwarding ?? buildForwarding(topology);
  return flows.map((f) => traceFlow(topology, f, { ...options, forwarding }));
}
