/** R6: screen transfer keeps its direction (a check of each gateway's own semantics, next to the matrix). */
import { isEndpointNode, nodeAddresses, resolveEndpoint, type Endpoint } from '../endpoints.js';
import { exceptionApplies } from '../scenario/model.js';
import { isolatedPacket } from '../properties/isolated.js';
import type { VerifyContext } from '../context.js';
import { combine, type Invariant } from './types.js';

const na = (why: string) => ({ status: 'not-applicable' as const, notes: [why] });
const applies = (id: string) => (e: Parameters<typeof exceptionApplies>[0]) => exceptionApplies(e, id);
const endpointsOnly = (e: Endpoint): Endpoint => ({ ...e, members: e.members.filter(isEndpointNode) });

export const R6: Invariant = {
  id: 'R6',
  title: 'screen transfer: session hosts cannot initiate to the client side; clients reach session hosts only through the gateway',
  basis: 'docs/guideline-basis.md#b-screen-transfer, docs/guideline-basis.md#b-screen-risk',
  check: (ctx) => {
    const gateways = [...ctx.topology.nodes.values()].filter((n) => n.kind === 'screen-transfer');
    if (gateways.length === 0) return na('no screen-transfer gateway in this topology');
    const parts = gateways.flatMap((g) => {
      if (g.kind !== 'screen-transfer') return [];
      const clientSegment = ctx.topology.segments.get(g.interfaces.get(g.clientSide)?.segment ?? '');
      const clientZone = clientSegment?.zone;
      if (!clientZone) return [];
      const clients = endpointsOnly(zoneEndpoint(ctx, clientZone));
      const hosts: Endpoint = { text: `session hosts of ${g.name}`, addresses: g.targets, members: [...ctx.topology.nodes.values()].filter((n) => isEndpointNode(n) && n.kind !== 'external' && nodeAddresses(n).ranges.some(([lo, hi]) => g.targets.ranges.some(([a, b]) => lo <= b && a <= hi))) };
      return [
        isolatedPacket(ctx, { from: hosts, to: clients }, applies('R6')),
        isolatedPacket(ctx, { from: clients, to: hosts }, applies('R6')),
      ];
    });
    return combine(parts, [`gateways checked: ${gateways.map((g) => g.name).join(', ')}`, 'display port numbers themselves are product defaults, not guideline content, and are not judged']);
  },
};

/** The client side: the hosts and external networks of the client zone, and that zone's addresses (its segments' unlisted devices with them). */
function zoneEndpoint(ctx: VerifyContext, zone: string): Endpoint {
  const resolved = resolveEndpoint(ctx.topology, `zone:${zone}`);
  if (!resolved.ok) throw new Error(`zone ${zone} of a gateway's client side does not resolve: ${resolved.message}`);
  return { ...resolved.endpoint, text: `zone ${zone}` };
}
