/**
 * T4: the MN configuration is the same in every step (seed 004, step 3: MN is not subject to change).
 * Compared: nodes and segments of the MN, MN_GC and JUKI classes (everything but positions), and on the
 * devices that join them, their interfaces on those segments, the ACLs bound to those interfaces and
 * their routes through a next hop there. Zone-pair ACLs of a shared firewall are not compared: their
 * other side changes by design during a migration (LG_CURRENT → LG_NEW), and what they let into or out
 * of MN is what R1, R2 and R8 prove in every state.
 */
import { formatLocation, type SourceLocation } from '../diagnostics/diagnostic.js';
import { prefixContains } from '../net/ipv4.js';
import type { Topology, TopologyNode } from '../topology/model.js';
import type { CheckResult, Violation } from '../verify/result.js';
import type { MigrationStep } from './model.js';

export const MN_CLASSES: ReadonlySet<string> = new Set(['MN', 'MN_GC', 'JUKI']);

interface Element {
  readonly text: string;
  readonly location: SourceLocation | undefined;
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => (key === 'location' ? undefined : v instanceof Map ? [...v.entries()] : v));
}

/** A node's parts that carry their own positions, each compared on its own so a difference names its line. */
function nodeElements(node: TopologyNode, add: (key: string, value: unknown, location: SourceLocation | undefined) => void): void {
  const { interfaces, routes, location, ...rest } = node;
  const acls = 'acls' in node ? node.acls : [];
  const nat = 'nat' in node ? node.nat : [];
  const { acls: _a, nat: _n, ...attributes } = rest as Record<string, unknown>;
  add(`node ${node.name}`, attributes, location);
  for (const iface of interfaces.values()) add(`node ${node.name} interface ${iface.name}`, iface, location);
  routes.filter((r) => r.origin !== 'connected').forEach((r, i) => add(`node ${node.name} route ${i + 1}`, r, r.location ?? location));
  for (const acl of acls) {
    add(`node ${node.name} acl ${acl.name}`, { ...acl, rules: acl.rules.length }, acl.location);
    for (const rule of acl.rules) add(`node ${node.name} acl ${acl.name} rule ${rule.name}`, rule, rule.location);
  }
  for (const n of nat) add(`node ${node.name} nat ${n.name}`, n, n.location);
}

export function mnElements(topology: Topology): Map<string, Element> {
  const out = new Map<string, Element>();
  const add = (key: string, value: unknown, location: SourceLocation | undefined) => out.set(key, { text: canonical(value), location });
  const mnZone = (zone: string) => MN_CLASSES.has(topology.zones.get(zone)?.class ?? '');
  const mnSegments = [...topology.segments.values()].filter((s) => mnZone(s.zone));
  for (const s of mnSegments) add(`segment ${s.name}`, { ...s, zoneClass: topology.zones.get(s.zone)?.class }, s.location);
  const onMn = new Set(mnSegments.map((s) => s.name));
  for (const node of topology.nodes.values()) {
    if (mnZone(node.zone)) {
      nodeElements(node, add);
      continue;
    }
    const legs = [...node.interfaces.values()].filter((i) => onMn.has(i.segment));
    if (legs.length === 0) continue;
    const legNames = new Set(legs.map((l) => l.name));
    for (const leg of legs) add(`node ${node.name} interface ${leg.name}`, leg, node.location);
    const mnPrefixes = mnSegments.map((s) => s.prefix);
    node.routes
      .filter((r) => r.target.type === 'via' && mnPrefixes.some((p) => prefixContains(p, (r.target as { nextHop: number }).nextHop)))
      .forEach((r) => add(`node ${node.name} route ${canonical(r.prefix)} via MN`, r, r.location ?? node.location));
    for (const acl of 'acls' in node ? node.acls : []) {
      if (acl.binding.type !== 'interface' || !legNames.has(acl.binding.interface)) continue;
      add(`node ${node.name} acl ${acl.name}`, { ...acl, rules: acl.rules.length }, acl.location);
      for (const rule of acl.rules) add(`node ${node.name} acl ${acl.name} rule ${rule.name}`, rule, rule.location);
    }
  }
  return out;
}

export function checkT4(steps: readonly MigrationStep[]): CheckResult {
  const t0 = performance.now();
  const violations: Violation[] = [];
  const base = steps[0] as MigrationStep;
  const reference = mnElements(base.topology);
  const at = (e: Element | undefined) => (e?.location ? formatLocation(e.location) : 'absent');
  for (const step of steps.slice(1)) {
    const current = mnElements(step.topology);
    for (const key of [...new Set([...reference.keys(), ...current.keys()])].sort()) {
      const a = reference.get(key);
      const b = current.get(key);
      if (a?.text === b?.text) continue;
      const what = a === undefined ? 'is added' : b === undefined ? 'is removed' : 'differs';
      violations.push({
        summary: `MN configuration changes between ${base.label} and ${step.label}: ${key} ${what} (${base.label}: ${at(a)}; ${step.label}: ${at(b)}).`,
        location: b?.location ?? a?.location,
      });
    }
  }
  return {
    id: 'T4', kind: 'invariant', title: 'the MN configuration (MN, MN_GC and 住基 nodes, segments, their interfaces, ACLs and routes) is identical in every step',
    basis: 'docs/guideline-basis.md#b-migration-invariants', status: reference.size === 0 ? 'not-applicable' : violations.length ? 'fail' : 'pass',
    notes: [reference.size === 0 ? `no MN configuration in ${base.label}` : `${reference.size} MN configuration elements compared across ${steps.length} steps`],
    violations, exceptionsUsed: [], durationMs: performance.now() - t0,
  };
}
