/**
 * One ACL's rules as exact header sets, computed once and shared by the lint checks: each rule's match
 * set, the headers it decides (matched first), and those the default decides. Emptiness and overlap are
 * judged on well-formed headers (what a real packet can carry; see header-set.ts WELL_FORMED), the same
 * universe src/acl/analysis.ts decides coverage in.
 */
import type { Acl } from '../topology/model.js';
import { aclDecisionSets, ruleMatchSet } from '../symbolic/acl-set.js';
import { HeaderSet, WELL_FORMED } from '../symbolic/header-set.js';

export interface AclDecisions {
  readonly acl: Acl;
  /** Per rule: the headers it matches (well-formed only). */
  readonly matches: readonly HeaderSet[];
  /** Per rule: the headers it decides (well-formed only). */
  readonly decides: readonly HeaderSet[];
  readonly byDefault: HeaderSet;
}

export function aclDecisions(acl: Acl): AclDecisions {
  const sets = aclDecisionSets(acl);
  return {
    acl,
    matches: acl.rules.map((r) => ruleMatchSet(r).intersect(WELL_FORMED)),
    decides: sets.matchedFirst.map((s) => s.intersect(WELL_FORMED)),
    byDefault: sets.byDefault.intersect(WELL_FORMED),
  };
}

/** Earlier rules that decide some header of rule j (ascending): the rules that take its headers. */
export function earlierDeciders(d: AclDecisions, j: number): number[] {
  const own = d.matches[j] as HeaderSet;
  const out: number[] = [];
  for (let i = 0; i < j; i++) if ((d.decides[i] as HeaderSet).overlaps(own)) out.push(i);
  return out;
}

/**
 * Who would decide rule j's headers if it were removed: later rules (ascending) and whether the default
 * would decide some of them. Headers are handed down in order, so each is attributed to its first match.
 */
export function laterDeciders(d: AclDecisions, j: number): { rules: number[]; byDefault: boolean } {
  let rest = d.decides[j] as HeaderSet;
  const rules: number[] = [];
  for (let k = j + 1; k < d.acl.rules.length && !rest.isEmpty(); k++) {
    const m = d.matches[k] as HeaderSet;
    if (rest.overlaps(m)) {
      rules.push(k);
      rest = rest.minus(m);
    }
  }
  return { rules, byDefault: !rest.isEmpty() };
}

/**
 * Headers each suffix of the ACL permits: permitsFrom[k] is what rules k.. and the default permit, i.e.
 * what the ACL would permit of a header no rule before k matches. Folded from the end, one set operation
 * per rule.
 */
export function suffixPermits(d: AclDecisions): HeaderSet[] {
  const n = d.acl.rules.length;
  const out = new Array<HeaderSet>(n + 1);
  let p = d.acl.defaultAction === 'permit' ? WELL_FORMED : HeaderSet.EMPTY;
  out[n] = p;
  for (let k = n - 1; k >= 0; k--) {
    const m = d.matches[k] as HeaderSet;
    p = d.acl.rules[k]?.action === 'permit' ? p.union(m) : p.minus(m);
    out[k] = p;
  }
  return out;
}
