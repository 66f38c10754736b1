/**
 * The policy of every firewall and router, as `segproof describe` lists it: each ACL with its binding,
 * rule counts and default, and what the node does with a packet no ACL applies to (a firewall denies it,
 * a router permits it: ARCHITECTURE.md "Policy order on a filtering node").
 */
import type { Acl, FilteringNode, Topology } from './model.js';

export interface AclSummary {
  readonly name: string;
  /** `in on eth0`, `out on eth1` or `zone-pair INET -> MN`. */
  readonly binding: string;
  readonly rules: number;
  readonly permits: number;
  readonly denies: number;
  /** Rules written with `log: true`. */
  readonly logged: number;
  readonly defaultAction: 'permit' | 'deny';
  /** `file:line` where the ACL is written. */
  readonly location: string | undefined;
}

export interface NodePolicySummary {
  readonly node: string;
  readonly kind: 'firewall' | 'router';
  readonly zone: string;
  readonly stateful: boolean;
  /** What happens to a packet no ACL of the node applies to. */
  readonly withoutAcl: 'deny' | 'permit';
  readonly acls: readonly AclSummary[];
}

function binding(acl: Acl): string {
  const b = acl.binding;
  return b.type === 'interface' ? `${b.direction} on ${b.interface}` : `zone-pair ${b.fromZone} -> ${b.toZone}`;
}

export function summariseAcl(acl: Acl): AclSummary {
  const permits = acl.rules.filter((r) => r.action === 'permit').length;
  return {
    name: acl.name,
    binding: binding(acl),
    rules: acl.rules.length,
    permits,
    denies: acl.rules.length - permits,
    logged: acl.rules.filter((r) => r.log === true).length,
    defaultAction: acl.defaultAction,
    location: acl.location ? `${acl.location.file}:${acl.location.line}` : undefined,
  };
}

export function summarisePolicies(t: Topology): NodePolicySummary[] {
  const nodes = [...t.nodes.values()].filter((n): n is FilteringNode => n.kind === 'firewall' || n.kind === 'router');
  return nodes.map((n) => ({
    node: n.name,
    kind: n.kind,
    zone: n.zone,
    stateful: n.stateful,
    withoutAcl: n.kind === 'firewall' ? 'deny' : 'permit',
    acls: n.acls.map(summariseAcl),
  }));
}
