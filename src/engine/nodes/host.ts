/** Hosts (and pools) deliver packets for their own addresses and never forward. */
import { formatIpv4 } from '../../net/ipv4.js';
import type { HostNode } from '../../topology/model.js';
import { ownInterface } from '../routing.js';
import { routeAndForward } from './forward.js';
import { emptyDraft, end, type Arrival, type SimContext, type Step } from './types.js';

export function hostBehaviour(ctx: SimContext, arrival: Arrival): Step[] {
  const node = arrival.node as HostNode;
  const draft = emptyDraft();
  const own = ownInterface(node, arrival.header.dst);
  if (own) {
    const who = node.count > 1 ? `member ${own.member + 1} of ${node.count} of pool ${node.name}` : node.name;
    const local = arrival.ingress === undefined ? ' (sent to itself)' : '';
    return [end(draft, 'delivered', `${formatIpv4(arrival.header.dst)} is ${who}${local}`)];
  }
  if (arrival.ingress !== undefined) {
    return [end(draft, 'denied-in', `${node.name} is a host: hosts do not forward (destination ${formatIpv4(arrival.header.dst)} is not its address)`, { deciding: { policy: `${node.name} (host)`, rule: undefined, description: `host ${node.name}: hosts do not forward`, location: node.location } })];
  }
  return routeAndForward(ctx, node, arrival.vrf, arrival.header, draft);
}
