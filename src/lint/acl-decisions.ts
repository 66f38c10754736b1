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
 * Who would decide rule j's headers if it were removed: of the later rules `after` (ascending), those that
 * take some, and whether the default would decide some. Headers go to their first match.
 */
export function laterDeciders(d: AclDecisions, j: number, after: readonly number[]): { rules: number[]; byDefault: boolean } {
  let rest = d.decides[j] as HeaderSet;
  const rules: number[] = [];
  for (const k of after) {
    if (rest.isEmpty()) break;
    const m = d.matches[k] as HeaderSet;
    if (rest.overlaps(m)) {
      rules.push(k);
      rest = rest.minus(m);
    }
  }
  return { rules, byDefault: !rest.isEmpty() };
}
