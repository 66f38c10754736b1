/**
 * T5, after the last step: nothing refers to a decommissioned prefix and nothing is left on it. A prefix
 * is decommissioned when a segment of an earlier step is gone in the last step (no segment of that name,
 * so it was neither re-designated nor renumbered in place) and no segment of the last step uses it.
 * A reference is an address set, route or target that lies in the prefix or cuts across it; an aggregate
 * that contains the whole prefix and more (10.0.0.0/8, a default route) names no old segment and is not.
 * Address objects carry no position in the resolved model: their line is found by name in the files.
 */
import { readFileSync } from 'node:fs';
import type { SourceLocation } from '../diagnostics/diagnostic.js';
import { interfaceRange } from '../engine/routing.js';
import type { AddressSet } from '../net/address-set.js';
import { formatIpv4, formatPrefix, prefixFirst, prefixLast, prefixesOverlap, prefixWithin, type Ipv4, type Prefix } from '../net/ipv4.js';
import type { Topology } from '../topology/model.js';
import type { CheckResult, Violation } from '../verify/result.js';
import type { MigrationStep } from './model.js';

export interface Decommissioned {
  readonly segment: string;
  readonly prefix: Prefix;
  readonly lastIn: string;
}

export function decommissionedPrefixes(steps: readonly MigrationStep[]): Decommissioned[] {
  const last = (steps[steps.length - 1] as MigrationStep).topology;
  const out = new Map<string, Decommissioned>();
  for (const step of steps.slice(0, -1)) {
    for (const s of step.topology.segments.values()) {
      if (last.segments.has(s.name)) continue;
      if ([...last.segments.values()].some((l) => prefixesOverlap(l.prefix, s.prefix))) continue;
      out.set(`${s.name} ${formatPrefix(s.prefix)}`, { segment: s.name, prefix: s.prefix, lastIn: step.label });
    }
  }
  return [...out.values()];
}

/** Whether a range names the prefix: inside it, or cutting across it; not an aggregate containing it whole and more. */
function rangeRefers(lo: Ipv4, hi: Ipv4, p: Prefix): boolean {
  const first = prefixFirst(p);
  const lastAddress = prefixLast(p);
  if (hi < first || lo > lastAddress) return false;
  return !(lo <= first && hi >= lastAddress && (lo < first || hi > lastAddress));
}

function setRefers(set: AddressSet, p: Prefix): boolean {
  return set.ranges.some(([lo, hi]) => rangeRefers(lo, hi, p));
}

function objectLocation(topology: Topology, name: string): SourceLocation | undefined {
  const pattern = new RegExp(`^(\\s+)${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*:`);
  for (const file of topology.files) {
    let lines: string[];
    try {
      lines = readFileSync(file, 'utf8').split('\n');
    } catch {
      continue;
    }
    const i = lines.findIndex((l) => pattern.test(l));
    if (i >= 0) return { file, line: i + 1, column: (pattern.exec(lines[i] as string)?.[1]?.length ?? 0) + 1 };
  }
  return undefined;
}

export function checkT5(steps: readonly MigrationStep[]): CheckResult {
  const t0 = performance.now();
  const lastStep = steps[steps.length - 1] as MigrationStep;
  const t = lastStep.topology;
  const gone = decommissionedPrefixes(steps);
  const violations: Violation[] = [];
  for (const d of gone) {
    const name = `${formatPrefix(d.prefix)} (segment ${d.segment}, last in ${d.lastIn})`;
    const report = (what: string, location: SourceLocation | undefined) => violations.push({ summary: `In ${lastStep.label}, ${what} refers to decommissioned ${name}.`, location });
    for (const node of t.nodes.values()) {
      for (const iface of node.interfaces.values()) {
        const r = interfaceRange(node, iface);
        if (r && rangeRefers(r[0], r[1], d.prefix)) violations.push({ summary: `In ${lastStep.label}, ${node.name}.${iface.name} (${formatIpv4(r[0])}) is still an endpoint in decommissioned ${name}.`, location: node.location });
      }
      for (const route of node.routes) {
        if (route.origin === 'connected') continue;
        if (prefixWithin(route.prefix, d.prefix)) report(`route ${formatPrefix(route.prefix)} of ${node.name}`, route.location ?? node.location);
        else if (route.target.type === 'via' && rangeRefers(route.target.nextHop, route.target.nextHop, d.prefix)) report(`route ${formatPrefix(route.prefix)} of ${node.name} (next hop ${formatIpv4(route.target.nextHop)})`, route.location ?? node.location);
      }
      if (node.kind === 'router' || node.kind === 'firewall') {
        for (const acl of node.acls) {
          for (const rule of acl.rules) {
            const side = setRefers(rule.src, d.prefix) ? 'source' : setRefers(rule.dst, d.prefix) ? 'destination' : undefined;
            if (side) report(`ACL ${acl.name} rule ${rule.name} on ${node.name} (${side})`, rule.location ?? acl.location);
          }
        }
        for (const nat of node.nat) {
          if (setRefers(nat.src, d.prefix) || setRefers(nat.dst, d.prefix) || rangeRefers(nat.translateTo, nat.translateTo, d.prefix)) report(`NAT rule ${nat.name} on ${node.name}`, nat.location ?? node.location);
        }
      }
      if ((node.kind === 'screen-transfer' || node.kind === 'sanitiser' || node.kind === 'proxy' || node.kind === 'mail-relay') && setRefers(node.targets, d.prefix)) {
        report(`the targets of ${node.kind} ${node.name}`, node.location);
      }
      if (node.kind === 'relay') {
        if (setRefers(node.onward.to, d.prefix)) report(`the onward target of relay ${node.name}`, node.location);
        if (node.allow.some((a) => setRefers(a.src, d.prefix) || (a.dst !== undefined && setRefers(a.dst, d.prefix)))) report(`an allow entry of relay ${node.name}`, node.location);
      }
      if (node.kind === 'zt-pep') {
        for (const rule of node.rules) if (setRefers(rule.resources, d.prefix)) report(`PEP rule ${rule.name} on ${node.name}`, rule.location ?? node.location);
        if (node.dataClasses.some((c) => setRefers(c.resources, d.prefix))) report(`a data class of PEP ${node.name}`, node.location);
      }
    }
    for (const [object, set] of t.addressObjects) {
      if (setRefers(set, d.prefix)) report(`address object ${object}`, objectLocation(t, object));
    }
  }
  return {
    id: 'T5', kind: 'invariant', title: 'after the last step nothing refers to a decommissioned prefix and no endpoint is left on one',
    basis: 'docs/guideline-basis.md#b-migration-invariants', status: gone.length === 0 ? 'not-applicable' : violations.length ? 'fail' : 'pass',
    notes: [gone.length === 0 ? 'no segment is decommissioned' : `decommissioned: ${gone.map((d) => `${formatPrefix(d.prefix)} (${d.segment})`).join(', ')}`],
    violations, exceptionsUsed: [], durationMs: performance.now() - t0,
  };
}
