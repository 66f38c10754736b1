/**
 * The hosts whose zone class becomes INET at a step (T1, T2): by their segment's re-designation, by
 * moving to an INET segment, or by the plan's `redesignate`. A host is matched to the step before by its
 * name, else by its address as the plan maps it, else by its unchanged address (a pool renamed on the
 * cut-over day keeps its addresses).
 */
import type { AddressMap } from '../readdress/mapping.js';
import type { HostNode, Topology, TopologyNode } from '../topology/model.js';
import { nodeAddresses } from '../verify/endpoints.js';

/** The zone classes a host belongs to: its zone's and every segment's it has an interface on. */
export function hostClasses(topology: Topology, node: TopologyNode): Set<string> {
  const classes = new Set<string>();
  const zoneClass = topology.zones.get(node.zone)?.class;
  if (zoneClass) classes.add(zoneClass);
  for (const iface of node.interfaces.values()) {
    const segment = topology.segments.get(iface.segment);
    const c = segment ? topology.zones.get(segment.zone)?.class : undefined;
    if (c) classes.add(c);
  }
  return classes;
}

export interface Redesignated {
  /** The step at which the host is INET for the first time. */
  readonly step: number;
  readonly host: HostNode;
  /** The same system in the step before. */
  readonly before: HostNode;
  readonly how: string;
}

function predecessor(previous: Topology, host: HostNode, toNew: AddressMap | undefined): HostNode | undefined {
  const byName = previous.nodes.get(host.name);
  if (byName?.kind === 'host') return byName;
  const own = nodeAddresses(host);
  const first = own.ranges[0]?.[0];
  if (first === undefined) return undefined;
  for (const candidate of previous.nodes.values()) {
    if (candidate.kind !== 'host') continue;
    const addresses = nodeAddresses(candidate).ranges.flatMap(([lo]) => [lo]);
    if (addresses.some((a) => (toNew ? toNew(a) : a) === first || a === first)) return candidate;
  }
  return undefined;
}

/**
 * Every host that is INET at step k (k ≥ 1) and was not at step k-1. `mappings[k-1]` maps step k-1's
 * addresses to step k's (the plan's step k-1), when a plan is given. `planned[k]` are the segments the
 * plan re-designates at step k, which names the cause in the report.
 */
export function redesignatedIntoInet(topologies: readonly Topology[], mappings: readonly (AddressMap | undefined)[], planned: readonly ReadonlySet<string>[] = []): Redesignated[] {
  const out: Redesignated[] = [];
  for (let k = 1; k < topologies.length; k++) {
    const now = topologies[k] as Topology;
    const previous = topologies[k - 1] as Topology;
    for (const node of now.nodes.values()) {
      if (node.kind !== 'host' || !hostClasses(now, node).has('INET')) continue;
      const before = predecessor(previous, node, mappings[k - 1]);
      if (before === undefined || hostClasses(previous, before).has('INET')) continue;
      const segments = [...node.interfaces.values()].map((i) => i.segment);
      const redesignatedSegment = segments.find((s) => planned[k]?.has(s) || (previous.segments.has(s) && previous.segments.get(s)?.zone !== now.segments.get(s)?.zone));
      const how = redesignatedSegment !== undefined
        ? `its segment ${redesignatedSegment} is re-designated ${now.segments.get(redesignatedSegment)?.zone ?? ''}`.trimEnd()
        : `it moves to ${segments.join(', ')} (zone ${node.zone})`;
      out.push({ step: k, host: node, before, how: before.name === node.name ? how : `${how}; it was ${before.name}` });
    }
  }
  return out;
}
