/**
 * LINT010: a permit written with `any` (any service, any source or any destination) that decides packets
 * into a segment of class MN, MN_GC, LG or LGWAN, the classes whose isolation the guideline is about.
 * Judged on the packets the rule decides that can arrive at its binding point (arrival.ts), and only for
 * segments the node's routes lead to (routes-toward.ts), so a catch-all permit towards the Internet is
 * not flagged.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { addressSetIsAll, addressSetFromPrefixes } from '../net/address-set.js';
import { formatPrefix, prefixFirst, type Ipv4 } from '../net/ipv4.js';
import type { Forwarding } from '../engine/routing.js';
import { routesToward } from './routes-toward.js';
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

/** Addresses that stand for a segment when asking whether routes lead to it: its attached interfaces', else its first host address. */
function probeAddresses(forwarding: Forwarding, s: Segment): Ipv4[] {
  const attached = forwarding.attached(s.name).flatMap(({ interface: i }) => (i.address === undefined ? [] : [i.address]));
  return attached.length ? [...new Set(attached)].sort((a, b) => a - b) : [prefixFirst(s.prefix) + (s.prefix.length < 31 ? 1 : 0)];
}

export function anyPermitFindings(topology: Topology, forwarding: Forwarding, d: AclDecisions, arrival: ArrivalSet, skip: ReadonlySet<number>, targets: readonly Segment[]): Diagnostic[] {
  const node = topology.nodes.get(d.acl.node);
  const vrfs = [...new Set([...(node?.interfaces.values() ?? [])].filter((i) => arrival.parts.some((p) => p.interface === i.name)).map((i) => i.vrf))];
  // Only segments this node's routes lead to: a catch-all towards the Internet does not open MN.
  const reachable = targets.filter((s) => probeAddresses(forwarding, s).some((ip) => routesToward(forwarding, d.acl.node, vrfs, ip, s.name)));
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
    const into = reachable.filter((s) => decided.overlaps(addressSetField('dst', addressSetFromPrefixes([s.prefix]))));
    if (into.length === 0) continue;
    const named = into.slice(0, 6).map((s) => `${s.name} (${topology.zones.get(s.zone)?.class} ${formatPrefix(s.prefix)})`);
    const more = into.length > 6 ? ` and ${into.length - 6} more` : '';
    out.push({
      code: 'LINT010',
      severity: 'warning',
      location: rule.location,
      message: `rule "${rule.name}" permits ${anys.join(', ')} into ${named.join(', ')}${more} — ${aclTitle(d.acl)}`,
      expected: 'permits into MN, MN_GC, LG and LGWAN segments that name their sources, destinations and services',
      hint: 'list the hosts and services the flow needs (address and service objects); if the breadth is intended, say why in the rule\'s description',
    });
  }
  return out;
}
