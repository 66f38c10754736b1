/**
 * What all gateways share: they terminate sessions and never route. A packet addressed to one of
 * the gateway's own addresses, arriving on the side it serves, on a service it serves, ends
 * `terminated-at-gateway` with the sessions the gateway may originate next. Anything else is
 * `denied-in` with the reason. Packets the gateway itself sends are routed normally.
 */
import { anyServiceMatches } from '../../acl/service-match.js';
import { addressSetContains, formatAddressSet } from '../../net/address-set.js';
import type { PacketHeader } from '../../net/header.js';
import { formatIpv4 } from '../../net/ipv4.js';
import { formatService, protocolName, PROTO, type ServiceMatch } from '../../net/ports.js';
import type { TopologyNode } from '../../topology/model.js';
import type { DecidingRule, GatewaySession } from '../trace.js';
import { routeAndForward } from './forward.js';
import { emptyDraft, end, type Arrival, type HopDraft, type SimContext, type Step } from './types.js';

export function describeHeaderService(h: PacketHeader): string {
  if (h.protocol === PROTO.tcp || h.protocol === PROTO.udp) return `${protocolName(h.protocol)}/${h.dstPort}`;
  if (h.protocol === PROTO.icmp) return `icmp/${h.icmpType}/${h.icmpCode}`;
  return protocolName(h.protocol);
}

export function formatServices(list: readonly ServiceMatch[]): string {
  return list.length === 0 ? '(none)' : list.map(formatService).join(', ');
}

export function gatewayRefusal(node: TopologyNode): DecidingRule {
  return { policy: `${node.name} (${node.kind})`, rule: undefined, description: `${node.kind} ${node.name}: admission`, location: node.location };
}

export function refuse(node: TopologyNode, draft: HopDraft, reason: string, deciding: DecidingRule = gatewayRefusal(node)): Step[] {
  return [end(draft, 'denied-in', `${node.name}: ${reason}`, { deciding })];
}

/** A packet sent by the gateway itself: routed, with a note when it is not one of the sessions the gateway originates. */
export function gatewaySends(ctx: SimContext, arrival: Arrival, sessions: readonly GatewaySession[]): Step[] {
  const draft = emptyDraft();
  const h = arrival.header;
  const listed = sessions.some((s) => addressSetContains(s.targets, h.dst) && anyServiceMatches(s.services, h));
  if (!listed && ctx.direction === 'forward') {
    draft.notes.push(`not one of the sessions ${arrival.node.name} originates (${sessions.map(describeSession).join('; ')})`);
  }
  return routeAndForward(ctx, arrival.node, arrival.vrf, h, draft);
}

export function describeSession(s: GatewaySession): string {
  return `${s.carries} to ${formatAddressSet(s.targets)} on ${formatServices(s.services)}${s.via ? ` via ${s.via}` : ''}`;
}

export interface ServedSide {
  /** Interface the gateway serves clients on (undefined: any). */
  readonly side: string | undefined;
  readonly sideLabel: string;
  readonly services: readonly ServiceMatch[];
  readonly serviceLabel: string;
}

/**
 * The common admission checks for a packet arriving at a gateway: own address, served side,
 * served service. Returns the refusal, or undefined when admitted.
 */
export function admissionRefusal(arrival: Arrival, own: boolean, served: ServedSide, draft: HopDraft): Step[] | undefined {
  const node = arrival.node;
  const h = arrival.header;
  if (!own) {
    return refuse(node, draft, `${formatIpv4(h.dst)} is not its address; gateways do not forward`);
  }
  if (served.side !== undefined && arrival.ingress?.name !== served.side) {
    return refuse(node, draft, `arrived on ${arrival.ingress?.name ?? '?'}, but it serves ${served.sideLabel} only on ${served.side}`);
  }
  if (!anyServiceMatches(served.services, h)) {
    return refuse(node, draft, `${describeHeaderService(h)} is not a ${served.serviceLabel} it serves (serves ${formatServices(served.services)})`);
  }
  return undefined;
}

export function terminated(node: TopologyNode, draft: HopDraft, what: string, sessions: readonly GatewaySession[]): Step[] {
  return [end(draft, 'terminated-at-gateway', `${node.name} (${node.kind}) accepts ${what}`, { sessions })];
}
