/**
 * Forwarding tables: per node and VRF, longest-prefix match over `node.routes` (connected, static,
 * gateway and leak routes, as the resolver produced them), ECMP over every route of the winning
 * length, null routes, leaks (the lookup continues in another VRF of the same node) and next-hop
 * resolution to the (node, interface) that owns the next-hop address on the shared segment.
 *
 * Shared by the concrete simulator, the replay engine and the symbolic engine, so it knows nothing
 * about ACLs, NAT or traces.
 */
import { addressSetContains } from '../net/address-set.js';
import { formatIpv4 as fmt, maskOf, type Ipv4 } from '../net/ipv4.js';
import type { Interface, Route, Topology, TopologyNode } from '../topology/model.js';

/** Who answers for an address on a segment (the neighbour a packet is handed to). */
export interface SegmentOwner {
  readonly node: TopologyNode;
  readonly interface: Interface;
  /** 0-based pool member for a host pool (0 for a single host or any other node). */
  readonly member: number;
  /** True when the node answers for an address that is not an interface address: an external's `owns`, a published NAT address. */
  readonly byOwnership: boolean;
}

export type ResolvedRoute =
  | {
      readonly type: 'forward';
      /** Leak routes followed (in order), then the route that decided. */
      readonly routes: readonly Route[];
      /** VRF of the deciding route (differs from the lookup VRF after a leak). */
      readonly vrf: string;
      readonly egress: Interface;
      /** The address resolved on the egress segment: the `via` address, or the destination itself. */
      readonly nextHop: Ipv4;
      readonly neighbour: SegmentOwner;
    }
  | { readonly type: 'drop'; readonly routes: readonly Route[]; readonly vrf: string }
  | {
      readonly type: 'unresolved';
      readonly routes: readonly Route[];
      readonly vrf: string;
      readonly egress: Interface | undefined;
      readonly nextHop: Ipv4 | undefined;
      readonly reason: string;
    }
  | { readonly type: 'leak-cycle'; readonly routes: readonly Route[]; readonly vrfs: readonly string[] };

export interface Forwarding {
  readonly topology: Topology;
  /** Every ECMP branch for `dst` in `vrf` of `node`; empty when no route matches. */
  lookup(node: string, vrf: string, dst: Ipv4): readonly ResolvedRoute[];
  /** The routes of the longest matching prefix in one VRF (no leak following, no resolution). */
  longestMatch(node: string, vrf: string, dst: Ipv4): readonly Route[];
  /** The node interface (or external network) that answers for `ip` on `segment`. */
  ownerOf(segment: string, ip: Ipv4): SegmentOwner | undefined;
  /** Interfaces attached to a segment, in node-name order. */
  attached(segment: string): readonly { readonly node: TopologyNode; readonly interface: Interface }[];
}

/** Inclusive address range an interface answers for: a pool of N hosts takes N consecutive addresses. */
export function interfaceRange(node: TopologyNode, iface: Interface): readonly [Ipv4, Ipv4] | undefined {
  if (iface.address === undefined) return undefined;
  const count = node.kind === 'host' ? node.count : 1;
  return [iface.address, iface.address + count - 1];
}

/** An interface of `a` and one of `b` on a segment they share (the first such pair), if any. */
export function sharedSegment(a: TopologyNode, b: TopologyNode): { readonly from: Interface; readonly to: Interface } | undefined {
  for (const from of a.interfaces.values()) {
    for (const to of b.interfaces.values()) if (to.segment === from.segment) return { from, to };
  }
  return undefined;
}

/** The interface (and pool member) of `node` that owns `ip`, if any. */
export function ownInterface(node: TopologyNode, ip: Ipv4): { readonly interface: Interface; readonly member: number } | undefined {
  for (const iface of node.interfaces.values()) {
    const range = interfaceRange(node, iface);
    if (range && ip >= range[0] && ip <= range[1]) return { interface: iface, member: ip - range[0] };
  }
  return undefined;
}

interface VrfTable {
  /** Prefix lengths present, longest first. */
  readonly lengths: readonly number[];
  /** length → network → routes in declaration order. */
  readonly byLength: ReadonlyMap<number, ReadonlyMap<number, readonly Route[]>>;
}

function buildVrfTable(routes: readonly Route[]): VrfTable {
  const byLength = new Map<number, Map<number, Route[]>>();
  for (const route of routes) {
    let networks = byLength.get(route.prefix.length);
    if (!networks) byLength.set(route.prefix.length, (networks = new Map()));
    const list = networks.get(route.prefix.network);
    if (list) list.push(route);
    else networks.set(route.prefix.network, [route]);
  }
  return { lengths: [...byLength.keys()].sort((a, b) => b - a), byLength };
}

export function buildForwarding(topology: Topology): Forwarding {
  const tables = new Map<string, Map<string, VrfTable>>();
  for (const node of topology.nodes.values()) {
    const perVrf = new Map<string, Route[]>();
    for (const route of node.routes) {
      const list = perVrf.get(route.vrf);
      if (list) list.push(route);
      else perVrf.set(route.vrf, [route]);
    }
    tables.set(node.name, new Map([...perVrf].map(([vrf, routes]) => [vrf, buildVrfTable(routes)])));
  }

  const attachedBySegment = new Map<string, { node: TopologyNode; interface: Interface }[]>();
  const nodesByName = [...topology.nodes.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const node of nodesByName) {
    for (const iface of node.interfaces.values()) {
      const list = attachedBySegment.get(iface.segment);
      if (list) list.push({ node, interface: iface });
      else attachedBySegment.set(iface.segment, [{ node, interface: iface }]);
    }
  }

  const attached = (segment: string) => attachedBySegment.get(segment) ?? [];

  const ownerOf = (segment: string, ip: Ipv4): SegmentOwner | undefined => {
    const here = attached(segment);
    for (const { node, interface: iface } of here) {
      const range = interfaceRange(node, iface);
      if (range && ip >= range[0] && ip <= range[1]) return { node, interface: iface, member: ip - range[0], byOwnership: false };
    }
    // A filtering node answers for its NAT addresses on that interface (proxy ARP): the addresses it
    // publishes by destination NAT, and the address it hides senders behind by source NAT.
    for (const { node, interface: iface } of here) {
      if ((node.kind === 'router' || node.kind === 'firewall') && node.nat.some((r) => r.interface === iface.name && (r.type === 'destination' ? addressSetContains(r.dst, ip) : r.translateTo === ip))) {
        return { node, interface: iface, member: 0, byOwnership: true };
      }
    }
    // An external network stands for address space beyond its interface: it answers for what it owns.
    for (const { node, interface: iface } of here) {
      if (node.kind === 'external' && addressSetContains(node.owns, ip)) return { node, interface: iface, member: 0, byOwnership: true };
    }
    return undefined;
  };

  const longestMatch = (nodeName: string, vrf: string, dst: Ipv4): readonly Route[] => {
    const table = tables.get(nodeName)?.get(vrf);
    if (!table) return [];
    for (const length of table.lengths) {
      const hit = table.byLength.get(length)?.get((dst & maskOf(length)) >>> 0);
      if (hit && hit.length > 0) return hit;
    }
    return [];
  };

  const resolve = (node: TopologyNode, vrf: string, dst: Ipv4, chain: readonly Route[], vrfsSeen: readonly string[]): ResolvedRoute[] => {
    const out: ResolvedRoute[] = [];
    for (const route of longestMatch(node.name, vrf, dst)) {
      const routes = [...chain, route];
      const target = route.target;
      if (target.type === 'drop') {
        out.push({ type: 'drop', routes, vrf });
      } else if (target.type === 'leak') {
        if (vrfsSeen.includes(target.vrf)) out.push({ type: 'leak-cycle', routes, vrfs: [...vrfsSeen, target.vrf] });
        else out.push(...resolve(node, target.vrf, dst, routes, [...vrfsSeen, target.vrf]));
      } else {
        const egress = node.interfaces.get(target.interface);
        const nextHop = target.type === 'via' ? target.nextHop : dst;
        if (!egress) {
          out.push({ type: 'unresolved', routes, vrf, egress: undefined, nextHop, reason: `route names interface "${target.interface}", which ${node.name} does not have` });
          continue;
        }
        const neighbour = ownerOf(egress.segment, nextHop);
        if (!neighbour) {
          out.push({ type: 'unresolved', routes, vrf, egress, nextHop, reason: `nothing on segment ${egress.segment} owns next hop ${fmt(nextHop)}` });
        } else if (neighbour.node.name === node.name) {
          out.push({ type: 'unresolved', routes, vrf, egress, nextHop, reason: `next hop ${fmt(nextHop)} is ${node.name}'s own address` });
        } else {
          out.push({ type: 'forward', routes, vrf, egress, nextHop, neighbour });
        }
      }
    }
    return dedupe(out);
  };

  const lookup = (nodeName: string, vrf: string, dst: Ipv4): readonly ResolvedRoute[] => {
    const node = topology.nodes.get(nodeName);
    if (!node) return [];
    return resolve(node, vrf, dst, [], [vrf]);
  };

  return { topology, lookup, longestMatch, ownerOf, attached };
}

/** Two routes of one prefix that resolve to the same neighbour are one branch, not two. */
function dedupe(branches: ResolvedRoute[]): ResolvedRoute[] {
  const seen = new Set<string>();
  return branches.filter((b) => {
    const key =
      b.type === 'forward'
        ? `f|${b.egress.node}|${b.egress.name}|${b.nextHop}`
        : b.type === 'drop'
          ? `d|${b.vrf}`
          : b.type === 'unresolved'
            ? `u|${b.egress?.name ?? ''}|${b.nextHop ?? ''}|${b.reason}`
            : `c|${b.vrfs.join('>')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}


/**
 * The gateway an unnamed sender on `segment` would use: the next hop of the first host on the
 * segment (name order) that has a gateway, else the first router, firewall or dedicated line on it.
 */
export function implicitGateway(forwarding: Forwarding, segment: string): Ipv4 | undefined {
  const here = forwarding.attached(segment);
  for (const { node, interface: iface } of here) {
    if (node.kind !== 'host') continue;
    for (const route of node.routes) {
      if (route.origin === 'gateway' && route.target.type === 'via' && route.target.interface === iface.name) return route.target.nextHop;
    }
  }
  for (const { node, interface: iface } of here) {
    if ((node.kind === 'router' || node.kind === 'firewall' || node.kind === 'dedicated-line') && iface.address !== undefined) return iface.address;
  }
  return undefined;
}

/**
 * Routes for a sender that has no table of its own (an unnamed host on a segment, an external
 * network without a matching route): the destination directly when it is on the segment, else
 * the segment's implicit gateway. Synthetic routes carry no source location.
 */
export function implicitRoutes(forwarding: Forwarding, egress: Interface, dst: Ipv4, selfName: string): ResolvedRoute[] {
  const segment = forwarding.topology.segments.get(egress.segment);
  if (!segment) return [];
  const onLink = ((dst & maskOf(segment.prefix.length)) >>> 0) === segment.prefix.network;
  const nextHop = onLink ? dst : implicitGateway(forwarding, egress.segment);
  if (nextHop === undefined) return [];
  const route: Route = {
    vrf: egress.vrf,
    prefix: onLink ? segment.prefix : { network: 0, length: 0 },
    target: onLink ? { type: 'interface', interface: egress.name } : { type: 'via', nextHop, interface: egress.name },
    origin: onLink ? 'connected' : 'gateway',
    location: undefined,
  };
  const neighbour = forwarding.ownerOf(egress.segment, nextHop);
  if (!neighbour || neighbour.node.name === selfName) {
    return [{ type: 'unresolved', routes: [route], vrf: egress.vrf, egress, nextHop, reason: `nothing on segment ${egress.segment} owns next hop ${fmt(nextHop)}` }];
  }
  return [{ type: 'forward', routes: [route], vrf: egress.vrf, egress, nextHop, neighbour }];
}
