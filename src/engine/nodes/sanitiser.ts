/** Sanitiser (無害化): accepts objects on its in side and delivers new, sanitised objects on its out side. */
import type { SanitiserNode } from '../../topology/model.js';
import { ownInterface } from '../routing.js';
import type { GatewaySession } from '../trace.js';
import { admissionRefusal, describeHeaderService, gatewaySends, terminated } from './gateway.js';
import { emptyDraft, type Arrival, type SimContext, type Step } from './types.js';

export function sanitiserSessions(node: SanitiserNode): GatewaySession[] {
  return [{ via: node.outSide, targets: node.targets, services: node.targetServices, carries: `sanitised objects (${node.method})` }];
}

export function sanitiserBehaviour(ctx: SimContext, arrival: Arrival): Step[] {
  const node = arrival.node as SanitiserNode;
  const sessions = sanitiserSessions(node);
  if (arrival.ingress === undefined) return gatewaySends(ctx, arrival, sessions);
  const draft = emptyDraft();
  const refusal = admissionRefusal(
    arrival,
    ownInterface(node, arrival.header.dst) !== undefined,
    { side: node.inSide, sideLabel: 'incoming objects', services: node.accepts, serviceLabel: 'service' },
    draft,
  );
  return refusal ?? terminated(node, draft, `an object on ${describeHeaderService(arrival.header)} for sanitising (${node.method})`, sessions);
}
