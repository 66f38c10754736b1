/** How lint findings name ACLs and rules: with the line they are written on, so a reader can jump there. */
import { bindingLabel } from '../engine/policy.js';
import type { SourceLocation } from '../diagnostics/diagnostic.js';
import type { Acl, AclRule } from '../topology/model.js';

export function aclTitle(acl: Acl): string {
  return `ACL "${acl.name}" on ${acl.node} (${bindingLabel(acl)})`;
}

export function lineOf(location: SourceLocation | undefined): string {
  return location ? `${location.file}:${location.line}` : 'unknown line';
}

export function ruleRef(rule: AclRule): string {
  return `"${rule.name}" (${lineOf(rule.location)})`;
}

/** Rules by index, in order; long lists are cut with a count. */
export function ruleList(rules: readonly AclRule[], indices: readonly number[], max = 5): string {
  const shown = indices.slice(0, max).map((i) => ruleRef(rules[i] as AclRule));
  const more = indices.length > max ? ` and ${indices.length - max} more` : '';
  return `${shown.length === 1 ? 'rule' : 'rules'} ${shown.join(', ')}${more}`;
}
