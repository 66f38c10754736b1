/** A structured summary of a topology: what `segproof describe` shows. */
import { formatPrefix } from '../net/ipv4.js';
import type { NodeKind, Topology, ZoneClass } from './model.js';
import { summarisePolicies, type NodePolicySummary } from './policy-summary.js';

export interface ZoneSummary {
  readonly zone: string;
  readonly class: ZoneClass;
  readonly segments: number;
  readonly nodesByKind: Partial<Record<NodeKind, number>>;
  readonly terminals: number;
  readonly servers: number;
}

export interface TopologySummary {
  readonly name: string;
  readonly model: string | undefined;
  readonly guidelineVersion: string | undefined;
  readonly files: readonly string[];
  readonly zones: readonly ZoneSummary[];
  readonly logicalNetworks: readonly string[];
  readonly segments: readonly { name: string; zone: string; prefix: string; vlan?: number | undefined; vrf: string; site?: string | undefined }[];
  readonly nodesByKind: Partial<Record<NodeKind, readonly string[]>>;
  readonly pools: readonly { node: string; zone: string; role: string; count: number }[];
  /** Every firewall and router: its ACLs (binding, rule counts, default) and what it does without one. */
  readonly policies: readonly NodePolicySummary[];
  readonly totals: { readonly nodes: number; readonly endpoints: number; readonly rules: number };
}

export function summariseTopology(t: Topology): TopologySummary {
  const zones = [...t.zones.values()].map((z): ZoneSummary => {
    const nodes = [...t.nodes.values()].filter((n) => n.zone === z.name);
    const nodesByKind: Partial<Record<NodeKind, number>> = {};
    for (const n of nodes) nodesByKind[n.kind] = (nodesByKind[n.kind] ?? 0) + 1;
    const hosts = nodes.flatMap((n) => (n.kind === 'host' ? [n] : []));
    return {
      zone: z.name,
      class: z.class,
      segments: [...t.segments.values()].filter((s) => s.zone === z.name).length,
      nodesByKind,
      terminals: hosts.filter((h) => h.role === 'terminal').reduce((a, h) => a + h.count, 0),
      servers: hosts.filter((h) => h.role === 'server').reduce((a, h) => a + h.count, 0),
    };
  });
  const nodesByKind: Partial<Record<NodeKind, string[]>> = {};
  for (const n of t.nodes.values()) (nodesByKind[n.kind] ??= []).push(n.name);
  const hosts = [...t.nodes.values()].flatMap((n) => (n.kind === 'host' ? [n] : []));
  let rules = 0;
  for (const n of t.nodes.values()) if (n.kind === 'router' || n.kind === 'firewall') for (const a of n.acls) rules += a.rules.length;
  return {
    name: t.name,
    model: t.model,
    guidelineVersion: t.guidelineVersion,
    files: t.files,
    zones,
    logicalNetworks: [...t.logicalNetworks.keys()],
    segments: [...t.segments.values()].map((s) => ({ name: s.name, zone: s.zone, prefix: formatPrefix(s.prefix), vlan: s.vlan, vrf: s.vrf, site: s.site })),
    nodesByKind,
    pools: hosts.filter((h) => h.count > 1).map((h) => ({ node: h.name, zone: h.zone, role: h.role, count: h.count })),
    policies: summarisePolicies(t),
    totals: { nodes: t.nodes.size, endpoints: hosts.reduce((a, h) => a + h.count, 0), rules },
  };
}
