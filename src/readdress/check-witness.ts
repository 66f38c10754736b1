/**
 * A witness for one difference of `readdress check`: one concrete flow traced with the simulator in the
 * original and, renamed through the plan, in the renumbered network, with the rule that decided it on each
 * side (diff/witness.ts's deciding rule: where it is dropped, the dropping rule; where it gets through, the
 * rule or route at the first hop where the two paths differ, comparing the paths with addresses renamed;
 * before either, a NAT rule that translates otherwise than the other version's on the shared path).
 */
import type { Flow, FlowStart } from '../engine/flow.js';
import { formatHeader } from '../engine/render.js';
import type { Hop, Trace } from '../engine/trace.js';
import { escapeControl } from '../diagnostics/escape.js';
import type { PacketHeader } from '../net/header.js';
import { formatIpv4, parseIpv4 } from '../net/ipv4.js';
import type { Topology } from '../topology/model.js';
import type { DecidingRule, WitnessSide } from '../diff/report.js';
import { decidingRuleOf, shownTrace, tracesIn, witnessSide } from '../diff/witness.js';
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

/** An address the plan does not map one-to-one: equal to nothing the other version writes. */
const UNMAPPED = -1;

/**
 * `trace` as the other version would write it: route prefixes, next hops and translations renamed, so
 * equal hops compare equal (an address outside the map compares equal to nothing).
 */
function renamedTrace(trace: Trace | undefined, pieces: AddressPieces): Trace | undefined {
  if (!trace) return undefined;
  const ip = (a: number) => applyPieces(pieces, a) ?? UNMAPPED;
  const end = (e: { ip: number; port: number }) => ({ ip: ip(e.ip), port: e.port });
  const hops = trace.hops.map((h) => ({
    ...h,
    nat: h.nat.map((n) => ({ ...n, before: end(n.before), after: end(n.after) })),
    routes: h.routes.map((r) => ({
      ...r,
      prefix: { network: ip(r.prefix.network), length: r.prefix.length },
      target: r.target.replace(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g, (text) => {
        const parsed = parseIpv4(text);
        const mapped = parsed === undefined ? UNMAPPED : ip(parsed);
        return mapped === UNMAPPED ? `${text} (unmapped)` : formatIpv4(mapped);
      }),
    })),
  }));
  return { ...trace, hops };
}

/**
 * A translation that differs from the other version's at a hop both paths reach the same way so far: the
 * first cause when an address left behind in a NAT rule sends the packet elsewhere.
 */
function translationDecision(trace: Trace, other: Trace | undefined): DecidingRule | undefined {
  if (!other) return undefined;
  for (let i = 0; i < trace.hops.length; i++) {
    const mine = trace.hops[i] as Hop;
    const theirs = other.hops[i];
    if (!theirs || theirs.node !== mine.node) return undefined;
    const changed = mine.nat.find((n) => !theirs.nat.some((m) => m.rule === n.rule && m.type === n.type && m.after.ip === n.after.ip && m.after.port === n.after.port));
    if (changed) {
      const loc = changed.location;
      return {
        node: mine.node,
        policy: `nat of ${mine.node}`,
        rule: changed.rule,
        description: `${changed.type} NAT rule ${changed.rule} translates ${formatIpv4(changed.before.ip)}:${changed.before.port} to ${formatIpv4(changed.after.ip)}:${changed.after.port}`,
        ...(loc ? { location: `${escapeControl(loc.file)}:${loc.line}`, file: loc.file, line: loc.line } : {}),
      };
    }
  }
  return undefined;
}

/** diff's deciding rule, preceded by a translation that differs from the other version's. */
function decide(trace: Trace, other: Trace | undefined): DecidingRule | undefined {
  return translationDecision(trace, other) ?? decidingRuleOf(trace, other);
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
  const o = tracesIn(original, flow);
  const r = tracesIn(renumbered, renamed);
  const ot = 'traces' in o ? shownTrace(o.traces, destination) : undefined;
  const rt = 'traces' in r ? shownTrace(r.traces, destination) : undefined;
  const originalSide = witnessSide(o, destination, renamedTrace(rt, maps.inverse), decide);
  const renumberedSide = witnessSide(r, destination, renamedTrace(ot, maps.forward), decide);
  const confirmed = reachedIn === 'original' ? originalSide.reaches && !renumberedSide.reaches : renumberedSide.reaches && !originalSide.reaches;
  return {
    start: startKey,
    via: flow.start.type === 'node' ? flow.start.via : undefined,
    original: { text: formatHeader(flow.header), header: flow.header, side: originalSide },
    renumbered: { text: formatHeader(renamed.header), header: renamed.header, side: renumberedSide },
    confirmed,
  };
}
