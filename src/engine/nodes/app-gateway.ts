/** Proxies and mail relays: accept client sessions on the client side and open their own upstream. */
import type { AppGatewayNode } from '../../topology/model.js';
import { ownInterface } from '../routing.js';
import type { GatewaySession } from '../trace.js';
import { admissionRefusal, describeHeaderService, gatewaySends, terminated } from './gateway.js';
import { emptyDraft, type Arrival, type SimContext, type Step } from './types.js';

export function appGatewaySessions(node: AppGatewayNode): GatewaySession[] {
  const what = node.kind === 'proxy' ? 'proxied requests' : 'relayed mail';
  const carries = node.sanitise ? `${what}, sanitised (${node.sanitise})` : what;
  return [{ via: node.upstreamSide, targets: node.targets, services: node.targetServices, carries }];
}

export function appGatewayBehaviour(ctx: SimContext, arrival: Arrival): Step[] {
  const node = arrival.node as AppGatewayNode;
  const sessions = appGatewaySessions(node);
  if (arrival.ingress === undefined) return gatewaySends(ctx, arrival, sessions);
  const draft = emptyDraft();
  const refusal = admissionRefusal(
    arrival,
    ownInterface(node, arrival.header.dst) !== undefined,
    { side: node.clientSide, sideLabel: 'clients', services: node.accepts, serviceLabel: 'service' },
    draft,
  );
  return refusal ?? terminated(node, draft, `a ${node.kind} session on ${describeHeaderService(arrival.header)}`, sessions);
}
