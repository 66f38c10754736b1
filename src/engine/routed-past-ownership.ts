/**
 * Longest prefix between what an external network owns and its own routes: a packet for an owned address
 * that one of its routes matches more specifically is forwarded by that route, as any router would (the
 * GovCloud owning 10.0.0.0/8 with a route for 10.10.0.0/16 over a closed line into the city, or a leg of
 * its own on an MN VLAN).
 */
import { addressSetFromPrefixes, addressSetFromRanges, addressSetIntersect, addressSetUnion, type AddressSet } from '../net/address-set.js';
import { rangeToPrefixes, type Prefix } from '../net/ipv4.js';
import type { ExternalNode } from '../topology/model.js';
import { interfaceRange, type Forwarding } from './routing.js';

const routedPast = new WeakMap<Forwarding, Map<string, AddressSet>>();

/**
 * The owned destinations that a route of the external (in `vrf`) matches more specifically than its `owns`
 * does: a router forwards those by the route. `owns` is read as the minimal prefixes covering it. On a
 * connected segment only the addresses other nodes hold there count: an external answers on its own
 * segments for what no other node holds.
 */
export function routedPastOwnership(forwarding: Forwarding, node: ExternalNode, vrf: string): AddressSet {
  let byNode = routedPast.get(forwarding);
  if (!byNode) routedPast.set(forwarding, (byNode = new Map()));
  const key = `${node.name}\u0000${vrf}`;
  let set = byNode.get(key);
  if (!set) {
    const owned = node.owns.ranges.flatMap(([lo, hi]) => rangeToPrefixes(lo, hi));
    const moreSpecific = (p: Prefix) => (owned.find((o) => o.length <= p.length && contains(o, p.network))?.length ?? p.length) < p.length;
    const parts: AddressSet[] = [];
    for (const route of node.routes) {
      if (route.vrf !== vrf || !moreSpecific(route.prefix)) continue;
      const prefix = addressSetFromPrefixes([route.prefix]);
      if (route.origin !== 'connected' || route.target.type !== 'interface') {
        parts.push(prefix);
        continue;
      }
      const segment = node.interfaces.get(route.target.interface)?.segment;
      const held = segment === undefined ? [] : forwarding.attached(segment).filter((a) => a.node.name !== node.name).flatMap((a) => {
        const range = interfaceRange(a.node, a.interface);
        return range ? [range] : [];
      });
      parts.push(addressSetIntersect(prefix, addressSetFromRanges(held)));
    }
    set = addressSetUnion(...parts);
    byNode.set(key, set);
  }
  return set;
}

function contains(outer: Prefix, ip: number): boolean {
  return outer.length === 0 || (outer.network ^ ip) >>> (32 - outer.length) === 0;
}
