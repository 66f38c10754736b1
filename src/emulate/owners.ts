/**
 * Which node owns an address, and which addresses a node can use as a probe endpoint. Hosts own their pool
 * members, gateways and forwarding nodes their interface addresses, externals the space they `own`
 * (the most specific owner wins, as in routing).
 */
import { addressSetContains } from '../net/address-set.js';
import { prefixFirst, prefixLast, rangeToPrefixes, type Ipv4 } from '../net/ipv4.js';
import { GATEWAY_KINDS } from '../engine/kinds.js';
import type { ExternalNode, Topology, TopologyNode } from '../topology/model.js';

export type OwnerRole = 'host' | 'gateway' | 'forwarder' | 'external';

export interface AddressOwner {
  readonly node: string;
  readonly role: OwnerRole;
}

export { FORWARDING_KINDS, GATEWAY_KINDS } from '../engine/kinds.js';

export function roleOf(node: TopologyNode): OwnerRole {
  if (node.kind === 'host') return 'host';
  if (node.kind === 'external') return 'external';
  if (GATEWAY_KINDS.has(node.kind)) return 'gateway';
  return 'forwarder';
}

/** Addresses a host pool member i has: one per numbered interface. */
export function poolMemberAddresses(node: TopologyNode, memberIndex: number): Ipv4[] {
  return [...node.interfaces.values()].flatMap((i) => (i.address === undefined ? [] : [i.address + memberIndex]));
}

export class AddressOwners {
  private readonly exact = new Map<Ipv4, AddressOwner>();
  private readonly pools: { first: Ipv4; last: Ipv4; owner: AddressOwner }[] = [];
  private readonly externals: { node: ExternalNode; widest: number }[] = [];

  constructor(readonly topology: Topology) {
    for (const node of topology.nodes.values()) {
      const role = roleOf(node);
      if (node.kind === 'external') {
        // Rank by the longest owned prefix containing the address, computed per lookup.
        this.externals.push({ node, widest: 0 });
      }
      for (const itf of node.interfaces.values()) {
        if (itf.address === undefined) continue;
        if (node.kind === 'host' && node.count > 1) this.pools.push({ first: itf.address, last: itf.address + node.count - 1, owner: { node: node.name, role } });
        else this.exact.set(itf.address, { node: node.name, role });
      }
    }
  }

  owner(ip: Ipv4): AddressOwner | undefined {
    const direct = this.exact.get(ip);
    if (direct) return direct;
    for (const p of this.pools) if (ip >= p.first && ip <= p.last) return p.owner;
    let best: { node: string; length: number } | undefined;
    for (const { node } of this.externals) {
      if (!addressSetContains(node.owns, ip)) continue;
      const length = longestOwnedPrefix(node, ip);
      if (!best || length > best.length) best = { node: node.name, length };
    }
    return best ? { node: best.node, role: 'external' } : undefined;
  }

  /**
   * The node that sends from `ip`, as replay decides it: an address on one of the topology's segments
   * that no interface holds has no sender, even inside an external's space (the Internet's 0.0.0.0/0),
   * unless an external owns a prefix at least as specific as that segment's.
   */
  sender(ip: Ipv4): AddressOwner | undefined {
    const owner = this.owner(ip);
    if (!owner || owner.role !== 'external') return owner;
    let segmentLength = -1;
    for (const s of this.topology.segments.values()) if (ip >= prefixFirst(s.prefix) && ip <= prefixLast(s.prefix)) segmentLength = Math.max(segmentLength, s.prefix.length);
    if (segmentLength < 0) return owner;
    const external = this.topology.nodes.get(owner.node);
    return external?.kind === 'external' && longestOwnedPrefix(external, ip) >= segmentLength ? owner : undefined;
  }
}

function longestOwnedPrefix(node: ExternalNode, ip: Ipv4): number {
  let best = -1;
  for (const [lo, hi] of node.owns.ranges) {
    if (ip < lo || ip > hi) continue;
    for (const p of rangeToPrefixes(lo, hi)) if (ip >= prefixFirst(p) && ip <= prefixLast(p)) best = Math.max(best, p.length);
  }
  return best;
}
