/** A dedicated line joins two sites: it routes like a router with no ACLs, NAT or state. */
import { formatIpv4 } from '../../net/ipv4.js';
import { ownInterface } from '../routing.js';
import { routeAndForward } from './forward.js';
import { emptyDraft, end, type Arrival, type SimContext, type Step } from './types.js';

export function dedicatedLineBehaviour(ctx: SimContext, arrival: Arrival): Step[] {
  const draft = emptyDraft();
  if (arrival.ingress !== undefined && ownInterface(arrival.node, arrival.header.dst)) {
    return [end(draft, 'delivered', `${formatIpv4(arrival.header.dst)} is ${arrival.node.name}'s own address`)];
  }
  return routeAndForward(ctx, arrival.node, arrival.vrf, arrival.header, draft);
}
