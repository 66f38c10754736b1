/** Z3: tenants of the shared network base stay apart on the packet layer. */
import { addressSetFromRanges, addressSetUnion } from '../../net/address-set.js';
import { prefixLast } from '../../net/ipv4.js';
import { interfaceRange } from '../../engine/routing.js';
import type { Topology, TopologyNode } from '../../topology/model.js';
import { isEndpointNode, isGateway, nodeAddresses, type Endpoint } from '../endpoints.js';
import { isolatedPacket } from '../properties/isolated.js';
import { exceptionApplies } from '../scenario/model.js';
import { combine, type Invariant } from './types.js';

/**
 * Hosts, externals and gateways with an interface in one of the tenant's logical networks; its addresses are
 * theirs and its segments' prefixes (so the unlisted devices of its Internet-side segments send for it).
 */
function tenantEndpoint(topology: Topology, tenant: string, vrfs: ReadonlySet<string>): Endpoint {
  const members: TopologyNode[] = [...topology.nodes.values()].filter(
    (n) => (isEndpointNode(n) || isGateway(n)) && [...n.interfaces.values()].some((i) => vrfs.has(i.vrf)),
  );
  const own = [...topology.segments.values()].filter((s) => vrfs.has(s.vrf));
  const segments = addressSetFromRanges(own.map((s) => [s.prefix.network, prefixLast(s.prefix)] as const));
  // Its unlisted devices are on its own segments, not on every segment a 0.0.0.0/0 breakout of its covers.
  // A gateway with legs in several tenants (a shared mail relay) is each tenant's by its legs there only.
  const legs = (n: TopologyNode) =>
    [...n.interfaces.values()].filter((i) => vrfs.has(i.vrf)).map((i) => interfaceRange(n, i)).filter((r) => r !== undefined);
  const addressesOf = (n: TopologyNode) => (isGateway(n) ? addressSetFromRanges(legs(n)) : nodeAddresses(n));
  return { text: `tenant ${tenant} (${[...vrfs].join(', ')})`, addresses: addressSetUnion(segments, ...members.map(addressesOf)), members, segments: new Set(own.map((s) => s.name)) };
}

export const Z3: Invariant = {
  id: 'Z3',
  title: 'logical networks of different tenants are isolated: no packet from one tenant reaches another',
  basis: 'docs/guideline-basis.md#b-tenant-separation, docs/guideline-basis.md#b-shared-base',
  check: (ctx) => {
    const byTenant = new Map<string, Set<string>>();
    for (const ln of ctx.topology.logicalNetworks.values()) {
      if (ln.tenant !== undefined) byTenant.set(ln.tenant, (byTenant.get(ln.tenant) ?? new Set()).add(ln.name));
    }
    if (byTenant.size < 2) return { status: 'not-applicable', notes: ['fewer than two tenants among the logical networks'] };
    const endpoints = [...byTenant].map(([tenant, vrfs]) => tenantEndpoint(ctx.topology, tenant, vrfs));
    const parts = endpoints.flatMap((from) =>
      endpoints.filter((to) => to !== from).map((to) => isolatedPacket(ctx, { from, to }, (e) => exceptionApplies(e, 'Z3'))),
    );
    return combine(parts, [`${byTenant.size} tenants, every ordered pair checked; logical networks without a tenant (shared services) are not tenants`]);
  },
};
