/**
 * Longest prefix between what an external network owns and its own routes: a packet for an owned address
 * that one of its routes matches more specifically is forwarded by that route, as any router would (the
 * GovCloud owning 10.0.0.0/8 with a route for 10.10.0.0/16 over a closed line into the city, or a leg of
 * its own on an MN VLAN). A route exactly as long as the owned prefix leaves it open which of the two the
 * device follows (an `owns` stands for subnets the topology does not list): the packet does both, unless
 * that route would send it back out of the interface it came in by (a default route back to the city that
 * only says where the external's own packets go).
 */
import { addressSetContains, addressSetFromPrefixes, addressSetFromRanges, addressSetIntersect, addressSetMinus, addressSetUnion, type AddressSet } from '../net/address-set.js';
import { rangeToPrefixes, type Prefix } from '../net/ipv4.js';
import type { ExternalNode } from '../topology/model.js';
import { interfaceRange, type Forwarding } from './routing.js';

export interface RoutedPastOwnership {
  /** Owned destinations a route matches more specifically: transit, carried on by the route. */
  readonly beats: AddressSet;
  /**
   * Owned destinations a route matches exactly as specifically, for packets that route would not send back
   * out of their ingress interface: they exit there and are carried on too.
   */
  readonly ties: AddressSet;
}

const routedPast = new WeakMap<Forwarding, Map<string, RoutedPastOwnership>>();

/**
 * The owned destinations of the external (in `vrf`, for packets arriving by `ingress`) that one of its
 * routes matches more specifically (`beats`) or as specifically (`ties`) as its `owns`, read as the minimal
 * prefixes covering it. On a connected segment only the addresses other nodes hold or answer for by NAT
 * count: an external answers on its own segments for what no other node holds.
 */
export function routedPastOwnership(forwarding: Forwarding, node: ExternalNode, vrf: string, ingress?: string): RoutedPastOwnership {
  let byNode = routedPast.get(forwarding);
  if (!byNode) routedPast.set(forwarding, (byNode = new Map()));
  const key = `${node.name}\u0000${vrf}\u0000${ingress ?? ''}`;
  let found = byNode.get(key);
  if (!found) {
    const owned = node.owns.ranges.flatMap(([lo, hi]) => rangeToPrefixes(lo, hi));
    const beats: AddressSet[] = [];
    const ties: AddressSet[] = [];
    for (const route of node.routes) {
      if (route.vrf !== vrf) continue;
      const covering = owned.find((o) => o.length <= route.prefix.length && contains(o, route.prefix.network));
      if (!covering) continue;
      const tie = covering.length === route.prefix.length;
      if (tie && 'interface' in route.target && route.target.interface === ingress) continue;
      const into = tie ? ties : beats;
      const prefix = addressSetFromPrefixes([route.prefix]);
      if (route.origin !== 'connected' || route.target.type !== 'interface') into.push(prefix);
      else {
        const segment = node.interfaces.get(route.target.interface)?.segment;
        if (segment !== undefined) into.push(addressSetIntersect(prefix, heldByOthers(forwarding, node, segment)));
      }
    }
    found = { beats: addressSetUnion(...beats), ties: addressSetUnion(...ties) };
    byNode.set(key, found);
  }
  return found;
}

/** Addresses on `segment` that another node holds (interfaces, pool members) or answers for by NAT, less the external's own. */
function heldByOthers(forwarding: Forwarding, node: ExternalNode, segment: string): AddressSet {
  const ranges: (readonly [number, number])[] = [];
  for (const a of forwarding.attached(segment)) {
    if (a.node.name === node.name) continue;
    const range = interfaceRange(a.node, a.interface);
    if (range) ranges.push(range);
    if (a.node.kind !== 'router' && a.node.kind !== 'firewall') continue;
    for (const rule of a.node.nat) {
      if (rule.interface !== a.interface.name) continue;
      if (rule.type === 'destination') ranges.push(...rule.dst.ranges);
      else ranges.push([rule.translateTo, rule.translateTo]);
    }
  }
  const own = [...node.interfaces.values()].flatMap((i) => (i.address === undefined ? [] : [[i.address, i.address] as const]));
  return addressSetMinus(addressSetFromRanges(ranges), addressSetFromRanges(own));
}

/** Whether `ip` is routed past what the external owns (beaten or tied). */
export function routedPastContains(r: RoutedPastOwnership, ip: number): boolean {
  return addressSetContains(r.beats, ip) || addressSetContains(r.ties, ip);
}

function contains(outer: Prefix, ip: number): boolean {
  return outer.length === 0 || (outer.network ^ ip) >>> (32 - outer.length) === 0;
}
