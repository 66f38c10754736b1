/**
 * Witnesses: one readable packet picked from a violating header set (real host addresses and common
 * ports preferred), replayed through the concrete simulator so the report shows its hop-by-hop trace.
 */
import type { PacketHeader } from '../net/header.js';
import { isReached } from '../engine/disposition.js';
import type { FlowStart } from '../engine/flow.js';
import { isForwarder, isNextHopKind } from '../engine/kinds.js';
import { addressSetContains } from '../net/address-set.js';
import { formatIpv4 } from '../net/ipv4.js';
import { sharedSegment, type Forwarding } from '../engine/routing.js';
import { traceFlow } from '../engine/simulate.js';
import { HeaderSet, type MemberPreferences, type Range } from '../symbolic/header-set.js';
import { parseStartKey, startKey, unlistedSegment } from '../symbolic/reachability.js';
import type { Segment, Topology, TopologyNode } from '../topology/model.js';
import { nodeAddresses } from './endpoints.js';
import { freeAddresses } from './matrix/attacker.js';
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
  const run = (mac: string | undefined): Witness => {
    const flowStart: FlowStart = segment !== undefined ? { type: 'segment', segment, via, mac } : { type: 'node', node, interface: startInterface, via, mac };
    const traces = traceFlow(topology, { header, start: flowStart }, forwarding ? { forwarding } : {});
    const replayed = traces.some((t) => isReached(t.disposition) && t.at === expectedAt);
    return { start: node, startInterface, via, ...(mac === undefined ? {} : { mac }), header, expectedAt, traces, replayed };
  };
  const plain = run(undefined);
  if (plain.replayed || via !== undefined) return plain;
  // A relay on the sender's segment that pins a MAC: the attacker writes the pinned MAC on its own frame.
  const target = topology.nodes.get(expectedAt);
  const macs = target?.kind === 'relay' ? [...new Set(target.allow.flatMap((a) => (a.mac === undefined ? [] : [a.mac])))] : [];
  for (const mac of macs) {
    const forged = run(mac);
    if (forged.replayed) return forged;
  }
  return plain;
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
 * One concrete packet for an attacker's arrival (origins keyed by start key: `host`, `host>router`, an
 * unlisted device), preferring what needs the fewest attacker capabilities: the sender's own routes before
 * a next hop of its choosing, and its own addresses before a forged source. At most eight replays; the
 * first that the simulator confirms, else the first tried.
 */
export function attackerWitness(topology: Topology, origins: ReadonlyMap<string, HeaderSet>, target: string, forwarding?: Forwarding): Witness | undefined {
  const entries = [...origins].sort(([a], [b]) => Number(a.includes('>')) - Number(b.includes('>')));
  const targetNode = topology.nodes.get(target);
  let first: Witness | undefined;
  let tries = 0;
  for (const [key, set] of entries) {
    const name = parseStartKey(key).node;
    const start = topology.nodes.get(name);
    // The attacker's unlisted device: its own addresses are its segment's free ones.
    const segment = topology.segments.get(unlistedSegment(name) ?? '');
    const mine = start ? nodeAddresses(start) : segment ? freeAddresses(topology, segment) : undefined;
    if (!mine) continue;
    const own = set.intersect(HeaderSet.box({ src: mine.ranges.map(([lo, hi]) => [lo, hi] as const) }));
    for (const candidate of own.isEmpty() ? [set] : [own, set]) {
      if (tries++ >= 8) return first;
      const header = start ? pickHeader(candidate, start, targetNode) : candidate.pick({ src: mine.ranges.map(([lo, hi]) => [lo, hi] as const), dst: ranges(targetNode) });
      if (!header) continue;
      const w = replay(topology, header, key, target, forwarding);
      if (w.replayed) return w;
      first ??= w;
    }
  }
  return first;
}

/** The capability an unlisted device on `segment` stands for, in words (its zone class: INET or INTERNET). */
export function unlistedDeviceCapability(topology: Topology, segment: Segment): string {
  return `an unlisted device plugged into ${segment.name} (a free address of the ${topology.zones.get(segment.zone)?.class ?? 'INET'} segment)`;
}

/** The attacker capabilities a witness relies on, in words. */
export function capabilities(topology: Topology, w: Witness | undefined, target: TopologyNode): string[] {
  const out: string[] = [];
  if (w) {
    const start = topology.nodes.get(w.start);
    const segment = topology.segments.get(unlistedSegment(w.start) ?? '');
    if (segment) out.push(unlistedDeviceCapability(topology, segment));
    if (segment && !addressSetContains(freeAddresses(topology, segment), w.header.src)) out.push(`a spoofed source address (${formatIpv4(w.header.src)} is not a free address of ${segment.name})`);
    if (start && !addressSetContains(nodeAddresses(start), w.header.src)) out.push(`a spoofed source address (${formatIpv4(w.header.src)} is not ${w.start}'s)`);
    if (w.via) out.push(`a next hop of the sender's choosing (${w.via} instead of its routes)`);
    if (w.mac) out.push(`a forged source MAC (${w.mac}, which ${w.expectedAt} pins)`);
  }
  if (isForwarder(target)) out.push(`the management plane of a network device (${target.name})`);
  return out;
}
