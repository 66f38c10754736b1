/**
 * Per-source reach for `segproof diff`: for every source of a topology (hosts, pools, external networks,
 * gateways, and an unnamed host on every segment), the injected headers that reach every destination
 * (delivered, exits-network or terminated-at-gateway), exactly.
 *
 * A host, external network or segment's unnamed host sends as the attacker of ARCHITECTURE.md would from
 * there: any source address (a strict-uRPF interface on the way stops forged ones) and, from a host, any
 * router, firewall, dedicated line or external network on its segments as next hop. A gateway, which the attacker does not
 * control, sends from its own addresses by its own routes. One symbolic run per source, with exact NAT lineage (`exactOrigins`), so the
 * injected headers credited to a destination are all that reach it, not only those of the first path.
 * Runs go through computeReachability, so an installed ReachCache serves them across versions.
 */
import { isForwarder, isGatewayKind } from '../engine/kinds.js';
import type { AddressSet } from '../net/address-set.js';
import { addressSetField } from '../symbolic/acl-set.js';
import { nodeAddresses } from '../verify/endpoints.js';
import { HeaderSet, WELL_FORMED } from '../symbolic/header-set.js';
import { computeReachability, originsOfNode, type Arrival, type ReachabilityResult, type StartPoint } from '../symbolic/reachability.js';
import type { ReachCache } from './cache.js';
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
  /** Source addresses it sends from: any (undefined; hosts, external networks and segments' unnamed hosts as the attacker) or its own (gateways). */
  readonly from?: AddressSet | undefined;
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
    // Gateways are not the attacker's: they send from their own addresses, by their own routes.
    const from = isGatewayKind(node) ? nodeAddresses(node) : undefined;
    out.push({ key: `node:${node.name}`, name: node.name, kind: endpointKind(node), start: { node: node.name }, anyNextHop: node.kind === 'host', from });
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
  /** The symbolic run it summarises (undefined when patched from two runs): equal runs mean equal reach. */
  readonly run: ReachabilityResult | undefined;
}

const ALL = HeaderSet.ALL.intersect(WELL_FORMED);

/** Per-destination reach of one source from a run (memoised per run object: a reused run is summarised once). */
const summaries = new WeakMap<ReachabilityResult, Map<string, SourceReach>>();

function summarise(result: ReachabilityResult, source: DiffSource): SourceReach {
  let bySource = summaries.get(result);
  if (!bySource) summaries.set(result, (bySource = new Map()));
  const hit = bySource.get(source.key);
  if (hit) return hit;
  const arrivals = new Map<string, { headers: HeaderSet; reach: ReachKind[]; origins: Map<string, HeaderSet> }>();
  const add = (kind: ReachKind, map: ReadonlyMap<string, Arrival>) => {
    for (const [dest, arrival] of map) {
      if (source.kind !== 'segment' && dest === source.name) continue;
      const mine = originsOfNode(arrival, source.name);
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
  const reach: SourceReach = { source, arrivals, steps: result.steps, run: result };
  bySource.set(source.key, reach);
  return reach;
}

/** `base` without the injected headers in `affected`, plus `fresh` (their reach in the new version). */
function patch(base: SourceReach, affected: HeaderSet, fresh: SourceReach): SourceReach {
  const arrivals = new Map<string, SourceArrival>();
  for (const [dest, a] of base.arrivals) {
    const headers = a.headers.minus(affected);
    if (headers.isEmpty()) continue;
    const origins = new Map<string, HeaderSet>();
    for (const [key, set] of a.origins) {
      const rest = set.minus(affected);
      if (!rest.isEmpty()) origins.set(key, rest);
    }
    arrivals.set(dest, { headers, reach: a.reach, origins });
  }
  for (const [dest, f] of fresh.arrivals) {
    const a = arrivals.get(dest);
    if (!a) {
      arrivals.set(dest, f);
      continue;
    }
    const origins = new Map(a.origins);
    for (const [key, set] of f.origins) origins.set(key, (origins.get(key) ?? HeaderSet.EMPTY).union(set));
    arrivals.set(dest, { headers: a.headers.union(f.headers), reach: [...new Set([...a.reach, ...f.reach])], origins });
  }
  return { source: base.source, arrivals, steps: base.steps + fresh.steps, run: undefined };
}

/**
 * The exact per-destination reach of one source (through the installed ReachCache, if any). With `cache`, a
 * run of another version that the change meets only partly is patched: only the injected headers the change
 * can affect are propagated again (ReachCache.partialReuse says which, and why that is exact).
 */
export function sourceReach(topology: Topology, source: DiffSource, maxSteps?: number, cache?: ReachCache): SourceReach {
  const options = { anyNextHop: source.anyNextHop, exactOrigins: true, ...(maxSteps === undefined ? {} : { maxSteps }) };
  const full = { starts: [source.start], headers: source.from ? ALL.intersect(addressSetField('src', source.from)) : ALL };
  const whole = cache?.lookup(topology, full, options);
  if (whole) return summarise(whole, source);
  const partial = cache?.partialReuse(topology, full, options);
  if (partial) {
    const fresh = computeReachability(topology, { starts: [source.start], headers: partial.affected }, options);
    return patch(summarise(partial.result, source), partial.affected, summarise(fresh, source));
  }
  return summarise(computeReachability(topology, full, options), source);
}
