/**
 * Witnesses: for a non-empty set of headers that reaches a destination, one concrete, readable flow that
 * the concrete simulator can replay (start node + injected header), and the whole set as ranges.
 */
import type { PacketHeader } from '../net/header.js';
import { freeAddressOn, type Flow } from '../engine/flow.js';
import { buildForwarding, interfaceRange } from '../engine/routing.js';
import type { Topology, TopologyNode } from '../topology/model.js';
import { HeaderSet, type MemberPreferences, type Range } from './header-set.js';
import { computeReachability, type Arrival, type SymbolicSource } from './reachability.js';

export interface Witness {
  /** A flow to replay: where it starts and the header it is sent with. */
  readonly flow: Flow;
  /** The set of injected headers (from that start) that reach the destination, as ranges. */
  readonly summary: string;
  /** The headers as they arrive (after NAT), as ranges. */
  readonly arrivingSummary: string;
}

function nodeRanges(node: TopologyNode | undefined): Range[] {
  if (!node) return [];
  return [...node.interfaces.values()].flatMap((i) => {
    const r = interfaceRange(node, i);
    return r ? [r] : [];
  });
}

/**
 * Picks a witness from an arrival at `destination`: real addresses of the start node as source and of
 * the destination as target where the set allows, then common ports. Starts are tried in name order,
 * hosts before the rest, and a start that can send with its own address wins.
 *
 * Starts that inject the same headers merge at their first shared hop (reachability.ts, NAT lineage
 * note), so `origins` may credit everything to one start. Given the `source` the arrival came from,
 * starts owning a source address in the arriving set are re-run alone (at most `maxReruns`) to find one
 * that reaches the destination without spoofing.
 */
export function witnessFor(
  topology: Topology,
  destination: string,
  arrival: Arrival,
  options: { readonly source?: SymbolicSource; readonly summaryLimit?: number; readonly maxReruns?: number } = {},
): Witness | undefined {
  const summaryLimit = options.summaryLimit ?? 10;
  const starts = [...arrival.origins.entries()]
    .filter(([, set]) => !set.isEmpty())
    .sort(([a], [b]) => rank(topology, a) - rank(topology, b) || (a < b ? -1 : a > b ? 1 : 0));
  if (starts.length === 0) return undefined;
  const ownSource = (name: string): HeaderSet | undefined => {
    const ranges = nodeRanges(topology.nodes.get(name));
    return ranges.length > 0 ? HeaderSet.box({ src: ranges }) : undefined;
  };
  // Prefer a start that can send with one of its own addresses: a witness without spoofing reads better.
  let chosen: [string, HeaderSet] | undefined = starts.find(([name, set]) => {
    const own = ownSource(name);
    return own !== undefined && set.overlaps(own);
  });
  if (!chosen && options.source) {
    const all = HeaderSet.unionAll(starts.map(([, set]) => set));
    const candidates = options.source.starts
      .flatMap((st) => ('node' in st ? [st.node] : []))
      .filter((name) => {
        const own = ownSource(name);
        return own !== undefined && all.overlaps(own);
      })
      .sort((a, b) => rank(topology, a) - rank(topology, b) || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, options.maxReruns ?? 20);
    for (const name of candidates) {
      const alone = computeReachability(topology, { starts: [{ node: name }], headers: options.source.headers.intersect(ownSource(name) as HeaderSet) });
      const there = alone.delivered.get(destination) ?? alone.terminated.get(destination) ?? alone.exits.get(destination);
      const set = there?.origins.get(name);
      if (set && !set.isEmpty()) {
        chosen = [name, set];
        break;
      }
    }
  }
  const [start, origins] = chosen ?? (starts[0] as [string, HeaderSet]);
  const startNode = topology.nodes.get(start);
  // An unnamed sender on a segment is best shown with an address nothing there owns (as the simulator picks).
  const free = startNode ? undefined : freeAddressOn(buildForwarding(topology), start);
  const src = startNode ? nodeRanges(startNode) : free === undefined ? [] : [[free, free] as const];
  const prefs: MemberPreferences = { src, dst: nodeRanges(topology.nodes.get(destination)) };
  let header = origins.pick(prefs) as PacketHeader;
  if (!startNode && header.src === header.dst) {
    // The simulator takes an unnamed sender's source as its own address: avoid sending to itself.
    header = origins.minus(HeaderSet.box({ src: [[header.src, header.src]] })).pick(prefs) ?? header;
  }
  const flow: Flow = startNode ? { header, start: { type: 'node', node: start } } : { header, start: { type: 'segment', segment: start } };
  return { flow, summary: origins.describe(summaryLimit), arrivingSummary: arrival.headers.describe(summaryLimit) };
}

function rank(topology: Topology, start: string): number {
  const node = topology.nodes.get(start);
  return node?.kind === 'host' ? 0 : node ? 1 : 2;
}
