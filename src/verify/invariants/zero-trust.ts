/** Zero-trust PEP configuration (the 2030 model): logging, default deny, and identity on every rule that guards a protected resource. */
import { addressSetFromPrefixes, addressSetIntersect, addressSetIsEmpty, addressSetUnion, type AddressSet } from '../../net/address-set.js';
import type { PepNode, Topology } from '../../topology/model.js';
import { classesOf } from '../matrix/attacker.js';
import { isGateway, nodeAddresses } from '../endpoints.js';
import type { Violation } from '../result.js';
import type { VerifyContext } from '../context.js';
import type { Invariant, InvariantOutcome } from './types.js';

/** A check of every PEP's own setting: each one failing `ok` is a violation with `why` as its sentence. */
function everyPep(ctx: VerifyContext, ok: (p: PepNode) => boolean, why: (p: PepNode) => string): InvariantOutcome {
  const peps = [...ctx.topology.nodes.values()].filter((n): n is PepNode => n.kind === 'zt-pep');
  if (peps.length === 0) return { status: 'not-applicable', notes: ['no zt-pep in this topology'] };
  const violations = peps.filter((p) => !ok(p)).map((p) => ({ summary: why(p), location: p.location }));
  return { status: violations.length ? 'fail' : 'pass', violations, notes: [`${peps.length} PEP(s) checked`] };
}

export const Z1: Invariant = {
  id: 'Z1',
  title: 'every zero-trust PEP logs its decisions',
  basis: 'docs/guideline-basis.md#b-zero-trust',
  check: (ctx) => everyPep(ctx, (p) => p.logging, (p) => `${p.name} does not log its access decisions (logging is off), so no access to the resources behind it can be audited.`),
};

export const Z2: Invariant = {
  id: 'Z2',
  title: 'every zero-trust PEP denies by default',
  basis: 'docs/guideline-basis.md#b-zero-trust',
  check: (ctx) => everyPep(ctx, (p) => p.defaultAction === 'deny', (p) => `${p.name} permits by default: a request no rule matches is let through.`),
};

const GUARDED = new Set(['MN', 'MN_GC', 'LG']);

/**
 * The protected resources by name and address: hosts and gateways of a protected class, external networks of
 * one (a Government Cloud tenant modelled as the address space it owns), and the segments of such zones (what
 * is plugged in there without being listed).
 */
function guardedSpaces(topology: Topology): { name: string; addresses: AddressSet }[] {
  const out: { name: string; addresses: AddressSet }[] = [];
  for (const n of topology.nodes.values()) {
    if (n.kind !== 'host' && n.kind !== 'external' && !isGateway(n)) continue;
    if (![...classesOf(topology, n)].some((c) => GUARDED.has(c))) continue;
    out.push({ name: n.name, addresses: n.kind === 'external' ? addressSetUnion(n.owns, nodeAddresses(n)) : nodeAddresses(n) });
  }
  for (const seg of topology.segments.values()) {
    const cls = topology.zones.get(seg.zone)?.class;
    if (cls !== undefined && GUARDED.has(cls)) out.push({ name: `segment ${seg.name}`, addresses: addressSetFromPrefixes([seg.prefix]) });
  }
  return out;
}

export const Z4: Invariant = {
  id: 'Z4',
  title: 'every PEP rule that permits access to an MN, MN_GC or LG resource requires a user role and a device posture',
  basis: 'docs/guideline-basis.md#b-zero-trust',
  check: (ctx) => {
    const peps = [...ctx.topology.nodes.values()].filter((n): n is PepNode => n.kind === 'zt-pep');
    if (peps.length === 0) return { status: 'not-applicable', notes: ['no zt-pep in this topology'] };
    const guarded = guardedSpaces(ctx.topology);
    const violations: Violation[] = [];
    let rules = 0;
    for (const pep of peps) {
      for (const rule of pep.rules) {
        if (rule.action !== 'permit') continue;
        const behind = guarded.filter((h) => !addressSetIsEmpty(addressSetIntersect(h.addresses, rule.resources)));
        if (behind.length === 0) continue;
        rules++;
        const missing = [rule.userRoles === undefined ? 'a user role (userRoles)' : undefined, rule.devicePostures === undefined ? 'a device posture (devicePostures)' : undefined].filter((m) => m !== undefined);
        if (missing.length === 0) continue;
        violations.push({
          summary: `${pep.name} rule ${rule.name} permits access to ${behind.map((h) => h.name).slice(0, 5).join(', ')}${behind.length > 5 ? ' …' : ''} without requiring ${missing.join(' or ')}: any user on any device that reaches the PEP is let in.`,
          location: rule.location ?? pep.location,
        });
      }
    }
    return { status: violations.length ? 'fail' : 'pass', violations, notes: [`${rules} permit rule(s) in front of MN, MN_GC or LG resources checked on ${peps.length} PEP(s)`] };
  },
};
