/**
 * T3, per state (steps and half-applied states): coexisting segments do not overlap and do not share a
 * VLAN ID, no address is held twice, and no host carries two zone labels (a host with interfaces in
 * zones of different classes; gateways, routers and firewalls join zones by design and are not hosts).
 *
 * Overlaps count across logical networks (VRFs) too, unless one of them belongs to a tenant: ACL rules,
 * NAT, gateway targets and the plan's address mapping name addresses without a VRF, so while a
 * municipality's old and new segments live side by side an address in two of its VRFs is matched by every
 * rule meant for either. Tenant VRFs of a shared network carry address plans that are separate by design
 * (the same transit /30 in each), which a migration of one municipality does not touch.
 */
import { formatIpv4, formatPrefix, prefixFirst, prefixLast } from '../net/ipv4.js';
import { interfaceRange } from '../engine/routing.js';
import type { Segment, Topology } from '../topology/model.js';
import type { CheckResult, Violation } from '../verify/result.js';
import { hostClasses } from './redesignated.js';

function tenantOf(topology: Topology, segment: Segment): string | undefined {
  return topology.logicalNetworks.get(segment.vrf)?.tenant;
}

export function checkT3(topology: Topology, stateName: string): CheckResult {
  const t0 = performance.now();
  const violations: Violation[] = [];
  const segments = [...topology.segments.values()].sort((a, b) => prefixFirst(a.prefix) - prefixFirst(b.prefix) || a.name.localeCompare(b.name));
  // Sweep: each segment against the earlier ones still open at its first address.
  const open: Segment[] = [];
  for (const s of segments) {
    const first = prefixFirst(s.prefix);
    for (let i = open.length - 1; i >= 0; i--) if (prefixLast((open[i] as Segment).prefix) < first) open.splice(i, 1);
    for (const o of open) {
      const ta = tenantOf(topology, o);
      const tb = tenantOf(topology, s);
      if (o.vrf !== s.vrf && (ta !== undefined || tb !== undefined)) continue;
      violations.push({
        summary: `In ${stateName}, segment ${s.name} (${formatPrefix(s.prefix)}, VRF ${s.vrf}) overlaps segment ${o.name} (${formatPrefix(o.prefix)}, VRF ${o.vrf}).`,
        location: s.location,
        details: o.location ? [`${o.name} is defined at ${o.location.file}:${o.location.line}:${o.location.column}`] : undefined,
      });
    }
    open.push(s);
  }
  const vlans = new Map<string, Segment>();
  for (const s of topology.segments.values()) {
    if (s.vlan === undefined) continue;
    const key = `${s.site ?? ''}\u0000${s.vlan}`;
    const first = vlans.get(key);
    if (first === undefined) vlans.set(key, s);
    else violations.push({ summary: `In ${stateName}, segments ${first.name} and ${s.name} share VLAN ${s.vlan}${s.site ? ` at site ${s.site}` : ''}.`, location: s.location });
  }
  const held: { lo: number; hi: number; who: string; vrf: string; tenant: string | undefined }[] = [];
  for (const node of topology.nodes.values()) {
    if (node.kind === 'external') continue;
    for (const iface of node.interfaces.values()) {
      const r = interfaceRange(node, iface);
      if (r) held.push({ lo: r[0], hi: r[1], who: `${node.name}.${iface.name}`, vrf: iface.vrf, tenant: topology.logicalNetworks.get(iface.vrf)?.tenant });
    }
  }
  held.sort((a, b) => a.lo - b.lo);
  let widest = held[0];
  for (const b of held.slice(1)) {
    const a = widest as (typeof held)[number];
    const otherTenants = a.vrf !== b.vrf && (a.tenant !== undefined || b.tenant !== undefined);
    if (b.lo <= a.hi && !otherTenants) violations.push({ summary: `In ${stateName}, ${formatIpv4(b.lo)} is held by both ${a.who} and ${b.who}.`, location: undefined });
    if (b.hi > a.hi) widest = b;
  }
  let hosts = 0;
  for (const node of topology.nodes.values()) {
    if (node.kind !== 'host') continue;
    hosts++;
    const classes = hostClasses(topology, node);
    if (classes.size <= 1) continue;
    const where = [...node.interfaces.values()].map((i) => `${i.name} on ${i.segment} (${topology.zones.get(topology.segments.get(i.segment)?.zone ?? '')?.class ?? '?'})`);
    violations.push({
      summary: `In ${stateName}, host ${node.name} carries two zone labels: zone ${node.zone} (${topology.zones.get(node.zone)?.class ?? '?'}) and ${where.join(', ')}.`,
      location: node.location,
    });
  }
  return {
    id: 'T3', kind: 'invariant', title: 'coexisting segments: no overlapping prefixes, VLAN IDs or addresses; no host with two zone labels',
    basis: 'docs/guideline-basis.md#b-migration-invariants', status: violations.length ? 'fail' : 'pass',
    notes: [`${topology.segments.size} segments, ${held.length} interfaces, ${hosts} hosts`],
    violations, exceptionsUsed: [], durationMs: performance.now() - t0,
  };
}
