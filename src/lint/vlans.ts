/**
 * LINT009: the same VLAN ID on two segments that share a layer-2 domain. VLAN IDs are local to a site's
 * switches, so segments at different sites may reuse one. Segments that name no site are compared only
 * with other site-less segments of the same logical network (VRF): without a site nothing says they share
 * switches, and two tenants' networks commonly number VLANs independently.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { formatPrefix } from '../net/ipv4.js';
import type { Segment, Topology } from '../topology/model.js';
import { lineOf } from './describe.js';

export function duplicateVlanFindings(topology: Topology): Diagnostic[] {
  const byDomain = new Map<string, Segment[]>();
  for (const s of topology.segments.values()) {
    if (s.vlan === undefined) continue;
    const key = s.site !== undefined ? `site\u0000${s.site}\u0000${s.vlan}` : `vrf\u0000${s.vrf}\u0000${s.vlan}`;
    const list = byDomain.get(key);
    if (list) list.push(s);
    else byDomain.set(key, [s]);
  }
  const out: Diagnostic[] = [];
  for (const list of byDomain.values()) {
    if (list.length < 2) continue;
    const sorted = [...list].sort((a, b) => (a.location?.file ?? '').localeCompare(b.location?.file ?? '') || (a.location?.line ?? 0) - (b.location?.line ?? 0));
    const first = sorted[0] as Segment;
    for (const s of sorted.slice(1)) {
      const where = s.site !== undefined ? `site "${s.site}"` : `logical network "${s.vrf}" (no site given)`;
      out.push({
        code: 'LINT009',
        severity: 'warning',
        location: s.location,
        message: `VLAN ${s.vlan} of segment "${s.name}" (${formatPrefix(s.prefix)}) is also used by segment "${first.name}" (${formatPrefix(first.prefix)}, ${lineOf(first.location)}) at ${where}`,
        expected: 'one VLAN ID per segment within a site',
        hint: 'give one of them a free VLAN ID; if they are at different sites, set `site` on both',
      });
    }
  }
  return out;
}
