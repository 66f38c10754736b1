/**
 * Segments that share a layer-2 domain: the same VLAN ID at one site (VLAN IDs are local to a site's
 * switches, so segments at different sites may reuse one). Segments that name no site share a domain only
 * with other site-less segments of the same logical network (VRF): without a site nothing says they share
 * switches, and two tenants' networks commonly number VLANs independently. On one VLAN, hosts of both
 * prefixes reach each other by ARP, without a router.
 */
import type { Segment, Topology } from './model.js';

/** The groups of two or more segments that share a layer-2 domain, each in declaration order. */
export function sharedLayer2Domains(topology: Pick<Topology, 'segments'>): { readonly where: string; readonly vlan: number; readonly segments: readonly Segment[] }[] {
  const byDomain = new Map<string, Segment[]>();
  for (const s of topology.segments.values()) {
    if (s.vlan === undefined) continue;
    const key = s.site !== undefined ? `site\u0000${s.site}\u0000${s.vlan}` : `vrf\u0000${s.vrf}\u0000${s.vlan}`;
    const list = byDomain.get(key);
    if (list) list.push(s);
    else byDomain.set(key, [s]);
  }
  return [...byDomain.values()]
    .filter((list) => list.length >= 2)
    .map((list) => {
      const first = list[0] as Segment;
      return { where: first.site !== undefined ? `site "${first.site}"` : `logical network "${first.vrf}" (no site given)`, vlan: first.vlan as number, segments: list };
    });
}
