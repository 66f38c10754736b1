/**
 * Longest prefix between what an external network owns and its own routes: a packet for an owned address
 * that one of its static routes matches more specifically is forwarded by that route, as any router would
 * (the GovCloud owning 10.0.0.0/8 with a route for 10.10.0.0/16 over a closed line into the city).
 */
import { addressSetFromPrefixes, type AddressSet } from '../net/address-set.js';
import { rangeToPrefixes, type Prefix } from '../net/ipv4.js';
import type { ExternalNode } from '../topology/model.js';

const routedPast = new WeakMap<ExternalNode, Map<string, AddressSet>>();

/**
 * The owned destinations that a static route of the external (in `vrf`) matches more specifically than
 * its `owns` does: a router forwards those by the route. `owns` is read as the minimal prefixes covering
 * it; connected routes are left out, since an external answers on its own segments for what no other
 * node holds there.
 */
export function routedPastOwnership(node: ExternalNode, vrf: string): AddressSet {
  let perVrf = routedPast.get(node);
  if (!perVrf) routedPast.set(node, (perVrf = new Map()));
  let set = perVrf.get(vrf);
  if (!set) {
    const owned = node.owns.ranges.flatMap(([lo, hi]) => rangeToPrefixes(lo, hi));
    const covering = (p: Prefix) => owned.find((o) => o.length <= p.length && contains(o, p.network));
    const routed = node.routes.filter((r) => r.vrf === vrf && r.origin !== 'connected').map((r) => r.prefix);
    set = addressSetFromPrefixes(routed.filter((p) => (covering(p)?.length ?? p.length) < p.length));
    perVrf.set(vrf, set);
  }
  return set;
}

function contains(outer: Prefix, ip: number): boolean {
  return outer.length === 0 || (outer.network ^ ip) >>> (32 - outer.length) === 0;
}
