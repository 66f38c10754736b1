/**
 * LINT010: a permit written with `any` (any service, any source or any destination) that decides packets
 * into a segment of class MN, MN_GC, LG or LGWAN, the classes whose isolation the guideline is about.
 * Judged on the packets the rule decides that can arrive at its binding point (arrival.ts), so a
 * catch-all permit whose routes lead only elsewhere is not flagged.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { addressSetIsAll, addressSetFromPrefixes } from '../net/address-set.js';
import { formatPrefix } from '../net/ipv4.js';
import { addressSetField } from '../symbolic/acl-set.js';
import type { HeaderSet } from '../symbolic/header-set.js';
import type { Segment, Topology, ZoneClass } from '../topology/model.js';
import type { AclDecisions } from './acl-decisions.js';
import type { ArrivalSet } from './arrival.js';
import { aclTitle } from './describe.js';

export const PROTECTED_CLASSES: readonly ZoneClass[] = ['MN', 'MN_GC', 'LG', 'LGWAN'];

export function protectedSegments(topology: Topology): Segment[] {
  return [...topology.segments.values()]
    .filter((s) => {
      const cls = topology.zones.get(s.zone)?.class;
      return cls !== undefined && PROTECTED_CLASSES.includes(cls);
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function anyPermitFindings(topology: Topology, d: AclDecisions, arrival: ArrivalSet, skip: ReadonlySet<number>, targets: readonly Segment[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [j, rule] of d.acl.rules.entries()) {
    if (rule.action !== 'permit' || skip.has(j)) continue;
    const anys = [
      ...(rule.services.some((s) => s.protocol === undefined) ? ['any service'] : []),
      ...(addressSetIsAll(rule.src) ? ['any source'] : []),
      ...(addressSetIsAll(rule.dst) ? ['any destination'] : []),
    ];
    if (anys.length === 0) continue;
    const decided = (d.decides[j] as HeaderSet).intersect(arrival.headers);
    if (decided.isEmpty()) continue;
    const into = targets.filter((s) => decided.overlaps(addressSetField('dst', addressSetFromPrefixes([s.prefix]))));
    if (into.length === 0) continue;
    const named = into.slice(0, 6).map((s) => `${s.name} (${topology.zones.get(s.zone)?.class} ${formatPrefix(s.prefix)})`);
    const more = into.length > 6 ? ` and ${into.length - 6} more` : '';
    out.push({
      code: 'LINT010',
      severity: 'warning',
      location: rule.location,
      message: `rule "${rule.name}" of ${aclTitle(d.acl)} permits ${anys.join(', ')} into ${named.join(', ')}${more}`,
      expected: 'permits into MN, MN_GC, LG and LGWAN segments that name their sources, destinations and services',
      hint: 'list the hosts and services the flow needs (address and service objects); if the breadth is intended, say why in the rule\'s description',
    });
  }
  return out;
}
