/** The two families of node kinds every engine tells apart: gateways terminate sessions, forwarders route. */
import type { TopologyNode } from '../topology/model.js';

export const GATEWAY_KINDS: ReadonlySet<string> = new Set(['screen-transfer', 'sanitiser', 'relay', 'proxy', 'mail-relay', 'zt-pep']);
export const FORWARDING_KINDS: ReadonlySet<string> = new Set(['router', 'firewall', 'dedicated-line']);

export function isGatewayKind(node: TopologyNode): boolean {
  return GATEWAY_KINDS.has(node.kind);
}

/** Routers, firewalls and dedicated lines: the nodes that forward, and the network devices an attacker aims at. */
export function isForwarder(node: TopologyNode): boolean {
  return FORWARDING_KINDS.has(node.kind);
}

/**
 * The neighbours a host can hand a packet for someone else to (the attacker's chosen next hop): the
 * forwarders, and external networks, whose attachment is a router that carries what it does not own on by
 * the external's routes (a carrier's or cloud's CE router takes any frame sent to it, not only its owner's).
 */
export function isNextHopKind(node: TopologyNode): boolean {
  return FORWARDING_KINDS.has(node.kind) || node.kind === 'external';
}
