/** The node-kind registry: every kind's packet behaviour. */
import type { NodeKind } from '../../topology/model.js';
import { appGatewayBehaviour } from './app-gateway.js';
import { dedicatedLineBehaviour } from './dedicated-line.js';
import { externalBehaviour } from './external.js';
import { filteringBehaviour } from './filtering.js';
import { hostBehaviour } from './host.js';
import { relayBehaviour } from './relay.js';
import { sanitiserBehaviour } from './sanitiser.js';
import { screenTransferBehaviour } from './screen-transfer.js';
import type { NodeBehaviour } from './types.js';
import { pepBehaviour } from './zt-pep.js';

export const NODE_BEHAVIOURS: Readonly<Record<NodeKind, NodeBehaviour>> = {
  host: hostBehaviour,
  router: filteringBehaviour,
  firewall: filteringBehaviour,
  'screen-transfer': screenTransferBehaviour,
  sanitiser: sanitiserBehaviour,
  relay: relayBehaviour,
  proxy: appGatewayBehaviour,
  'mail-relay': appGatewayBehaviour,
  'zt-pep': pepBehaviour,
  'dedicated-line': dedicatedLineBehaviour,
  external: externalBehaviour,
};

export type { NodeBehaviour, SimContext, Arrival, Step } from './types.js';
