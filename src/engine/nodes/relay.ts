/**
 * Relay (中継サーバ): accepts only listed (source, destination, service[, source MAC]) tuples and
 * sends data on to its onward destination. An allowance without `dst` means the relay's own
 * addresses; one with `dst` makes it intercept packets for those addresses (a transparent relay).
 * The source MAC is the MAC of the neighbour interface that handed the packet over; an allowance
 * with a MAC never matches a packet whose neighbour declares none (fail closed).
 */
import { anyServiceMatches } from '../../acl/service-match.js';
import { addressSetContains } from '../../net/address-set.js';
import { formatIpv4 } from '../../net/ipv4.js';
import type { RelayAllowance, RelayNode } from '../../topology/model.js';
import { ownInterface } from '../routing.js';
import type { GatewaySession } from '../trace.js';
import { describeHeaderService, gatewaySends, refuse, terminated } from './gateway.js';
import { emptyDraft, type Arrival, type SimContext, type Step } from './types.js';

export function relaySessions(node: RelayNode): GatewaySession[] {
  return [{ via: undefined, targets: node.onward.to, services: node.onward.services, carries: 'relayed data' }];
}

function allowanceMatches(a: RelayAllowance, arrival: Arrival, own: boolean): boolean {
  const h = arrival.header;
  const dstOk = a.dst === undefined ? own : addressSetContains(a.dst, h.dst);
  if (!dstOk || !addressSetContains(a.src, h.src) || !anyServiceMatches(a.services, h)) return false;
  if (a.mac === undefined) return true;
  const mac = arrival.previous?.interface.mac;
  return mac !== undefined && mac.toLowerCase() === a.mac.toLowerCase();
}

export function relayBehaviour(ctx: SimContext, arrival: Arrival): Step[] {
  const node = arrival.node as RelayNode;
  const sessions = relaySessions(node);
  if (arrival.ingress === undefined) return gatewaySends(ctx, arrival, sessions);
  const draft = emptyDraft();
  const h = arrival.header;
  const own = ownInterface(node, h.dst) !== undefined;
  const index = node.allow.findIndex((a) => allowanceMatches(a, arrival, own));
  if (index < 0) {
    const intercepts = node.allow.some((a) => a.dst !== undefined && addressSetContains(a.dst, h.dst));
    if (!own && !intercepts) return refuse(node, draft, `${formatIpv4(h.dst)} is not its address; gateways do not forward`);
    const macNote = node.allow.some((a) => a.mac !== undefined)
      ? ` (source MAC seen: ${arrival.previous?.interface.mac ?? 'none declared on the neighbour interface'})`
      : '';
    return refuse(node, draft, `no allow entry matches ${formatIpv4(h.src)} -> ${formatIpv4(h.dst)} ${describeHeaderService(h)}${macNote}`);
  }
  draft.notes.push(`allow entry #${index + 1} matches`);
  return terminated(node, draft, `${formatIpv4(h.src)} -> ${formatIpv4(h.dst)} ${describeHeaderService(h)}`, sessions);
}
