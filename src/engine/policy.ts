/**
 * ACL evaluation on a filtering node, in ARCHITECTURE.md order: ACLs bound to the ingress interface
 * (`in`), then to the zone pair (ingress segment zone → egress segment zone), then to the egress
 * interface (`out`). Every applicable ACL must permit; the linear first-match evaluator decides each.
 */
import { evaluateAclLinear } from '../acl/linear.js';
import type { PacketHeader } from '../net/header.js';
import type { Acl, FilteringNode, Topology } from '../topology/model.js';
import type { AclCheck } from './trace.js';

export type AclStage = 'in' | 'zone-pair' | 'out';

export function bindingLabel(acl: Acl): string {
  const b = acl.binding;
  return b.type === 'interface' ? `${b.direction} on ${b.interface}` : `zone-pair ${b.fromZone} -> ${b.toZone}`;
}

export function checkAcl(acl: Acl, h: PacketHeader): AclCheck {
  const decision = evaluateAclLinear(acl, h);
  return {
    acl: acl.name,
    binding: bindingLabel(acl),
    action: decision.action,
    rule: decision.rule?.name,
    location: decision.rule ? decision.rule.location : acl.location,
    ...(decision.rule?.description === undefined ? {} : { ruleDescription: decision.rule.description }),
    ...(decision.rule?.log ? { logged: true } : {}),
  };
}

export function zoneOfInterface(topology: Topology, node: FilteringNode, interfaceName: string): string | undefined {
  const iface = node.interfaces.get(interfaceName);
  return iface ? topology.segments.get(iface.segment)?.zone : undefined;
}

/** The ACLs that apply to a packet entering on `ingress` (undefined: originated here) and leaving on `egress`. */
export function applicableAcls(
  topology: Topology,
  node: FilteringNode,
  ingress: string | undefined,
  egress: string | undefined,
): { stage: AclStage; acl: Acl }[] {
  const out: { stage: AclStage; acl: Acl }[] = [];
  const fromZone = ingress === undefined ? undefined : zoneOfInterface(topology, node, ingress);
  const toZone = egress === undefined ? undefined : zoneOfInterface(topology, node, egress);
  for (const acl of node.acls) {
    const b = acl.binding;
    if (b.type === 'interface' && b.direction === 'in' && ingress !== undefined && b.interface === ingress) out.push({ stage: 'in', acl });
  }
  if (fromZone !== undefined && toZone !== undefined) {
    for (const acl of node.acls) {
      const b = acl.binding;
      if (b.type === 'zone-pair' && b.fromZone === fromZone && b.toZone === toZone) out.push({ stage: 'zone-pair', acl });
    }
  }
  for (const acl of node.acls) {
    const b = acl.binding;
    if (b.type === 'interface' && b.direction === 'out' && egress !== undefined && b.interface === egress) out.push({ stage: 'out', acl });
  }
  return out;
}

export type PolicyVerdict =
  | { readonly action: 'permit'; readonly checks: AclCheck[]; readonly noPolicy: boolean }
  | { readonly action: 'deny'; readonly checks: AclCheck[]; readonly stage: AclStage | 'no-policy' };

/**
 * Evaluates every applicable ACL in order until one denies. A firewall with no applicable ACL
 * denies (no policy = no passage) unless the packet originates on it; a router permits.
 */
export function evaluatePolicy(topology: Topology, node: FilteringNode, ingress: string | undefined, egress: string | undefined, h: PacketHeader): PolicyVerdict {
  const acls = applicableAcls(topology, node, ingress, egress);
  if (acls.length === 0) {
    if (node.kind === 'firewall' && ingress !== undefined) return { action: 'deny', checks: [], stage: 'no-policy' };
    return { action: 'permit', checks: [], noPolicy: true };
  }
  const checks: AclCheck[] = [];
  for (const { stage, acl } of acls) {
    const check = checkAcl(acl, h);
    checks.push(check);
    if (check.action === 'deny') return { action: 'deny', checks, stage };
  }
  return { action: 'permit', checks, noPolicy: false };
}
