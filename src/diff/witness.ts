/**
 * One witness flow per reach change, traced with the concrete simulator in both versions, and the rule
 * that decided it in each: the dropping rule where it is dropped, and where it gets through, the rule that
 * let it through at the first point where its path differs from the other version's.
 */
import { escapeControl } from '../diagnostics/escape.js';
import { isReached } from '../engine/disposition.js';
import { freeAddressOn, type Flow } from '../engine/flow.js';
import { formatHeader } from '../engine/render.js';
import { buildForwarding, type Forwarding } from '../engine/routing.js';
import { traceFlow } from '../engine/simulate.js';
import type { Hop, Trace } from '../engine/trace.js';
import type { PacketHeader } from '../net/header.js';
import { addressSetContains } from '../net/address-set.js';
import { formatPrefix } from '../net/ipv4.js';
import { HeaderSet, type MemberPreferences, type Range } from '../symbolic/header-set.js';
import { parseStartKey } from '../symbolic/reachability.js';
import type { SourceLocation } from '../diagnostics/diagnostic.js';
import type { Topology } from '../topology/model.js';
import { nodeAddresses } from '../verify/endpoints.js';
import type { ChangeWitness, DecidingRule, WitnessSide } from './report.js';
import type { DiffSource } from './sources.js';

/** Forwarding tables per topology, built once. */
const forwardingCache = new WeakMap<Topology, Forwarding>();
export function forwardingOf(topology: Topology): Forwarding {
  let f = forwardingCache.get(topology);
  if (!f) forwardingCache.set(topology, (f = buildForwarding(topology)));
  return f;
}

function ranges(topology: Topology, name: string): Range[] {
  const node = topology.nodes.get(name);
  return node ? nodeAddresses(node).ranges.map(([lo, hi]) => [lo, hi] as const) : [];
}

/**
 * Picks the flow to show for a change set: a start key whose credited headers meet the set (the sender's own
 * routes before a next hop of its choosing), then a header preferring the sender's own addresses as
 * source (an address nothing owns for a segment's unnamed host) and the destination's as target.
 */
export function pickWitnessFlow(
  topology: Topology,
  source: DiffSource,
  destination: string,
  set: HeaderSet,
  origins: ReadonlyMap<string, HeaderSet>,
): { flow: Flow; startKey: string } | undefined {
  const keys = [...origins.entries()]
    .filter(([key, s]) => parseStartKey(key).node === source.name && s.overlaps(set))
    .sort(([a], [b]) => Number(a.includes('>')) - Number(b.includes('>')) || (a < b ? -1 : a > b ? 1 : 0));
  const [key, credited] = keys[0] ?? [source.name, set];
  const candidates = credited.intersect(set);
  const dst = ranges(topology, destination);
  let header: PacketHeader | undefined;
  if (source.kind === 'segment') {
    const free = freeAddressOn(forwardingOf(topology), source.name);
    const prefs: MemberPreferences = { src: free === undefined ? [] : [[free, free]], dst };
    header = candidates.pick(prefs);
    // The simulator takes an unnamed sender's source as its own address: never a packet to itself.
    if (header && header.src === header.dst) header = candidates.minus(HeaderSet.box({ src: [[header.src, header.src]] })).pick(prefs) ?? header;
  } else {
    const own = ranges(topology, source.name);
    header = candidates.pick({ src: own, dst });
  }
  if (!header) return undefined;
  const { via } = parseStartKey(key);
  const flow: Flow = source.kind === 'segment' ? { header, start: { type: 'segment', segment: source.name } } : { header, start: { type: 'node', node: source.name, via, mac: forgedMac(topology, source, destination, header, via) } };
  return { flow, startKey: key };
}

/**
 * The MAC an attacker's host writes on its frame to a relay that pins the sender of `header` by MAC (the
 * symbolic engine lets its own first hop match any pin); undefined when no pin applies.
 */
function forgedMac(topology: Topology, source: DiffSource, destination: string, header: PacketHeader, via: string | undefined): string | undefined {
  const relay = topology.nodes.get(destination);
  if (!source.anyNextHop || via !== undefined || relay?.kind !== 'relay') return undefined;
  return relay.allow.find((a) => a.mac !== undefined && addressSetContains(a.src, header.src))?.mac;
}

/** Whether the flow's start (and chosen next hop) exists in the topology. */
function canSend(topology: Topology, flow: Flow): string | undefined {
  if (flow.start.type === 'segment') return topology.segments.has(flow.start.segment) ? undefined : `segment ${flow.start.segment} does not exist in this version`;
  if (!topology.nodes.has(flow.start.node)) return `${flow.start.node} does not exist in this version`;
  return undefined;
}

/** The flow traced in one version, or why it cannot be sent there. */
export function tracesIn(topology: Topology, flow: Flow): { traces: Trace[] } | { error: string } {
  const missing = canSend(topology, flow);
  if (missing) return { error: missing };
  try {
    return { traces: traceFlow(topology, flow, { forwarding: forwardingOf(topology) }) };
  } catch (error) {
    // A next hop chosen in one version that is gone (or no longer a neighbour) in the other.
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

function locationParts(loc: SourceLocation | undefined): { location?: string; file?: string; line?: number } {
  if (!loc) return {};
  return { location: `${escapeControl(loc.file)}:${loc.line}`, file: loc.file, line: loc.line };
}

function hopSignature(h: Hop): string {
  return JSON.stringify([h.node, h.ingress ?? null, h.acls.map((a) => [a.acl, a.binding, a.action, a.rule ?? null]), h.routes.map((r) => [r.vrf, formatPrefix(r.prefix), r.target]), h.egress ?? null, h.nextNode ?? null]);
}

/**
 * The rule that decided `trace`, compared with the other version's `other`: where the trace was dropped,
 * its deciding rule; otherwise the first decision at the first hop where the two paths differ (an ACL
 * check with another outcome or rule, else the route taken), else the last permitting ACL rule on the way.
 */
export function decidingRuleOf(trace: Trace, other: Trace | undefined): DecidingRule | undefined {
  if (trace.deciding) {
    return { node: trace.at, policy: trace.deciding.policy, rule: trace.deciding.rule, description: trace.deciding.description, ...locationParts(trace.deciding.location) };
  }
  if (other) {
    const n = Math.max(trace.hops.length, other.hops.length);
    for (let i = 0; i < n; i++) {
      const mine = trace.hops[i];
      const theirs = other.hops[i];
      if (!mine) break;
      if (theirs && hopSignature(mine) === hopSignature(theirs)) continue;
      // The first differing hop: an ACL decision of ours that the other path did not make the same way.
      const changed = mine.acls.find((a) => !theirs?.acls.some((b) => b.acl === a.acl && b.binding === a.binding && b.action === a.action && b.rule === a.rule));
      if (changed) {
        const by = changed.rule === undefined ? `the default of ACL ${changed.acl}` : `rule ${changed.rule} of ACL ${changed.acl}`;
        return { node: mine.node, policy: changed.acl, rule: changed.rule, description: `${changed.action} by ${by} [${changed.binding}]`, ...locationParts(changed.location) };
      }
      const route = mine.routes.find((r) => !theirs?.routes.some((s) => s.vrf === r.vrf && s.target === r.target && formatPrefix(s.prefix) === formatPrefix(r.prefix))) ?? mine.routes[0];
      if (route) {
        return { node: mine.node, policy: `routes of ${mine.node}`, rule: `${formatPrefix(route.prefix)} ${route.target}`, description: `route ${formatPrefix(route.prefix)} ${route.target} (vrf ${route.vrf})`, ...locationParts(route.location) };
      }
      break;
    }
  }
  for (let i = trace.hops.length - 1; i >= 0; i--) {
    const hop = trace.hops[i] as Hop;
    const permit = [...hop.acls].reverse().find((a) => a.action === 'permit');
    if (permit) {
      const by = permit.rule === undefined ? `the default of ACL ${permit.acl}` : `rule ${permit.rule} of ACL ${permit.acl}`;
      return { node: hop.node, policy: permit.acl, rule: permit.rule, description: `permit by ${by} [${permit.binding}]`, ...locationParts(permit.location) };
    }
  }
  return undefined;
}

/** The trace to show: the first that reaches the destination, else the first. */
export function shownTrace(list: readonly Trace[], destination: string): Trace | undefined {
  return list.find((t) => isReached(t.disposition) && t.at === destination) ?? list[0];
}

/** One version's side of a witness; `decide` names the deciding rule given the other version's trace. */
export function witnessSide(
  result: { traces: Trace[] } | { error: string },
  destination: string,
  other: Trace | undefined,
  decide: (trace: Trace, other: Trace | undefined) => DecidingRule | undefined = decidingRuleOf,
): WitnessSide {
  if ('error' in result) return { sent: false, reaches: false, reason: result.error, path: [] };
  const t = shownTrace(result.traces, destination);
  if (!t) return { sent: true, reaches: false, reason: 'no trace', path: [] };
  return {
    sent: true,
    disposition: t.disposition,
    at: t.at,
    reason: t.reason,
    reaches: result.traces.some((x) => isReached(x.disposition) && x.at === destination),
    decidingRule: decide(t, other),
    path: t.hops.map((h) => h.node),
  };
}

/** Traces `flow` in both versions; `direction` says which outcome confirms the change. */
export function traceWitness(before: Topology, after: Topology, flow: Flow, startKey: string, destination: string, direction: 'new' | 'removed'): ChangeWitness {
  const b = tracesIn(before, flow);
  const a = tracesIn(after, flow);
  const bt = 'traces' in b ? shownTrace(b.traces, destination) : undefined;
  const at = 'traces' in a ? shownTrace(a.traces, destination) : undefined;
  const beforeSide = witnessSide(b, destination, at);
  const afterSide = witnessSide(a, destination, bt);
  const confirmed = direction === 'new' ? afterSide.reaches && !beforeSide.reaches : beforeSide.reaches && !afterSide.reaches;
  const via = flow.start.type === 'node' ? flow.start.via : undefined;
  const startNode = flow.start.type === 'node' ? (after.nodes.get(flow.start.node) ?? before.nodes.get(flow.start.node)) : undefined;
  const spoofed = startNode !== undefined && !addressSetContains(nodeAddresses(startNode), flow.header.src);
  return {
    start: startKey,
    startKind: flow.start.type,
    via,
    spoofed,
    header: flow.header,
    text: formatHeader(flow.header),
    before: beforeSide,
    after: afterSide,
    confirmed,
  };
}

/** `file:line` of a deciding rule, or its description. */
export function decidingText(d: DecidingRule | undefined): string {
  if (!d) return 'no rule decided';
  return `${d.description} at ${d.node}${d.location ? ` (${d.location})` : ''}`;
}
