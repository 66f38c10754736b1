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
import { ALL_ADDRESSES, type AddressSet } from '../net/address-set.js';
import { ANY_SERVICE, type ServiceMatch } from '../net/ports.js';
import { addressSetField, servicesSet } from '../symbolic/acl-set.js';
import type { HeaderSet } from '../symbolic/header-set.js';
import { computeReachability, type Arrival } from '../symbolic/reachability.js';
import type { Topology, TopologyNode } from '../topology/model.js';
import { isEndpointNode, isGateway, nodeAddresses } from '../verify/endpoints.js';
import type { ChannelKind } from './channels.js';

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
  readonly because: string;
  readonly leg: PacketLeg;
}

export interface FlowGraph {
  readonly topology: Topology;
  /** graphlib multigraph (compound: zones are parents); edge labels are FlowEdge. */
  readonly graph: Graph;
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

export function buildFlowGraph(topology: Topology): FlowGraph {
  const graph = new Graph({ multigraph: true, compound: true, directed: true });
  const edges: FlowEdge[] = [];
  const carriers = [...topology.nodes.values()].filter((n) => isEndpointNode(n) || isGateway(n));
  for (const zone of topology.zones.values()) graph.setNode(`zone:${zone.name}`, { type: 'zone', class: zone.class });
  for (const n of carriers) {
    graph.setNode(n.name, { type: isGateway(n) ? 'gateway' : n.kind, kind: n.kind, zone: n.zone });
    if (topology.zones.has(n.zone)) graph.setParent(n.name, `zone:${n.zone}`);
  }
  const add = (e: FlowEdge) => {
    edges.push(e);
    graph.setEdge(e.from, e.to, e, `${e.channel}:${e.toward}:${e.reply ? 'reply' : 'fwd'}`);
  };
  let steps = 0;

  for (const origin of carriers) {
    const session = isGateway(origin) ? gatewaySession(origin) : undefined;
    if (isGateway(origin) && !session) continue;
    let headers = addressSetField('src', nodeAddresses(origin));
    if (session) headers = headers.intersect(addressSetField('dst', session.targets)).intersect(servicesSet(session.services));
    const result = computeReachability(topology, { starts: [{ node: origin.name, interface: session?.interface }], headers });
    steps += result.steps;
    for (const [name, arrival] of arrivalsOf(result)) {
      const target = topology.nodes.get(name);
      if (!target || name === origin.name || !(isEndpointNode(target) || isGateway(target))) continue;
      const set = arrival.origins.get(origin.name) ?? arrival.headers;
      const leg: PacketLeg = { start: origin.name, startInterface: session?.interface, target: name, headers: set };
      const forward = session ? forwardChannels(origin) : [{ channel: 'packet' as const, because: `${origin.name} reaches ${name} by packet` }];
      for (const f of forward) add({ from: origin.name, to: name, channel: f.channel, toward: 'upstream', reply: false, because: f.because, leg });
      // What comes back on the session, into the originator.
      const back = isEndpointNode(target)
        ? session
          ? backChannels(origin).map((b) => ({ ...b, because: `${name} answers ${origin.name}: ${b.because}` }))
          : [{ channel: 'packet' as const, because: `${name} replies to ${origin.name}'s session` }]
        : backChannels(target);
      for (const b of back) add({ from: name, to: origin.name, channel: b.channel, toward: 'client', reply: true, because: b.because, leg });
    }
  }
  const byFrom = new Map<string, FlowEdge[]>();
  for (const e of edges) byFrom.set(e.from, [...(byFrom.get(e.from) ?? []), e]);
  return { topology, graph, edges, outEdges: (n) => byFrom.get(n) ?? [], reachabilitySteps: steps };
}
