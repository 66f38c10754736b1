/** Screen transfer (画面転送, VDI/SBC): clients reach it on display protocols; it opens display sessions to its targets. */
import type { ScreenTransferNode } from '../../topology/model.js';
import { ownInterface } from '../routing.js';
import type { GatewaySession } from '../trace.js';
import { admissionRefusal, describeHeaderService, gatewaySends, terminated } from './gateway.js';
import { emptyDraft, type Arrival, type SimContext, type Step } from './types.js';

export function screenTransferSessions(node: ScreenTransferNode): GatewaySession[] {
  const r = node.redirection;
  const open = (['clipboard', 'file', 'drive', 'printer'] as const).flatMap((channel) => [
    ...(r[channel].clientToHost ? [`${channel} client->host`] : []),
    ...(r[channel].hostToClient ? [`${channel} host->client`] : []),
  ]);
  const carries = `display session (input forward, pixels back${open.length ? `; redirection on: ${open.join(', ')}` : '; no redirection'})`;
  return [{ via: node.hostSide, targets: node.targets, services: node.targetServices, carries }];
}

export function screenTransferBehaviour(ctx: SimContext, arrival: Arrival): Step[] {
  const node = arrival.node as ScreenTransferNode;
  const sessions = screenTransferSessions(node);
  if (arrival.ingress === undefined) return gatewaySends(ctx, arrival, sessions);
  const draft = emptyDraft();
  const refusal = admissionRefusal(
    arrival,
    ownInterface(node, arrival.header.dst) !== undefined,
    { side: node.clientSide, sideLabel: 'clients', services: node.protocols, serviceLabel: 'display protocol' },
    draft,
  );
  return refusal ?? terminated(node, draft, `a display session on ${describeHeaderService(arrival.header)}`, sessions);
}
