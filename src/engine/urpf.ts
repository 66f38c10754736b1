/**
 * Strict unicast reverse-path forwarding (uRPF), the anti-spoofing check a router or firewall interface
 * may declare (`urpf: strict`): a packet entering the interface passes only if the longest-prefix route
 * back to its source, in the interface's VRF, leaves by that same interface (like Cisco `ip verify unicast
 * source reachable-via rx` and Linux rp_filter=1; with ECMP any branch counts). A null route to the source
 * fails. A route leak to another VRF is not followed and counts as passing: segproof never drops more than
 * the device would. Every engine asks this module, so they agree by construction.
 */
import { addressSetContains, addressSetFromRanges, type AddressSet } from '../net/address-set.js';
import { prefixLast, type Ipv4 } from '../net/ipv4.js';
import type { Interface, TopologyNode } from '../topology/model.js';

const cache = new WeakMap<Interface, AddressSet>();

/** Source addresses a strict-uRPF interface accepts (all addresses when it declares no uRPF). */
export function urpfSources(node: TopologyNode, iface: Interface): AddressSet {
  if (iface.urpf !== 'strict') return { ranges: [[0, 0xffffffff]] };
  let set = cache.get(iface);
  if (set) return set;
  // Longest prefix first; each prefix decides the addresses no longer prefix has claimed.
  const groups = new Map<string, { first: Ipv4; last: Ipv4; length: number; back: boolean }>();
  for (const r of node.routes) {
    if (r.vrf !== iface.vrf) continue;
    const key = `${r.prefix.network}/${r.prefix.length}`;
    const back = r.target.type === 'leak' || ((r.target.type === 'via' || r.target.type === 'interface') && r.target.interface === iface.name);
    const g = groups.get(key);
    if (g) g.back ||= back;
    else groups.set(key, { first: r.prefix.network, last: prefixLast(r.prefix), length: r.prefix.length, back });
  }
  const claimed: [Ipv4, Ipv4][] = [];
  const accepted: [Ipv4, Ipv4][] = [];
  for (const g of [...groups.values()].sort((a, b) => b.length - a.length)) {
    const free = subtract([g.first, g.last], addressSetFromRanges(claimed));
    if (g.back) accepted.push(...free);
    claimed.push([g.first, g.last]);
  }
  set = addressSetFromRanges(accepted);
  cache.set(iface, set);
  return set;
}

export function urpfAccepts(node: TopologyNode, iface: Interface, src: Ipv4): boolean {
  return iface.urpf !== 'strict' || addressSetContains(urpfSources(node, iface), src);
}

function subtract(range: readonly [Ipv4, Ipv4], taken: AddressSet): [Ipv4, Ipv4][] {
  const out: [Ipv4, Ipv4][] = [];
  let lo = range[0];
  for (const [a, b] of taken.ranges) {
    if (b < lo || a > range[1]) continue;
    if (a > lo) out.push([lo, a - 1]);
    lo = b + 1;
    if (lo > range[1]) return out;
  }
  if (lo <= range[1]) out.push([lo, range[1]]);
  return out;
}
