/**
 * LINT009: the same VLAN ID on two segments that share a layer-2 domain (topology/layer2-domains.ts).
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { formatPrefix } from '../net/ipv4.js';
import { sharedLayer2Domains } from '../topology/layer2-domains.js';
import type { Segment, Topology } from '../topology/model.js';
import { lineOf } from './describe.js';

export function duplicateVlanFindings(topology: Topology): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const { where, segments } of sharedLayer2Domains(topology)) {
    const sorted = [...segments].sort((a, b) => (a.location?.file ?? '').localeCompare(b.location?.file ?? '') || (a.location?.line ?? 0) - (b.location?.line ?? 0));
    const first = sorted[0] as Segment;
    for (const s of sorted.slice(1)) {
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
