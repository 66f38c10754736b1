/**
 * The reference first-match evaluator: scan rules in order, return the first that matches, or the
 * default. Obviously correct and slow; every compiled classifier is checked against it.
 */
import { addressSetContains } from '../net/address-set.js';
import type { PacketHeader } from '../net/header.js';
import type { Acl, AclRule } from '../topology/model.js';
import { anyServiceMatches } from './service-match.js';

export interface AclDecision {
  readonly action: 'permit' | 'deny';
  /** The deciding rule; undefined when no rule matched and the default applied. */
  readonly rule: AclRule | undefined;
}

export function ruleMatches(rule: AclRule, h: PacketHeader): boolean {
  return addressSetContains(rule.src, h.src) && addressSetContains(rule.dst, h.dst) && anyServiceMatches(rule.services, h);
}

/** Index of the first matching rule, or -1. */
export function firstMatchLinear(rules: readonly AclRule[], h: PacketHeader): number {
  for (let i = 0; i < rules.length; i++) if (ruleMatches(rules[i] as AclRule, h)) return i;
  return -1;
}

export function evaluateAclLinear(acl: Acl, h: PacketHeader): AclDecision {
  const i = firstMatchLinear(acl.rules, h);
  const rule = i < 0 ? undefined : acl.rules[i];
  return { action: rule ? rule.action : acl.defaultAction, rule };
}
