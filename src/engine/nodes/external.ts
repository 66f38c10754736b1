/**
 * External networks stand for the address space they own: a packet for it exits the network.
 * Any other packet is carried on by the external's own routes (a transit network, no policy). A route
 * of its own more specific than what it owns wins, as on any router (longest prefix): such a packet is
 * transit, carried on by that route; one exactly as specific gives both outcomes. When an external sends,
 * its routes decide first; with no matching route, a destination it owns stays inside it (exits-network),
 * and any other goes to its segment's implicit gateway.
 */
import { addressSetContains, formatAddressSet } from '../../net/address-set.js';
import { formatIpv4 } from '../../net/ipv4.js';
import type { ExternalNode } from '../../topology/model.js';
import { implicitRoutes, ownInterface } from '../routing.js';
import { routedPastOwnership } from '../routed-past-ownership.js';
import { routeAndForward } from './forward.js';
import { emptyDraft, end, type Arrival, type SimContext, type Step } from './types.js';

export function externalBehaviour(ctx: SimContext, arrival: Arrival): Step[] {
  const node = arrival.node as ExternalNode;
  const draft = emptyDraft();
  const dst = arrival.header.dst;
  // Arriving: the destination is inside the network it stands for. Sending: its routes decide first
  // (an Internet that owns 0.0.0.0/0 still routes towards the city it attacks).
  const ownAddress = ownInterface(node, dst) !== undefined;
  const owned = addressSetContains(node.owns, dst) || ownAddress;
  const sending = arrival.ingress === undefined;
  const exits = () => end(emptyDraft(), 'exits-network', `${node.name} (zone ${node.zone}) owns ${formatIpv4(dst)} (${formatAddressSet(node.owns)})`);
  const past = owned && !sending && !ownAddress ? routedPastOwnership(ctx.forwarding, node, arrival.vrf, arrival.ingress?.name) : undefined;
  if (past !== undefined && addressSetContains(past.beats, dst)) draft.notes.push(`${node.name} owns ${formatIpv4(dst)} but routes it more specifically: carried on as transit`);
  else if (past !== undefined && addressSetContains(past.ties, dst)) {
    // A route as specific as what it owns: it may stay inside or be routed on; both are traced.
    draft.notes.push(`${node.name} owns ${formatIpv4(dst)} and routes the same prefix: carried on as well`);
    return [exits(), ...routeAndForward(ctx, node, arrival.vrf, arrival.header, draft)];
  } else if (owned && (!sending || ctx.forwarding.lookup(node.name, arrival.vrf, dst).length === 0)) return [exits()];
  else if (!sending) draft.notes.push(`${node.name} does not own ${formatIpv4(dst)}: carried on as transit`);
  const first = arrival.ingress ?? [...node.interfaces.values()].find((i) => i.vrf === arrival.vrf) ?? [...node.interfaces.values()][0];
  const fallback = arrival.ingress === undefined && first ? () => {
    draft.notes.push(`${node.name} has no route for ${formatIpv4(dst)}: sent to the implicit gateway of segment ${first.segment}`);
    return implicitRoutes(ctx.forwarding, first, dst, node.name);
  } : undefined;
  return routeAndForward(ctx, node, arrival.vrf, arrival.header, draft, undefined, fallback);
}
