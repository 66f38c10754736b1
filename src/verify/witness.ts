/**
 * Witnesses: one readable packet picked from a violating header set (real host addresses and common
 * ports preferred), replayed through the concrete simulator so the report shows its hop-by-hop trace.
 */
import type { PacketHeader } from '../net/header.js';
import { isReached } from '../engine/disposition.js';
import type { FlowStart } from '../engine/flow.js';
import { isNextHopKind } from '../engine/kinds.js';
import { sharedSegment, type Forwarding } from '../engine/routing.js';
import { traceFlow } from '../engine/simulate.js';
import { HeaderSet, type MemberPreferences, type Range } from '../symbolic/header-set.js';
import { parseStartKey, startKey, unlistedSegment } from '../symbolic/reachability.js';
import type { Topology, TopologyNode } from '../topology/model.js';
import { nodeAddresses } from './endpoints.js';
import type { Witness } from './result.js';

function ranges(node: TopologyNode | undefined): Range[] {
  if (!node) return [];
  // External networks own huge blocks; their interface address reads worse than a public-looking one, so keep the order.
  return nodeAddresses(node).ranges.map(([lo, hi]) => [lo, hi] as const);
}

/** Picks a header from `set` preferring the start node's and the target node's own addresses. */
export function pickHeader(set: HeaderSet, start: TopologyNode | undefined, target: TopologyNode | undefined): PacketHeader | undefined {
  const prefs: MemberPreferences = { src: ranges(start), dst: ranges(target) };
  return set.pick(prefs);
}

export function replay(
  topology: Topology,
  header: PacketHeader,
  start: string,
  expectedAt: string,
  forwarding: Forwarding | undefined,
  startInterface?: string,
): Witness {
  // A start key `host>router` is a sender that chose its next hop (symbolic/reachability.ts anyNextHop).
  const { node, via } = parseStartKey(start);
  // The attacker's unlisted device replays as the simulator's unnamed host on its segment (with its chosen next hop).
  const segment = unlistedSegment(node);
  const flowStart: FlowStart = segment !== undefined ? { type: 'segment', segment, via } : { type: 'node', node, interface: startInterface, via };
  const traces = traceFlow(topology, { header, start: flowStart }, forwarding ? { forwarding } : {});
  const replayed = traces.some((t) => isReached(t.disposition) && t.at === expectedAt);
  return { start: node, startInterface, via, header, expectedAt, traces, replayed };
}

/** A witness for headers injected at `start` that arrive at `target`. */
export function witnessFor(
  topology: Topology,
  set: HeaderSet,
  start: string,
  target: string,
  forwarding?: Forwarding,
  startInterface?: string,
): Witness | undefined {
  const header = pickHeader(set, topology.nodes.get(parseStartKey(start).node), topology.nodes.get(target));
  if (!header) return undefined;
  const w = replay(topology, header, start, target, forwarding, startInterface);
  if (w.replayed || parseStartKey(start).via !== undefined) return w;
  // A host's set may join what its own routes carry and what its next-hop choices carry (the flow graph's
  // legs): when its routes do not carry the picked packet, replay it through each neighbour it may choose.
  const sender = topology.nodes.get(start);
  if (sender?.kind !== 'host') return w;
  for (const next of topology.nodes.values()) {
    if (next === sender || !isNextHopKind(next) || !sharedSegment(sender, next)) continue;
    const again = replay(topology, header, startKey(start, next.name), target, forwarding, startInterface);
    if (again.replayed) return again;
  }
  return w;
}

/**
 * A witness that reads well: symbolic sources of one zone share their injected set, so the set found at
 * one start may hold another member's addresses. Prefer a start whose own address is the source, as long
 * as the simulator confirms the arrival from there; otherwise the start the symbolic engine reported.
 */
export function bestWitness(
  topology: Topology,
  origins: ReadonlyMap<string, HeaderSet>,
  candidates: readonly TopologyNode[],
  target: string,
  forwarding?: Forwarding,
): Witness | undefined {
  const first = [...origins][0];
  if (!first) return undefined;
  const [start, set] = first;
  const targetNode = topology.nodes.get(target);
  let tries = 0;
  for (const c of candidates) {
    if (tries >= 6) break;
    const own = set.intersect(HeaderSet.box({ src: nodeAddresses(c).ranges.map(([lo, hi]) => [lo, hi] as const) }));
    if (own.isEmpty()) continue;
    tries++;
    const header = pickHeader(own, c, targetNode);
    if (!header) continue;
    const w = replay(topology, header, c.name, target, forwarding);
    if (w.replayed) return w;
  }
  return witnessFor(topology, set, start, target, forwarding);
}
