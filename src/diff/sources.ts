/**
 * Per-source reach for `segproof diff`: for every source of a topology (hosts, pools, external networks,
 * gateways, and an unnamed host on every segment), the injected headers that reach every destination
 * (delivered, exits-network or terminated-at-gateway), exactly.
 *
 * A source sends as the attacker of ARCHITECTURE.md would from there: any source address (a strict-uRPF
 * interface on the way stops forged ones) and, from a host, any router, firewall or dedicated line on its
 * segments as next hop. One symbolic run per source, with exact NAT lineage (`exactOrigins`), so the
 * injected headers credited to a destination are all that reach it, not only those of the first path.
 * Runs go through computeReachability, so an installed ReachCache serves them across versions.
 */
import { isForwarder, isGatewayKind } from '../engine/kinds.js';
import { HeaderSet, WELL_FORMED } from '../symbolic/header-set.js';
import { computeReachability, originsOfNode, type Arrival, type StartPoint } from '../symbolic/reachability.js';
import type { Topology, TopologyNode, ZoneClass } from '../topology/model.js';
import { classesOf } from '../verify/matrix/attacker.js';
import type { EndpointKind, ReachKind } from './report.js';

export interface DiffSource {
  /** `node:NAME` or `segment:NAME` (a node and a segment may share a name). */
  readonly key: string;
  readonly name: string;
  readonly kind: EndpointKind;
  readonly start: StartPoint;
  readonly anyNextHop: boolean;
}

/** What a node is as a source or destination. */
export function endpointKind(node: TopologyNode): EndpointKind {
  if (node.kind === 'host') return node.count > 1 ? 'pool' : 'host';
  if (node.kind === 'external') return 'external';
  if (isGatewayKind(node)) return 'gateway';
  return 'network-device';
}

/** Zone classes of a node (its zone's and its segments'; matrix/attacker.ts classesOf), sorted. */
export function nodeClasses(topology: Topology, node: TopologyNode): ZoneClass[] {
  return [...classesOf(topology, node)].sort();
}

export function segmentClasses(topology: Topology, segment: string): ZoneClass[] {
  const zone = topology.segments.get(segment)?.zone;
  const cls = zone === undefined ? undefined : topology.zones.get(zone)?.class;
  return cls === undefined ? [] : [cls];
}

/** Every source of a topology, in a stable order (nodes by name, then segments by name). */
export function diffSources(topology: Topology): DiffSource[] {
  const out: DiffSource[] = [];
  for (const node of [...topology.nodes.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (isForwarder(node)) continue;
    out.push({ key: `node:${node.name}`, name: node.name, kind: endpointKind(node), start: { node: node.name }, anyNextHop: node.kind === 'host' });
  }
  for (const name of [...topology.segments.keys()].sort()) {
    out.push({ key: `segment:${name}`, name, kind: 'segment', start: { segment: name }, anyNextHop: false });
  }
  return out;
}

/** What one source reaches at one destination. */
export interface SourceArrival {
  /** Injected headers that reach the destination (as the source sends them). */
  readonly headers: HeaderSet;
  readonly reach: readonly ReachKind[];
  /** Per start key (`node`, `node>router`, or the segment): the injected headers credited to it. */
  readonly origins: ReadonlyMap<string, HeaderSet>;
}

export interface SourceReach {
  readonly source: DiffSource;
  /** Destination node → what arrives (the source itself is left out). */
  readonly arrivals: ReadonlyMap<string, SourceArrival>;
  readonly steps: number;
}

const ALL = HeaderSet.ALL.intersect(WELL_FORMED);

/** The exact per-destination reach of one source (through the installed ReachCache, if any). */
export function sourceReach(topology: Topology, source: DiffSource, maxSteps?: number): SourceReach {
  const result = computeReachability(
    topology,
    { starts: [source.start], headers: ALL },
    { anyNextHop: source.anyNextHop, exactOrigins: true, ...(maxSteps === undefined ? {} : { maxSteps }) },
  );
  const startName = source.name;
  const arrivals = new Map<string, { headers: HeaderSet; reach: ReachKind[]; origins: Map<string, HeaderSet> }>();
  const add = (kind: ReachKind, map: ReadonlyMap<string, Arrival>) => {
    for (const [dest, arrival] of map) {
      if (source.kind !== 'segment' && dest === source.name) continue;
      const mine = originsOfNode(arrival, startName);
      if (mine.isEmpty()) continue;
      let a = arrivals.get(dest);
      if (!a) arrivals.set(dest, (a = { headers: HeaderSet.EMPTY, reach: [], origins: new Map() }));
      a.headers = a.headers.union(mine);
      a.reach.push(kind);
      for (const [key, set] of arrival.origins) a.origins.set(key, (a.origins.get(key) ?? HeaderSet.EMPTY).union(set));
    }
  };
  add('delivered', result.delivered);
  add('exits-network', result.exits);
  add('terminated-at-gateway', result.terminated);
  return { source, arrivals, steps: result.steps };
}
