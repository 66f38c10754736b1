/**
 * Rules that never decide or whose removal changes nothing, within one ACL: empty (LINT003), exact
 * duplicate (LINT004), shadowed by earlier rules of the other action (LINT001), redundant (LINT002: covered
 * by earlier rules of the same action, or every header it decides would get the same action from the rules
 * after it or the default). Coverage comes from src/acl/analysis.ts (findCoveredRules); the header sets
 * (acl-decisions.ts) name the rules that take a rule's headers and decide what it undetermined.
 */
import { findCoveredRules } from '../acl/analysis.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { HeaderSet } from '../symbolic/header-set.js';
import type { AclRule } from '../topology/model.js';
import { earlierDeciders, laterDeciders, suffixPermits, type AclDecisions } from './acl-decisions.js';
import { aclTitle, ruleList, ruleRef } from './describe.js';

/** Above this many rules the later-rules redundancy check (one fold over the ACL) is skipped. */
export const MAX_RULES_FOR_LATER_REDUNDANCY = 2000;

export interface CoverageFindings {
  readonly diagnostics: Diagnostic[];
  /** Rules that never decide or can be removed: the routing check skips them (already reported). */
  readonly reported: ReadonlySet<number>;
}

/**
 * `logs(rule)`: the rule is written with `log: true`. Such a rule that decides packets is never called
 * redundant: removing it would change what is logged (a closing deny-and-log before a deny default).
 */
export function ruleCoverageFindings(d: AclDecisions, logs: (rule: AclRule) => boolean = () => false): CoverageFindings {
  const acl = d.acl;
  const rules = acl.rules;
  const analysis = findCoveredRules(rules);
  const coveredByAnalysis = new Set(analysis.covered.map((c) => c.index));
  const undetermined = new Set(analysis.undetermined);
  const diagnostics: Diagnostic[] = [];
  const reported = new Set<number>();
  const permitsFrom = rules.length <= MAX_RULES_FOR_LATER_REDUNDANCY ? suffixPermits(d) : undefined;

  for (const [j, rule] of rules.entries()) {
    const matches = d.matches[j] as HeaderSet;
    // Undetermined by the box analysis (work budget): the header sets decide exactly.
    const covered = undetermined.has(j) ? (d.decides[j] as HeaderSet).isEmpty() : coveredByAnalysis.has(j);
    if (matches.isEmpty()) {
      reported.add(j);
      diagnostics.push(finding('LINT003', rule, `rule "${rule.name}" of ${aclTitle(acl)} matches no packet`, 'a rule whose src, dst and service can all match', 'an address object, segment or node that resolves to no address, or a service list that is empty, makes a rule dead; fix the reference or remove the rule'));
      continue;
    }
    if (covered) {
      reported.add(j);
      const twin = rules.findIndex((r, i) => i < j && r.action === rule.action && (d.matches[i] as HeaderSet).equals(matches));
      if (twin >= 0) {
        diagnostics.push(finding('LINT004', rule, `rule "${rule.name}" of ${aclTitle(acl)} is an exact duplicate of ${ruleRef(rules[twin] as AclRule)}: same action, same packets`, 'each rule once', `remove "${rule.name}"; ${ruleRef(rules[twin] as AclRule)} already decides every packet it matches`));
        continue;
      }
      const deciders = earlierDeciders(d, j);
      const against = deciders.filter((i) => rules[i]?.action !== rule.action);
      if (against.length > 0) {
        diagnostics.push(finding('LINT001', rule, `rule "${rule.name}" (${rule.action}) of ${aclTitle(acl)} is shadowed: every packet it matches is decided earlier, by ${ruleList(rules, deciders)}`, `a ${rule.action} rule that decides some packet`, `the ${rule.action} never takes effect: move "${rule.name}" above ${ruleList(rules, against)} if it is meant to win, or remove it`));
      } else {
        diagnostics.push(finding('LINT002', rule, `rule "${rule.name}" of ${aclTitle(acl)} is redundant: every packet it matches is already decided the same way (${rule.action}) by ${ruleList(rules, deciders)}`, 'a rule that decides some packet', `remove "${rule.name}"; nothing changes`));
      }
      continue;
    }
    if (!permitsFrom || logs(rule)) continue;
    const decides = d.decides[j] as HeaderSet;
    const after = permitsFrom[j + 1] as HeaderSet;
    const sameWithout = rule.action === 'permit' ? decides.isSubsetOf(after) : !decides.overlaps(after);
    if (!sameWithout) continue;
    reported.add(j);
    const later = laterDeciders(d, j);
    const by = [...(later.rules.length ? [ruleList(rules, later.rules)] : []), ...(later.byDefault ? [`the default (${acl.defaultAction})`] : [])].join(' and ');
    diagnostics.push(finding('LINT002', rule, `rule "${rule.name}" of ${aclTitle(acl)} is redundant: without it, every packet it decides gets the same action (${rule.action}) from ${by}`, 'a rule whose removal changes some decision', `remove "${rule.name}"; nothing changes`));
  }
  return { diagnostics, reported };
}

function finding(code: 'LINT001' | 'LINT002' | 'LINT003' | 'LINT004', rule: AclRule, message: string, expected: string, hint: string): Diagnostic {
  return { code, severity: 'warning', message, location: rule.location, expected, hint };
}

