/**
 * Whether a node's routes lead a packet towards a segment: a walk over the forwarding tables alone (every
 * ECMP branch, no ACLs, no NAT), from the node on to the routers, firewalls and dedicated lines it hands the
 * packet to, until some hop's egress interface is on the segment. External networks that own the
 * destination end the walk (the packet leaves) unless a route of theirs is more specific; hosts and gateways
 * do not forward.
 *
 * Used by LINT010 (a warning) so that a catch-all permit whose routes lead to the Internet is not read as a
 * permit into MN; it claims no isolation either way.
 */
import type { Forwarding } from '../engine/routing.js';
import { routedPastContains, routedPastOwnership } from '../engine/routed-past-ownership.js';
import { addressSetContains } from '../net/address-set.js';
import type { Ipv4 } from '../net/ipv4.js';

const MAX_HOPS = 64;

export function routesToward(forwarding: Forwarding, start: string, vrfs: readonly string[], dst: Ipv4, segment: string): boolean {
  const queue: { node: string; vrf: string; hops: number }[] = vrfs.map((vrf) => ({ node: start, vrf, hops: 0 }));
  const seen = new Set<string>();
  while (queue.length > 0) {
    const at = queue.shift() as (typeof queue)[number];
    const key = `${at.node}\u0000${at.vrf}`;
    if (seen.has(key) || at.hops > MAX_HOPS) continue;
    seen.add(key);
    for (const branch of forwarding.lookup(at.node, at.vrf, dst)) {
      if (branch.type !== 'forward') {
        if (branch.type === 'unresolved' && branch.egress?.segment === segment) return true;
        continue;
      }
      if (branch.egress.segment === segment) return true;
      const next = branch.neighbour.node;
      const vrf = branch.neighbour.interface.vrf;
      if (next.kind === 'external' && addressSetContains(next.owns, dst) && !routedPastContains(routedPastOwnership(forwarding, next, vrf), dst)) continue;
      if (next.kind === 'router' || next.kind === 'firewall' || next.kind === 'dedicated-line' || next.kind === 'external') {
        queue.push({ node: next.name, vrf, hops: at.hops + 1 });
      }
    }
  }
  return false;
}
