/**
 * Per-ACL change sets between two versions of a topology: for every rule, the headers it decides (its
 * effective match set: its match set minus everything earlier rules match), compared between the versions.
 * Exact, on the symbolic header sets of src/symbolic/acl-set.ts, and restricted to well-formed headers
 * (what a real packet can carry), so a change no packet can observe is not reported.
 *
 * ACLs are matched by node name + ACL name, rules by name within the ACL (names are unique per ACL).
 */
import type { SourceLocation } from '../diagnostics/diagnostic.js';
import { bindingLabel } from '../engine/policy.js';
import { aclDecisionSets, ruleMatchSet } from '../symbolic/acl-set.js';
import { HeaderSet, WELL_FORMED, formatBox } from '../symbolic/header-set.js';
import type { Acl, Topology } from '../topology/model.js';

/** The name a change of the default action's effective set carries (rule names are identifiers, so it never collides). */
export const DEFAULT_RULE = '(default)';

/**
 * `added` / `removed`: the rule (or, with `aclStatus`, its whole ACL) exists in one version only;
 * `changed`: the rule exists in both and the headers it decides, or its action, differ;
 * `moved`: the rule's position among the rules of both versions changed, but it decides the same headers the same way.
 */
export type RuleChangeKind = 'added' | 'removed' | 'changed' | 'moved';

/** Why a rule present in both versions is reported (several may apply). */
export type RuleChangeReason =
  /** permit ↔ deny */
  | 'action'
  /** the rule's own src/dst/service match set */
  | 'match'
  /** its order relative to the rules of both versions */
  | 'position'
  /** the rules before it (added, removed or edited) take a different part of its match set */
  | 'earlier-rules'
  /** the ACL's binding (interface, direction, zone pair) */
  | 'binding';

/** A header set as text: one `src … dst … proto … dport …` box per line, at most `limit` lines. */
export interface HeaderSummary {
  readonly empty: boolean;
  readonly boxes: readonly string[];
  /** More boxes than were listed. */
  readonly truncated: boolean;
}

export interface RuleVersion {
  readonly location: SourceLocation | undefined;
  /** 0-based position in the ACL; -1 for the default. */
  readonly index: number;
  readonly action: 'permit' | 'deny';
  /** e.g. `in on ge0`, `zone-pair LG -> INET`. */
  readonly binding: string;
}

export interface RuleChange {
  readonly node: string;
  readonly acl: string;
  /** The rule's name, or DEFAULT_RULE for the default action. */
  readonly rule: string;
  readonly kind: RuleChangeKind;
  /** Whether the ACL itself exists in both versions. */
  readonly aclStatus: 'added' | 'removed' | 'kept';
  readonly reasons: readonly RuleChangeReason[];
  readonly before: RuleVersion | undefined;
  readonly after: RuleVersion | undefined;
  /** Headers the rule decides after and not before. */
  readonly gained: HeaderSummary;
  /** Headers the rule decided before and not after. */
  readonly lost: HeaderSummary;
}

/** A change with its exact header sets (for analyses and tests); aclChanges summarises these. */
export interface RuleChangeSets extends Omit<RuleChange, 'gained' | 'lost'> {
  readonly gained: HeaderSet;
  readonly lost: HeaderSet;
}

export interface AclChangeOptions {
  /** Boxes listed per summary (default 20). */
  readonly summaryLimit?: number;
  /** Report rules that only moved (same headers, same action); default true. */
  readonly includeMoves?: boolean;
}

/** One ACL version, decided rule by rule. */
interface DecidedAcl {
  readonly acl: Acl;
  /** Rule name → its effective (matched-first) set, over all field combinations (reads as the rules do). */
  readonly effective: ReadonlyMap<string, HeaderSet>;
  readonly byDefault: HeaderSet;
}

function decide(acl: Acl): DecidedAcl {
  const sets = aclDecisionSets(acl);
  const effective = new Map<string, HeaderSet>();
  acl.rules.forEach((r, i) => effective.set(r.name, sets.matchedFirst[i] as HeaderSet));
  return { acl, effective, byDefault: sets.byDefault };
}

/**
 * x − y when some well-formed header is in it, else empty. The difference is kept over all field
 * combinations so its summary reads like the rules (no `icmp-type 0` on a TCP box); whether it is empty
 * is decided on the headers a packet can carry.
 */
function observableDifference(x: HeaderSet, y: HeaderSet): HeaderSet {
  const d = x.minus(y);
  return d.overlaps(WELL_FORMED) ? d : HeaderSet.EMPTY;
}

function sameObservable(x: HeaderSet, y: HeaderSet): boolean {
  return observableDifference(x, y).isEmpty() && observableDifference(y, x).isEmpty();
}

export function summarise(set: HeaderSet, limit = 20): HeaderSummary {
  if (set.isEmpty()) return { empty: true, boxes: [], truncated: false };
  const { boxes, truncated } = set.boxes(limit);
  return { empty: false, boxes: boxes.map(formatBox), truncated };
}

function aclsByKey(topology: Topology): Map<string, Acl> {
  const out = new Map<string, Acl>();
  for (const node of topology.nodes.values()) {
    if (node.kind !== 'router' && node.kind !== 'firewall') continue;
    for (const acl of node.acls) out.set(`${node.name}\u0000${acl.name}`, acl);
  }
  return out;
}

/** Names of rules (present in both) whose relative order changed: those outside a longest common subsequence. */
function movedRules(before: Acl, after: Acl): Set<string> {
  const inAfter = new Map(after.rules.map((r, i) => [r.name, i]));
  const common = before.rules.filter((r) => inAfter.has(r.name));
  const seq = common.map((r) => inAfter.get(r.name) as number);
  // Longest increasing subsequence of the after-positions, in before order (patience sorting with back links).
  const tails: number[] = [];
  const prev = new Array<number>(seq.length).fill(-1);
  for (let i = 0; i < seq.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((seq[tails[mid] as number] as number) < (seq[i] as number)) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1] as number;
    tails[lo] = i;
  }
  const kept = new Set<string>();
  for (let i = tails.length ? (tails[tails.length - 1] as number) : -1; i >= 0; i = prev[i] as number) kept.add((common[i] as { name: string }).name);
  return new Set(common.filter((r) => !kept.has(r.name)).map((r) => r.name));
}

function version(acl: Acl, index: number): RuleVersion {
  const rule = index < 0 ? undefined : acl.rules[index];
  return {
    location: rule ? rule.location : acl.location,
    index,
    action: rule ? rule.action : acl.defaultAction,
    binding: bindingLabel(acl),
  };
}

/**
 * Every rule (and default) whose effective match set or action differs between `before` and `after`, every
 * rule of an ACL present in one version only, and (unless `includeMoves` is false) rules that only moved.
 * Sorted by node, ACL, then position (after-version position first, removed rules at their old position).
 */
export function aclChanges(before: Topology, after: Topology, options: AclChangeOptions = {}): RuleChange[] {
  const limit = options.summaryLimit ?? 20;
  return aclChangeSets(before, after, options).map((c) => ({ ...c, gained: summarise(c.gained, limit), lost: summarise(c.lost, limit) }));
}

/** aclChanges with the exact header sets instead of their summaries. */
export function aclChangeSets(before: Topology, after: Topology, options: AclChangeOptions = {}): RuleChangeSets[] {
  const includeMoves = options.includeMoves ?? true;
  const b = aclsByKey(before);
  const a = aclsByKey(after);
  const keys = [...new Set([...b.keys(), ...a.keys()])].sort();
  const out: RuleChangeSets[] = [];
  for (const key of keys) {
    const accBefore = b.get(key);
    const accAfter = a.get(key);
    if (accBefore && accAfter) out.push(...keptAclChanges(decide(accBefore), decide(accAfter), includeMoves));
    else if (accAfter) out.push(...wholeAcl(decide(accAfter), 'added'));
    else if (accBefore) out.push(...wholeAcl(decide(accBefore), 'removed'));
  }
  return out;
}

function wholeAcl(d: DecidedAcl, status: 'added' | 'removed'): RuleChangeSets[] {
  const side = (index: number) => version(d.acl, index);
  const entry = (rule: string, index: number, set: HeaderSet): RuleChangeSets => ({
    node: d.acl.node,
    acl: d.acl.name,
    rule,
    kind: status,
    aclStatus: status,
    reasons: [],
    before: status === 'removed' ? side(index) : undefined,
    after: status === 'added' ? side(index) : undefined,
    gained: status === 'added' ? observableDifference(set, HeaderSet.EMPTY) : HeaderSet.EMPTY,
    lost: status === 'removed' ? observableDifference(set, HeaderSet.EMPTY) : HeaderSet.EMPTY,
  });
  return [
    ...d.acl.rules.map((r, i) => entry(r.name, i, d.effective.get(r.name) as HeaderSet)),
    entry(DEFAULT_RULE, -1, d.byDefault),
  ];
}

function keptAclChanges(b: DecidedAcl, a: DecidedAcl, includeMoves: boolean): RuleChangeSets[] {
  const bindingChanged = bindingLabel(b.acl) !== bindingLabel(a.acl);
  const moved = movedRules(b.acl, a.acl);
  const beforeIndex = new Map(b.acl.rules.map((r, i) => [r.name, i]));
  const afterIndex = new Map(a.acl.rules.map((r, i) => [r.name, i]));
  const changes: { order: number; change: RuleChangeSets }[] = [];
  const base = { node: a.acl.node, acl: a.acl.name, aclStatus: 'kept' as const };

  for (const [i, rule] of a.acl.rules.entries()) {
    const j = beforeIndex.get(rule.name);
    const gainedSet = a.effective.get(rule.name) as HeaderSet;
    if (j === undefined) {
      changes.push({ order: i, change: { ...base, rule: rule.name, kind: 'added', reasons: [], before: undefined, after: version(a.acl, i), gained: observableDifference(gainedSet, HeaderSet.EMPTY), lost: HeaderSet.EMPTY } });
      continue;
    }
    const old = b.acl.rules[j] as (typeof b.acl.rules)[number];
    const oldSet = b.effective.get(rule.name) as HeaderSet;
    const reasons: RuleChangeReason[] = [];
    if (old.action !== rule.action) reasons.push('action');
    const matchChanged = !sameObservable(ruleMatchSet(old), ruleMatchSet(rule));
    if (matchChanged) reasons.push('match');
    if (moved.has(rule.name)) reasons.push('position');
    const effectiveChanged = !sameObservable(oldSet, gainedSet);
    if (effectiveChanged && !matchChanged && !moved.has(rule.name)) reasons.push('earlier-rules');
    if (bindingChanged) reasons.push('binding');
    const changed = effectiveChanged || old.action !== rule.action || bindingChanged;
    if (!changed && !(includeMoves && moved.has(rule.name))) continue;
    changes.push({
      order: i,
      change: {
        ...base,
        rule: rule.name,
        kind: changed ? 'changed' : 'moved',
        reasons,
        before: version(b.acl, j),
        after: version(a.acl, i),
        gained: observableDifference(gainedSet, oldSet),
        lost: observableDifference(oldSet, gainedSet),
      },
    });
  }
  for (const [j, rule] of b.acl.rules.entries()) {
    if (afterIndex.has(rule.name)) continue;
    // A removed rule sorts just before the first after-rule that followed it in the old order.
    const next = b.acl.rules.slice(j + 1).find((r) => afterIndex.has(r.name));
    const order = next ? (afterIndex.get(next.name) as number) - 0.5 : a.acl.rules.length - 0.5;
    changes.push({ order, change: { ...base, rule: rule.name, kind: 'removed', reasons: [], before: version(b.acl, j), after: undefined, gained: HeaderSet.EMPTY, lost: observableDifference(b.effective.get(rule.name) as HeaderSet, HeaderSet.EMPTY) } });
  }
  const defaultReasons: RuleChangeReason[] = [];
  if (b.acl.defaultAction !== a.acl.defaultAction) defaultReasons.push('action');
  if (!sameObservable(b.byDefault, a.byDefault)) defaultReasons.push('earlier-rules');
  if (bindingChanged) defaultReasons.push('binding');
  if (defaultReasons.length > 0) {
    changes.push({
      order: a.acl.rules.length,
      change: { ...base, rule: DEFAULT_RULE, kind: 'changed', reasons: defaultReasons, before: version(b.acl, -1), after: version(a.acl, -1), gained: observableDifference(a.byDefault, b.byDefault), lost: observableDifference(b.byDefault, a.byDefault) },
    });
  }
  return changes.sort((x, y) => x.order - y.order).map((c) => c.change);
}
