/**
 * Rules that never decide or whose removal changes nothing, within one ACL: empty (LINT003), exact
 * duplicate (LINT004), shadowed by earlier rules of the other action (LINT001), redundant (LINT002: covered
 * by earlier rules of the same action, or every header it decides would get the same action from the rules
 * after it or the default). Coverage comes from src/acl/analysis.ts (findCoveredRules); the header sets
 * (acl-decisions.ts) name the rules that take a rule's headers and decide what it undetermined.
 */
import { findCoveredRules } from '../acl/analysis.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { HeaderSet, WELL_FORMED } from '../symbolic/header-set.js';
import type { AclRule } from '../topology/model.js';
import { earlierDeciders, laterDeciders, type AclDecisions } from './acl-decisions.js';
import { aclTitle, ruleList, ruleRef } from './describe.js';

/** Above this many rules the later-rules redundancy check (one fold over the ACL) is skipped. */
export const MAX_RULES_FOR_LATER_REDUNDANCY = 2000;

export interface CoverageFindings {
  readonly diagnostics: Diagnostic[];
  /** Rules that never decide or can be removed: the routing check skips them (already reported). */
  readonly reported: ReadonlySet<number>;
}

/**
 * Rules are judged from the last to the first, each against the ACL without the later rules already
 * reported, so the findings hold together: removing every reported rule changes no decision (two exact
 * copies are one finding, on the second, not two). A rule written with `log: true` (`logs(rule)`) that
 * decides packets is never called redundant, as removing it changes what is logged (a
 * closing deny-and-log before a deny default).
 */
export function ruleCoverageFindings(d: AclDecisions, logs: (rule: AclRule) => boolean = (rule) => rule.log === true): CoverageFindings {
  const acl = d.acl;
  const rules = acl.rules;
  const analysis = findCoveredRules(rules);
  const coveredByAnalysis = new Set(analysis.covered.map((c) => c.index));
  const undetermined = new Set(analysis.undetermined);
  const diagnostics: Diagnostic[] = [];
  const reported = new Set<number>();
  const checkLater = rules.length <= MAX_RULES_FOR_LATER_REDUNDANCY;
  // What the kept later rules and the default permit, folded from the end as rules are kept.
  let permitsAfter = acl.defaultAction === 'permit' ? WELL_FORMED : HeaderSet.EMPTY;
  const keptAfter: number[] = [];

  for (let j = rules.length - 1; j >= 0; j--) {
    const rule = rules[j] as AclRule;
    const matches = d.matches[j] as HeaderSet;
    // Undetermined by the box analysis (work budget): the header sets decide exactly.
    const covered = undetermined.has(j) ? (d.decides[j] as HeaderSet).isEmpty() : coveredByAnalysis.has(j);
    if (matches.isEmpty()) {
      reported.add(j);
      diagnostics.push(finding('LINT003', rule, `rule "${rule.name}" matches no packet — ${aclTitle(acl)}`, 'a rule whose src, dst and service can all match', 'an address object, segment or node that resolves to no address, or a service list that is empty, makes a rule dead; fix the reference or remove the rule'));
      continue;
    }
    if (covered) {
      reported.add(j);
      const twin = rules.findIndex((r, i) => i < j && r.action === rule.action && (d.matches[i] as HeaderSet).equals(matches));
      if (twin >= 0) {
        diagnostics.push(finding('LINT004', rule, `rule "${rule.name}" is an exact duplicate of ${ruleRef(rules[twin] as AclRule)}: same action, same packets — ${aclTitle(acl)}`, 'each rule once', `remove "${rule.name}"; ${ruleRef(rules[twin] as AclRule)} already decides every packet it matches`));
        continue;
      }
      const deciders = earlierDeciders(d, j);
      const against = deciders.filter((i) => rules[i]?.action !== rule.action);
      if (against.length > 0) {
        diagnostics.push(finding('LINT001', rule, `rule "${rule.name}" (${rule.action}) is shadowed: every packet it matches is decided earlier, by ${ruleList(rules, deciders)} — ${aclTitle(acl)}`, `a ${rule.action} rule that decides some packet`, `the ${rule.action} never takes effect: move "${rule.name}" above ${ruleList(rules, against)} if it is meant to win, or remove it`));
      } else {
        diagnostics.push(finding('LINT002', rule, `rule "${rule.name}" is redundant: every packet it matches is already decided the same way (${rule.action}) by ${ruleList(rules, deciders)} — ${aclTitle(acl)}`, 'a rule that decides some packet', `remove "${rule.name}"; nothing changes`));
      }
      continue;
    }
    const decides = d.decides[j] as HeaderSet;
    const sameWithout = rule.action === 'permit' ? decides.isSubsetOf(permitsAfter) : !decides.overlaps(permitsAfter);
    if (checkLater && !logs(rule) && sameWithout) {
      reported.add(j);
      const later = laterDeciders(d, j, [...keptAfter].reverse());
      const by = [...(later.rules.length ? [ruleList(rules, later.rules)] : []), ...(later.byDefault ? [`the default (${acl.defaultAction})`] : [])].join(' and ');
      diagnostics.push(finding('LINT002', rule, `rule "${rule.name}" is redundant: without it, every packet it decides gets the same action (${rule.action}) from ${by} — ${aclTitle(acl)}`, 'a rule whose removal changes some decision', `remove "${rule.name}"; nothing changes`));
      continue;
    }
    keptAfter.push(j);
    if (checkLater) permitsAfter = rule.action === 'permit' ? permitsAfter.union(matches) : permitsAfter.minus(matches);
  }
  return { diagnostics: diagnostics.reverse(), reported };
}

function finding(code: 'LINT001' | 'LINT002' | 'LINT003' | 'LINT004', rule: AclRule, message: string, expected: string, hint: string): Diagnostic {
  return { code, severity: 'warning', message, location: rule.location, expected, hint };
}

