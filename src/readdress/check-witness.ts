/**
 * A witness for one difference of `readdress check`: one concrete flow traced with the simulator in the
 * original and, renamed through the plan, in the renumbered network, with the rule that decided it on each
 * side (diff/witness.ts's deciding rule: where it is dropped, the dropping rule; where it gets through, the
 * rule or route at the first hop where the two paths differ, comparing the paths with addresses renamed).
 */
import { isReached } from '../engine/disposition.js';
import type { Flow, FlowStart } from '../engine/flow.js';
import { formatHeader } from '../engine/render.js';
import { traceFlow } from '../engine/simulate.js';
import type { Trace } from '../engine/trace.js';
import type { PacketHeader } from '../net/header.js';
import { formatIpv4, parseIpv4 } from '../net/ipv4.js';
import type { Topology } from '../topology/model.js';
import type { WitnessSide } from '../diff/report.js';
import { decidingRuleOf, forwardingOf } from '../diff/witness.js';
import { applyPieces, type AddressPieces } from './header-map-pieces.js';

export interface ReaddressWitness {
  /** The start as the original names it: a node, `node>router` when the attacker chose the next hop, or a segment. */
  readonly start: string;
  readonly via?: string | undefined;
  /** The flow in the original, and renamed through the plan. */
  readonly original: { readonly text: string; readonly header: PacketHeader; readonly side: WitnessSide };
  readonly renumbered: { readonly text: string; readonly header: PacketHeader; readonly side: WitnessSide };
  /** True when the simulator agrees: the side the difference says reaches does, the other does not. */
  readonly confirmed: boolean;
}

/** The header with both addresses moved through `pieces` (an address outside its domain stays as it is). */
export function mapHeader(header: PacketHeader, pieces: AddressPieces): PacketHeader {
  return { ...header, src: applyPieces(pieces, header.src) ?? header.src, dst: applyPieces(pieces, header.dst) ?? header.dst };
}

function traces(topology: Topology, flow: Flow): { traces: Trace[] } | { error: string } {
  const start = flow.start;
  if (start.type === 'segment' ? !topology.segments.has(start.segment) : !topology.nodes.has(start.node)) {
    return { error: `${start.type === 'segment' ? `segment ${start.segment}` : start.node} does not exist in this version` };
  }
  try {
    return { traces: traceFlow(topology, flow, { forwarding: forwardingOf(topology) }) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** The trace to show: the first that reaches the destination, else the first. */
function shown(list: readonly Trace[], destination: string): Trace | undefined {
  return list.find((t) => isReached(t.disposition) && t.at === destination) ?? list[0];
}

/** `trace` as the other version would write it: route prefixes and next hops renamed, so equal hops compare equal. */
function renamedTrace(trace: Trace | undefined, pieces: AddressPieces): Trace | undefined {
  if (!trace) return undefined;
  const ip = (a: number) => applyPieces(pieces, a) ?? a;
  const hops = trace.hops.map((h) => ({
    ...h,
    routes: h.routes.map((r) => ({
      ...r,
      prefix: { network: ip(r.prefix.network), length: r.prefix.length },
      target: r.target.replace(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g, (text) => {
        const parsed = parseIpv4(text);
        return parsed === undefined ? text : formatIpv4(ip(parsed));
      }),
    })),
  }));
  return { ...trace, hops };
}

function side(result: { traces: Trace[] } | { error: string }, destination: string, other: Trace | undefined): WitnessSide {
  if ('error' in result) return { sent: false, reaches: false, reason: result.error, path: [] };
  const t = shown(result.traces, destination);
  if (!t) return { sent: true, reaches: false, reason: 'no trace', path: [] };
  return {
    sent: true,
    disposition: t.disposition,
    at: t.at,
    reason: t.reason,
    reaches: result.traces.some((x) => isReached(x.disposition) && x.at === destination),
    decidingRule: decidingRuleOf(t, other),
    path: t.hops.map((h) => h.node),
  };
}

/**
 * Traces `flow` (in the original's addresses, started as the original names it) in the original and, with
 * addresses moved through `forward` and the start renamed, in the renumbered network. `reachedIn` is the
 * version the difference says the destination is reached in.
 */
export function traceBothVersions(
  original: Topology,
  renumbered: Topology,
  flow: Flow,
  startKey: string,
  destination: string,
  maps: { readonly forward: AddressPieces; readonly inverse: AddressPieces; readonly segment: (name: string) => string },
  reachedIn: 'original' | 'renumbered',
): ReaddressWitness {
  const start: FlowStart = flow.start.type === 'segment' ? { type: 'segment', segment: maps.segment(flow.start.segment) } : flow.start;
  const renamed: Flow = { ...flow, header: mapHeader(flow.header, maps.forward), start };
  const o = traces(original, flow);
  const r = traces(renumbered, renamed);
  const ot = 'traces' in o ? shown(o.traces, destination) : undefined;
  const rt = 'traces' in r ? shown(r.traces, destination) : undefined;
  const originalSide = side(o, destination, renamedTrace(rt, maps.inverse));
  const renumberedSide = side(r, destination, renamedTrace(ot, maps.forward));
  const confirmed = reachedIn === 'original' ? originalSide.reaches && !renumberedSide.reaches : renumberedSide.reaches && !originalSide.reaches;
  return {
    start: startKey,
    via: flow.start.type === 'node' ? flow.start.via : undefined,
    original: { text: formatHeader(flow.header), header: flow.header, side: originalSide },
    renumbered: { text: formatHeader(renamed.header), header: renamed.header, side: renumberedSide },
    confirmed,
  };
}
