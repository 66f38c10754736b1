/**
 * Rules no packet that can arrive at the ACL's binding point reaches (LINT005), and ACLs no packet can
 * arrive at (LINT006), from arrival.ts's over-approximation: claimed only when proven.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { formatAddressSet } from '../net/address-set.js';
import { WELL_FORMED, type HeaderSet } from '../symbolic/header-set.js';
import type { AclRule } from '../topology/model.js';
import type { AclDecisions } from './acl-decisions.js';
import type { ArrivalSet } from './arrival.js';
import { aclTitle, ruleList } from './describe.js';

export function describeArrival(arrival: ArrivalSet): string {
  if (arrival.parts.length === 0) return 'no interface of the node is on the binding\'s side';
  return arrival.parts.map((p) => `via ${p.interface}: src ${formatAddressSet(p.src, 4)}, dst ${formatAddressSet(p.dst, 4)}`).join('; ');
}

function bindingHint(d: AclDecisions): string {
  const b = d.acl.binding;
  return b.type === 'zone-pair'
    ? `a zone-pair ACL sees packets entering an interface in zone ${b.fromZone} whose route leaves by an interface in zone ${b.toZone}, sources limited only by strict uRPF`
    : b.direction === 'in'
      ? `an in ACL sees packets entering ${b.interface} to the node's own addresses or to destinations it has a forwarding route for, sources limited only by strict uRPF`
      : `an out ACL sees packets whose route leaves by ${b.interface}`;
}

export function unreachableFindings(d: AclDecisions, arrival: ArrivalSet, skip: ReadonlySet<number>): Diagnostic[] {
  const acl = d.acl;
  const arriving = arrival.headers;
  const seen = `what can arrive: ${describeArrival(arrival)}`;
  if (!arriving.overlaps(WELL_FORMED)) {
    return [{
      code: 'LINT006', severity: 'warning', location: acl.location,
      message: `${aclTitle(acl)} applies to no packet: given ${acl.node}'s interfaces and routes, nothing can arrive at its binding point`,
      expected: 'an ACL bound where packets pass', hint: `${bindingHint(d)}; fix the binding or the routes, or remove the ACL`, notes: [seen],
    }];
  }
  const out: Diagnostic[] = [];
  for (const [j, rule] of acl.rules.entries()) {
    if (skip.has(j)) continue;
    const matches = d.matches[j] as HeaderSet;
    if (!matches.overlaps(arriving)) {
      out.push(finding(rule, `rule "${rule.name}" is unreachable given routing: no packet that can arrive at the binding point matches it — ${aclTitle(acl)}`, bindingHint(d), seen));
    } else if (!(d.decides[j] as HeaderSet).overlaps(arriving)) {
      const earlier = acl.rules.map((_, i) => i).filter((i) => i < j && (d.decides[i] as HeaderSet).overlaps(matches.intersect(arriving)));
      out.push(finding(rule, `rule "${rule.name}" is unreachable given routing: every packet that can arrive and matches it is decided earlier, by ${ruleList(acl.rules, earlier)} — ${aclTitle(acl)}`, bindingHint(d), seen));
    }
  }
  return out;
}

function finding(rule: AclRule, message: string, why: string, seen: string): Diagnostic {
  return { code: 'LINT005', severity: 'warning', message, location: rule.location, expected: 'a rule some arriving packet reaches', hint: `${why}; narrow or remove the rule, or fix the routes it was written for`, notes: [seen] };
}
