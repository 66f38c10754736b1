/** Static NAT as declared: the first matching rule of a type on an interface rewrites the header. */
import { anyServiceMatches } from '../acl/service-match.js';
import { addressSetContains } from '../net/address-set.js';
import type { PacketHeader } from '../net/header.js';
import { PROTO } from '../net/ports.js';
import type { FilteringNode, NatRule } from '../topology/model.js';
import type { NatRewrite } from './trace.js';

function hasPorts(h: PacketHeader): boolean {
  return h.protocol === PROTO.tcp || h.protocol === PROTO.udp;
}

export function natRuleMatches(rule: NatRule, h: PacketHeader): boolean {
  return addressSetContains(rule.src, h.src) && addressSetContains(rule.dst, h.dst) && anyServiceMatches(rule.services, h);
}

/**
 * Applies the first `type` rule bound to `interfaceName` that matches. Destination NAT runs on the
 * ingress interface, source NAT on the egress interface.
 */
export function applyNat(
  node: FilteringNode,
  type: 'source' | 'destination',
  interfaceName: string,
  h: PacketHeader,
): { header: PacketHeader; rewrite: NatRewrite | undefined } {
  const rule = node.nat.find((r) => r.type === type && r.interface === interfaceName && natRuleMatches(r, h));
  if (!rule) return { header: h, rewrite: undefined };
  const ported = hasPorts(h) && rule.translatePort !== undefined;
  const header: PacketHeader =
    type === 'destination'
      ? { ...h, dst: rule.translateTo, dstPort: ported ? (rule.translatePort as number) : h.dstPort }
      : { ...h, src: rule.translateTo, srcPort: ported ? (rule.translatePort as number) : h.srcPort };
  const before = type === 'destination' ? { ip: h.dst, port: h.dstPort } : { ip: h.src, port: h.srcPort };
  const after = type === 'destination' ? { ip: header.dst, port: header.dstPort } : { ip: header.src, port: header.srcPort };
  return { header, rewrite: { rule: rule.name, type, before, after, reverse: false, location: rule.location } };
}
