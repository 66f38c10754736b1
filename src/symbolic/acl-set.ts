/**
 * ACLs as header sets: what a rule matches, which headers each rule decides (matched first), and what the
 * ACL permits. Semantics are those of acl/linear.ts: first match in order, explicit default.
 *
 * Folding 10k rules one at a time rebuilds the ever wider top node each step (quadratic). Instead rule
 * blocks are combined by divide and conquer: a block is (permitted-by-its-rules, covered-by-its-rules) and
 * (P1, C1) followed by (P2, C2) is (P1 ∪ (P2 − C1), C1 ∪ C2), so each rule's set is merged O(log n) times.
 */
import type { AddressSet } from '../net/address-set.js';
import { PROTO, type ServiceMatch } from '../net/ports.js';
import type { Acl, AclRule } from '../topology/model.js';
import { AND, DIFF, FALSE, IddNode, OR, TRUE, apply, onReset, rangesNode, unionAll } from './idd.js';
import { FIELD_LEVEL, HeaderSet } from './header-set.js';

const L = FIELD_LEVEL;

function serviceNode(s: ServiceMatch): IddNode {
  if (s.protocol === undefined) return TRUE;
  let below = TRUE;
  if (s.protocol === PROTO.tcp || s.protocol === PROTO.udp) {
    below = rangesNode(L.srcPort, [[s.srcPorts.first, s.srcPorts.last]], below);
    below = rangesNode(L.dstPort, [[s.dstPorts.first, s.dstPorts.last]], below);
  } else if (s.protocol === PROTO.icmp) {
    if (s.icmpCode !== undefined) below = rangesNode(L.icmpCode, [[s.icmpCode, s.icmpCode]], below);
    if (s.icmpType !== undefined) below = rangesNode(L.icmpType, [[s.icmpType, s.icmpType]], below);
  }
  return rangesNode(L.protocol, [[s.protocol, s.protocol]], below);
}

/** Service lists recur across rules as distinct arrays with equal content: cache by content. */
const serviceCache = new Map<string, IddNode>();
onReset(() => serviceCache.clear());

function servicesKey(services: readonly ServiceMatch[]): string {
  return services
    .map((s) => `${s.protocol ?? '*'}:${s.srcPorts.first}-${s.srcPorts.last}:${s.dstPorts.first}-${s.dstPorts.last}:${s.icmpType ?? '*'}:${s.icmpCode ?? '*'}`)
    .join('|');
}

/** Headers any of the services matches (acl/service-match.ts semantics), all addresses. */
export function servicesSet(services: readonly ServiceMatch[]): HeaderSet {
  return HeaderSet.of(servicesNode(services));
}

function servicesNode(services: readonly ServiceMatch[]): IddNode {
  const key = servicesKey(services);
  let n = serviceCache.get(key);
  if (n === undefined) {
    n = unionAll(services.map(serviceNode));
    if (serviceCache.size > 100_000) serviceCache.clear();
    serviceCache.set(key, n);
  }
  return n;
}

/** Headers whose destination lies in `dst` and source in `src` (any other field). */
export function addressPairSet(src: AddressSet, dst: AddressSet): HeaderSet {
  return HeaderSet.of(rangesNode(L.dst, dst.ranges, rangesNode(L.src, src.ranges, TRUE)));
}

export function addressSetField(field: 'src' | 'dst', set: AddressSet): HeaderSet {
  return HeaderSet.of(rangesNode(L[field], set.ranges, TRUE));
}

function ruleNode(rule: { src: AddressSet; dst: AddressSet; services: readonly ServiceMatch[] }): IddNode {
  return rangesNode(L.dst, rule.dst.ranges, rangesNode(L.src, rule.src.ranges, servicesNode(rule.services)));
}

/** Headers a rule matches, regardless of the rules before it. */
export function ruleMatchSet(rule: Pick<AclRule, 'src' | 'dst' | 'services'>): HeaderSet {
  return HeaderSet.of(ruleNode(rule));
}

interface Block {
  readonly permitted: IddNode;
  readonly covered: IddNode;
}

function combineBlocks(rules: readonly IddNode[], actions: readonly ('permit' | 'deny')[], lo: number, hi: number): Block {
  if (hi - lo === 1) {
    const r = rules[lo] as IddNode;
    return { permitted: actions[lo] === 'permit' ? r : FALSE, covered: r };
  }
  const mid = (lo + hi) >> 1;
  const first = combineBlocks(rules, actions, lo, mid);
  const second = combineBlocks(rules, actions, mid, hi);
  return {
    permitted: apply(OR, first.permitted, apply(DIFF, second.permitted, first.covered)),
    covered: apply(OR, first.covered, second.covered),
  };
}

/** Headers the ACL permits. */
export function aclPermitSet(acl: Pick<Acl, 'rules' | 'defaultAction'>): HeaderSet {
  if (acl.rules.length === 0) return acl.defaultAction === 'permit' ? HeaderSet.ALL : HeaderSet.EMPTY;
  const block = combineBlocks(acl.rules.map(ruleNode), acl.rules.map((r) => r.action), 0, acl.rules.length);
  const byDefault = acl.defaultAction === 'permit' ? apply(DIFF, TRUE, block.covered) : FALSE;
  return HeaderSet.of(apply(OR, block.permitted, byDefault));
}

export interface AclDecisionSets {
  /** Per rule (same order as acl.rules): the headers that rule decides, i.e. it matches first. */
  readonly matchedFirst: readonly HeaderSet[];
  /** Headers no rule matches: decided by the default action. */
  readonly byDefault: HeaderSet;
}

/**
 * Each rule's matched-first set, by divide and conquer over a tree of rule ranges. A range sees what the
 * rules before it cover, cut down to what its own rules could touch (the union of the range), so the set
 * handed down stays as small as the range and the whole costs O(n log n) merges, not n prefix unions.
 */
export function aclDecisionSets(acl: Pick<Acl, 'rules'>): AclDecisionSets {
  const rules = acl.rules.map(ruleNode);
  const matchedFirst: IddNode[] = new Array<IddNode>(rules.length);
  interface RangeTree {
    readonly union: IddNode;
    readonly lo: number;
    readonly left?: RangeTree;
    readonly right?: RangeTree;
  }
  const build = (lo: number, hi: number): RangeTree => {
    if (hi - lo === 1) return { union: rules[lo] as IddNode, lo };
    const mid = (lo + hi) >> 1;
    const left = build(lo, mid);
    const right = build(mid, hi);
    return { union: apply(OR, left.union, right.union), lo, left, right };
  };
  const solve = (t: RangeTree, before: IddNode): void => {
    const relevant = apply(AND, before, t.union);
    if (!t.left || !t.right) {
      matchedFirst[t.lo] = apply(DIFF, t.union, relevant);
      return;
    }
    solve(t.left, relevant);
    solve(t.right, apply(OR, relevant, t.left.union));
  };
  let covered = FALSE;
  if (rules.length > 0) {
    const tree = build(0, rules.length);
    solve(tree, FALSE);
    covered = tree.union;
  }
  return {
    matchedFirst: matchedFirst.map((n) => HeaderSet.of(n)),
    byDefault: HeaderSet.of(apply(DIFF, TRUE, covered)),
  };
}

/** Matched-first sets by the definition (each rule minus the union of all before it): the slow twin. */
export function aclDecisionSetsByFold(acl: Pick<Acl, 'rules'>): AclDecisionSets {
  let covered = FALSE;
  const matchedFirst: HeaderSet[] = [];
  for (const rule of acl.rules) {
    const r = ruleNode(rule);
    matchedFirst.push(HeaderSet.of(apply(DIFF, r, covered)));
    covered = apply(OR, covered, r);
  }
  return { matchedFirst, byDefault: HeaderSet.of(apply(DIFF, TRUE, covered)) };
}

/** Permit set by the definition, folding rule by rule from the last: the slow twin of aclPermitSet. */
export function aclPermitSetByFold(acl: Pick<Acl, 'rules' | 'defaultAction'>): HeaderSet {
  let result = acl.defaultAction === 'permit' ? TRUE : FALSE;
  for (let i = acl.rules.length - 1; i >= 0; i--) {
    const rule = acl.rules[i] as AclRule;
    const r = ruleNode(rule);
    result = rule.action === 'permit' ? apply(OR, r, result) : apply(AND, result, apply(DIFF, TRUE, r));
  }
  return HeaderSet.of(result);
}
