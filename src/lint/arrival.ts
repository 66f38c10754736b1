/**
 * Which headers can meet an ACL at its binding point, from the node's own forwarding alone (ARCHITECTURE.md,
 * "Policy order on a filtering node"). An over-approximation, so a rule outside it is proven unreachable:
 *
 * - the destination an ACL sees is the one routed (destination NAT comes before the lookup), so a zone-pair
 *   ACL sees only destinations whose longest-prefix route (any ECMP branch, leaks followed) leaves by an
 *   interface in its toZone, never the node's own addresses (those meet only `in` ACLs); an `out` ACL only
 *   destinations routed out of its interface, in any VRF of the node; an `in` ACL the node's own addresses
 *   and destinations with a forwarding route in the interface's VRF (no route, a null route: dropped before
 *   any ACL);
 * - the source is any address (the attacker forges it) unless the ingress interface declares strict uRPF,
 *   which runs before everything and passes only sources routed back out of it (src/engine/urpf.ts).
 *
 * Next-hop resolution, NAT and the rest of the network are not consulted: they could only shrink the set.
 */
import { addressSetFromRanges, addressSetIntersect, addressSetMinus, addressSetUnion, ALL_ADDRESSES, EMPTY_SET, type AddressSet } from '../net/address-set.js';
import { prefixLast, type Ipv4 } from '../net/ipv4.js';
import { urpfSources } from '../engine/urpf.js';
import { addressPairSet } from '../symbolic/acl-set.js';
import { HeaderSet } from '../symbolic/header-set.js';
import type { Acl, FilteringNode, Interface, Route, Topology } from '../topology/model.js';

export interface ArrivalPart {
  /** The ingress interface (zone-pair and `in` ACLs) or egress interface (`out`). */
  readonly interface: string;
  readonly src: AddressSet;
  readonly dst: AddressSet;
}

export interface ArrivalSet {
  /** Headers that can meet the ACL (over-approximation). */
  readonly headers: HeaderSet;
  /** The same as address pairs, per interface, for messages. */
  readonly parts: readonly ArrivalPart[];
}

function addressIntersectOrEmpty(a: AddressSet, b: AddressSet): AddressSet {
  return a.ranges.length === 0 || b.ranges.length === 0 ? EMPTY_SET : addressSetIntersect(a, b);
}

/**
 * Destinations whose longest-prefix lookup in `vrf` of `node` has a branch that leaves by an interface
 * `leaves` accepts. A leak continues the lookup in its VRF; a leak that closes a cycle (a loop in the
 * simulator) counts as leaving anywhere, which only enlarges the set.
 */
export function routedOut(node: FilteringNode, vrf: string, leaves: (iface: string) => boolean, visiting: readonly string[] = []): AddressSet {
  const groups = new Map<string, { first: Ipv4; last: Ipv4; length: number; routes: Route[] }>();
  for (const r of node.routes) {
    if (r.vrf !== vrf) continue;
    const key = `${r.prefix.network}/${r.prefix.length}`;
    const g = groups.get(key);
    if (g) g.routes.push(r);
    else groups.set(key, { first: r.prefix.network, last: prefixLast(r.prefix), length: r.prefix.length, routes: [r] });
  }
  let claimed: AddressSet = EMPTY_SET;
  const out: AddressSet[] = [];
  for (const g of [...groups.values()].sort((a, b) => b.length - a.length)) {
    const prefix = addressSetFromRanges([[g.first, g.last]]);
    const free = addressSetMinus(prefix, claimed);
    claimed = addressSetUnion(claimed, prefix);
    if (free.ranges.length === 0) continue;
    for (const r of g.routes) {
      const t = r.target;
      if (t.type === 'drop') continue;
      if (t.type === 'leak') {
        if (t.vrf === vrf || visiting.includes(t.vrf)) out.push(free);
        else out.push(addressIntersectOrEmpty(free, routedOut(node, t.vrf, leaves, [...visiting, vrf])));
      } else if (leaves(t.interface)) out.push(free);
    }
  }
  return out.length ? addressSetUnion(...out) : EMPTY_SET;
}

function ownAddresses(node: FilteringNode): AddressSet {
  const ranges: [Ipv4, Ipv4][] = [];
  for (const i of node.interfaces.values()) if (i.address !== undefined) ranges.push([i.address, i.address]);
  return addressSetFromRanges(ranges);
}

function nodeVrfs(node: FilteringNode): string[] {
  return [...new Set([...[...node.interfaces.values()].map((i) => i.vrf), ...node.routes.map((r) => r.vrf)])].sort();
}

export function zoneOf(topology: Topology, iface: Interface): string | undefined {
  return topology.segments.get(iface.segment)?.zone;
}

export function arrivalAt(topology: Topology, node: FilteringNode, acl: Acl): ArrivalSet {
  const b = acl.binding;
  const parts: ArrivalPart[] = [];
  if (b.type === 'zone-pair') {
    const own = ownAddresses(node);
    const toZone = (name: string) => {
      const iface = node.interfaces.get(name);
      return iface !== undefined && zoneOf(topology, iface) === b.toZone;
    };
    for (const iface of node.interfaces.values()) {
      if (zoneOf(topology, iface) !== b.fromZone) continue;
      parts.push({ interface: iface.name, src: urpfSources(node, iface), dst: addressSetMinus(routedOut(node, iface.vrf, toZone), own) });
    }
  } else if (b.direction === 'in') {
    const iface = node.interfaces.get(b.interface);
    if (iface) parts.push({ interface: iface.name, src: urpfSources(node, iface), dst: addressSetUnion(ownAddresses(node), routedOut(node, iface.vrf, () => true)) });
  } else {
    const dst = nodeVrfs(node).map((v) => routedOut(node, v, (name) => name === b.interface));
    parts.push({ interface: b.interface, src: ALL_ADDRESSES, dst: dst.length ? addressSetUnion(...dst) : EMPTY_SET });
  }
  const live = parts.filter((p) => p.src.ranges.length > 0 && p.dst.ranges.length > 0);
  return { headers: HeaderSet.unionAll(live.map((p) => addressPairSet(p.src, p.dst))), parts };
}
