/**
 * `segproof readdress check`: proves that a renumbered network behaves as the original renamed through
 * the plan's address function, or lists every difference with a witness.
 *
 * Reach, exactly: for every source of the original (diff/sources.ts: hosts, pools, external networks,
 * gateways and every segment's unnamed host, sending as ARCHITECTURE.md's attacker) and every destination,
 * the injected headers delivered in the original, with source and destination addresses renamed
 * (header-map.ts), must equal those the same source (by name; a renamed segment by its new name) delivers
 * in the renumbered network. The comparison covers every address the plan maps one-to-one; what it leaves
 * out (new homes unused before the plan, old homes unused after it) is listed in the report.
 * Information flow: the same edges (by node names and channels) in both flow graphs.
 * Every difference comes with one concrete flow traced in both versions (check-witness.ts). A difference
 * whose source or destination lies in a re-designated segment, or is a relocated node, is expected by the
 * plan (a behaviour change by intent) and is reported apart from unexplained ones; so are the headers of
 * any other difference that come from or go to those segments' or nodes' addresses.
 */
import { isGatewayKind } from '../engine/kinds.js';
import type { Flow } from '../engine/flow.js';
import { buildFlowGraph, type FlowEdge, type FlowGraph } from '../flowgraph/graph.js';
import { addressSetFromRanges, type AddressSet } from '../net/address-set.js';
import { formatIpv4, prefixFirst, prefixLast } from '../net/ipv4.js';
import { addressSetField } from '../symbolic/acl-set.js';
import { HeaderSet } from '../symbolic/header-set.js';
import { parseStartKey } from '../symbolic/reachability.js';
import type { Topology } from '../topology/model.js';
import { nodeAddresses } from '../verify/endpoints.js';
import { describeHeaders, readableBoxes } from '../diff/format.js';
import type { DecidingRule, EndpointKind } from '../diff/report.js';
import { diffSources, sourceReach, type DiffSource, type SourceReach } from '../diff/sources.js';
import { pickWitnessFlow } from '../diff/witness.js';
import { applyPieces, comparisonMap, planFunction, type AddressPieces, type AddressRanges, type ComparisonMap } from './header-map-pieces.js';
import { mapHeaderSet, restrictToDomain } from './header-map.js';
import type { ReaddressPlan } from './plan.js';
import { traceBothVersions, type ReaddressWitness } from './check-witness.js';
import { groupedReach, type ReachHeaders } from './grouped-reach.js';

export const READDRESS_CHECK_VERSION = 1;

/** Why the plan explains a difference (undefined: it does not). */
export type Explanation = string | undefined;

/** Headers one source reaches at one destination in one version only (addresses as the renumbered network has them). */
export interface ReachDifference {
  /** `original`: reached in the original (renamed) and not in the renumbered network; `renumbered`: the reverse. */
  readonly reachedIn: 'original' | 'renumbered';
  readonly source: string;
  readonly sourceKind: EndpointKind;
  readonly destination: string;
  /** The headers, as ranges (renumbered addresses), one box per line. */
  readonly headers: string;
  readonly size: number;
  readonly truncated: boolean;
  readonly expected?: Explanation;
  readonly witness?: ReaddressWitness | undefined;
}

/** An information-flow edge in one version only. */
export interface FlowEdgeDifference {
  readonly in: 'original' | 'renumbered';
  readonly from: string;
  readonly to: string;
  readonly channel: string;
  readonly toward: string;
  readonly reply: boolean;
  readonly because: string;
  readonly expected?: Explanation;
  readonly witness?: ReaddressWitness | undefined;
}

/** A source of one version that the other does not have (by name, segments renamed). */
export interface MissingSource {
  readonly in: 'original' | 'renumbered';
  readonly source: string;
  readonly expected?: Explanation;
}

export interface ReaddressCheckReport {
  readonly version: typeof READDRESS_CHECK_VERSION;
  readonly original: { readonly file: string; readonly name: string };
  readonly renumbered: { readonly file: string; readonly name: string };
  readonly plan: { readonly file: string; readonly name: string; readonly steps: readonly string[] };
  /** Address ranges outside the one-to-one part of the plan's function, per side (`a.b.c.d-e.f.g.h`). */
  readonly notCompared: { readonly original: readonly string[]; readonly renumbered: readonly string[] };
  readonly sourcesCompared: number;
  readonly reach: readonly ReachDifference[];
  readonly flowEdges: readonly FlowEdgeDifference[];
  readonly missingSources: readonly MissingSource[];
  /** Differences the plan does not explain / does explain. */
  readonly unexplained: number;
  readonly expected: number;
  /** Parts not computed, in words (absent: complete). */
  readonly partial?: readonly string[] | undefined;
  readonly stats: { readonly durationMs: number; readonly phasesMs: { readonly reach: number; readonly flow: number; readonly witnesses: number } };
}

export interface CheckInput {
  readonly original: Topology;
  readonly originalFile: string;
  readonly renumbered: Topology;
  readonly renumberedFile: string;
  readonly plan: ReaddressPlan;
  /** Check steps 0..upToStep (inclusive); every step when omitted. */
  readonly upToStep?: number | undefined;
  /** How a file of the renumbered version is shown in locations (e.g. a temporary folder's file as the original's). */
  readonly relabelRenumbered?: ((file: string) => string) | undefined;
  /** Compare information-flow graphs (default true). */
  readonly flow?: boolean | undefined;
  /** Trace a witness per difference (default true). */
  readonly witnesses?: boolean | undefined;
  /**
   * One symbolic run per source and version (the slow twin). By default alike hosts share one run
   * (grouped-reach.ts) and only a source found to differ is run on its own, for the report.
   */
  readonly exhaustive?: boolean | undefined;
}

/** What the plan does to names: segments renamed, and the segments and nodes whose changes are by intent. */
export interface PlanNames {
  /** Original segment name → its name after the plan. */
  readonly segment: (name: string) => string;
  /** Renumbered segment name → its original name. */
  readonly segmentBack: (name: string) => string;
  /** Segments re-designated (by their original and their renumbered names) → the step. */
  readonly redesignated: ReadonlyMap<string, string>;
  /** Relocated nodes → the step. */
  readonly relocated: ReadonlyMap<string, string>;
}

export function planNames(plan: ReaddressPlan, original: Topology, upToStep?: number): PlanNames {
  const last = Math.min(upToStep ?? plan.steps.length - 1, plan.steps.length - 1);
  // Original name → name as of the step being read (a step names segments as the steps before left them).
  const current = new Map([...original.segments.keys()].map((s) => [s, s]));
  const redesignatedAt: { name: string; step: string }[] = [];
  const relocated = new Map<string, string>();
  for (let k = 0; k <= last; k++) {
    const step = plan.steps[k] as ReaddressPlan['steps'][number];
    const names = new Set(current.values());
    for (const r of step.redesignations) redesignatedAt.push({ name: r.segment, step: step.name });
    for (const r of step.relocations) relocated.set(r.node, step.name);
    // A segment whose addresses land in a segment that does not exist yet takes that name (plan-check.ts stepFate).
    const renamed = new Map<string, string>();
    for (const m of step.mappings) {
      if (m.segment !== undefined && m.toSegment !== undefined && m.toSegment !== m.segment && !names.has(m.toSegment)) renamed.set(m.segment, m.toSegment);
    }
    for (const [o, c] of current) {
      const next = renamed.get(c);
      if (next !== undefined) current.set(o, next);
    }
  }
  const back = new Map([...current].map(([o, c]) => [c, o]));
  const redesignated = new Map<string, string>();
  for (const { name, step } of redesignatedAt) {
    redesignated.set(name, step);
    const orig = [...current.keys()].find((o) => o === name) ?? back.get(name);
    if (orig !== undefined) {
      redesignated.set(orig, step);
      redesignated.set(current.get(orig) as string, step);
    }
  }
  return { segment: (s) => current.get(s) ?? s, segmentBack: (s) => back.get(s) ?? s, redesignated, relocated };
}

/** Why the plan explains a change at `name` (a node or `segment:NAME`), looked up in both versions. */
function explanationFor(names: PlanNames, original: Topology, renumbered: Topology, name: string): Explanation {
  if (name.startsWith('segment:')) {
    const segment = name.slice('segment:'.length);
    const step = names.redesignated.get(segment);
    return step === undefined ? undefined : `segment ${segment} is re-designated by step ${step}`;
  }
  const step = names.relocated.get(name);
  if (step !== undefined) return `${name} is relocated by step ${step}`;
  for (const t of [original, renumbered]) {
    for (const i of t.nodes.get(name)?.interfaces.values() ?? []) {
      const s = names.redesignated.get(i.segment);
      if (s !== undefined) return `${name} is on segment ${i.segment}, re-designated by step ${s}`;
    }
  }
  return undefined;
}

function explain(names: PlanNames, original: Topology, renumbered: Topology, source: string, destination: string | undefined): Explanation {
  const e = explanationFor(names, original, renumbered, source);
  if (e !== undefined) return `source ${e}`;
  const d = destination === undefined ? undefined : explanationFor(names, original, renumbered, destination);
  return d === undefined ? undefined : `destination ${d}`;
}

/**
 * Headers from or to an address the plan changes by intent, as the renumbered network has them: the
 * prefixes of re-designated segments and every address of a relocated node.
 */
function intendedHeaders(names: PlanNames, renumbered: Topology): { headers: HeaderSet; reason: string } {
  const { addresses, what } = intendedAddresses(names, renumbered);
  if (addresses.ranges.length === 0) return { headers: HeaderSet.EMPTY, reason: '' };
  return {
    headers: addressSetField('src', addresses).union(addressSetField('dst', addresses)),
    reason: `headers from or to the addresses of ${what.join(', ')}`,
  };
}

/** The addresses, in `topology` (either version), of re-designated segments and relocated nodes, and their names in words. */
export function intendedAddresses(names: PlanNames, topology: Topology): { addresses: AddressSet; what: string[] } {
  const ranges: [number, number][] = [];
  const what: string[] = [];
  for (const [segment, step] of names.redesignated) {
    const s = topology.segments.get(segment);
    if (!s) continue;
    ranges.push([prefixFirst(s.prefix), prefixLast(s.prefix)]);
    what.push(`segment ${segment} (re-designated by step ${step})`);
  }
  for (const [node, step] of names.relocated) {
    const n = topology.nodes.get(node);
    if (!n) continue;
    for (const [lo, hi] of nodeAddresses(n).ranges) ranges.push([lo, hi]);
    what.push(`${node} (relocated by step ${step})`);
  }
  return { addresses: addressSetFromRanges(ranges), what: [...new Set(what)] };
}

function rangesText(ranges: AddressRanges): string[] {
  return ranges.map(([a, b]) => (a === b ? formatIpv4(a) : `${formatIpv4(a)}-${formatIpv4(b)}`));
}

function sourceLabel(source: DiffSource): string {
  return source.kind === 'segment' ? `segment:${source.name}` : source.name;
}

/** The renumbered side's deciding rule with its file shown as `relabel` says. */
function relabelWitness(w: ReaddressWitness, relabel: ((file: string) => string) | undefined): ReaddressWitness {
  const rule = w.renumbered.side.decidingRule;
  if (!relabel || !rule?.file) return w;
  const file = relabel(rule.file);
  const decidingRule: DecidingRule = { ...rule, file, location: `${file}:${rule.line}` };
  return { ...w, renumbered: { ...w.renumbered, side: { ...w.renumbered.side, decidingRule } } };
}

function edgeKey(e: FlowEdge): string {
  return JSON.stringify([e.from, e.to, e.channel, e.toward, e.reply, e.forged ?? false]);
}

export function checkReaddress(input: CheckInput): ReaddressCheckReport {
  const t0 = performance.now();
  const { original, renumbered, plan } = input;
  const fn = planFunction(plan, original, input.upToStep);
  const map: ComparisonMap = comparisonMap(fn.pieces, fn.claimed);
  const names = planNames(plan, original, input.upToStep);
  const maps = { forward: map.forward, inverse: map.inverse, segment: names.segment };
  const intended = intendedHeaders(names, renumbered);
  const partial: string[] = [];
  const wantWitness = input.witnesses !== false;
  const phases = { reach: 0, flow: 0, witnesses: 0 };

  // --- reach, per source ---
  const originalSources = diffSources(original);
  const renumberedSources = new Map(diffSources(renumbered).map((s) => [s.key, s]));
  const paired = new Set<string>();
  const missingSources: MissingSource[] = [];
  const reach: ReachDifference[] = [];
  let compared = 0;
  const run = (t: Topology, s: DiffSource, label: string): SourceReach | undefined => {
    try {
      return sourceReach(t, s);
    } catch (error) {
      partial.push(`${label}: reach of ${s.name} not computed (${error instanceof Error ? error.message : String(error)})`);
      return undefined;
    }
  };
  // Fast pass: every source's reach with group runs; a source whose reach compares equal is done, any other
  // (or one whose group run failed) is run on its own below, so what is reported is the twin's.
  let fastOriginal: Map<string, ReachHeaders> | undefined;
  let fastRenumbered: Map<string, ReachHeaders> | undefined;
  if (input.exhaustive !== true) {
    const mark = performance.now();
    const ignore = () => undefined;
    fastOriginal = groupedReach(original, originalSources, ignore);
    fastRenumbered = groupedReach(renumbered, [...renumberedSources.values()], ignore);
    phases.reach += performance.now() - mark;
  }
  for (const so of originalSources) {
    const key = so.kind === 'segment' ? `segment:${names.segment(so.name)}` : so.key;
    const sr = renumberedSources.get(key);
    if (!sr) {
      missingSources.push({ in: 'original', source: sourceLabel(so), expected: explain(names, original, renumbered, sourceLabel(so), undefined) });
      continue;
    }
    paired.add(key);
    let mark = performance.now();
    const ho = fastOriginal?.get(so.key);
    const hr = fastRenumbered?.get(sr.key);
    const same = ho !== undefined && hr !== undefined && sameReach(ho, hr, map);
    phases.reach += performance.now() - mark;
    if (same) {
      compared++;
      continue;
    }
    mark = performance.now();
    const ro = run(original, so, 'original');
    const rr = run(renumbered, sr, 'renumbered');
    phases.reach += performance.now() - mark;
    if (!ro || !rr) continue;
    compared++;
    for (const dest of [...new Set([...ro.arrivals.keys(), ...rr.arrivals.keys()])].sort()) {
      mark = performance.now();
      const ao = ro.arrivals.get(dest);
      const ar = rr.arrivals.get(dest);
      const mapped = ao ? mapHeaderSet(ao.headers, map.forward) : HeaderSet.EMPTY;
      const actual = ar ? restrictToDomain(ar.headers, map.inverse) : HeaderSet.EMPTY;
      phases.reach += performance.now() - mark;
      if (mapped.equals(actual)) continue;
      mark = performance.now();
      const byName = explain(names, original, renumbered, sourceLabel(so), dest);
      const parts: ['original' | 'renumbered', HeaderSet, Explanation][] = [];
      for (const [reachedIn, diff] of [['original', mapped.minus(actual)], ['renumbered', actual.minus(mapped)]] as const) {
        // Headers to or from the addresses the plan moves by intent are expected wherever they arrive.
        const byAddress = byName === undefined ? diff.intersect(intended.headers) : HeaderSet.EMPTY;
        parts.push([reachedIn, diff.minus(byAddress), byName], [reachedIn, byAddress, intended.reason]);
      }
      for (const [reachedIn, set, expected] of parts) {
        if (set.isEmpty()) continue;
        let witness: ReaddressWitness | undefined;
        if (wantWitness) {
          // Picked where the difference is reached, as that version writes its addresses, then traced in both.
          const picked =
            reachedIn === 'original'
              ? ao && pickWitnessFlow(original, so, dest, mapHeaderSet(set, map.inverse).intersect(ao.headers), ao.origins)
              : ar && pickWitnessFlow(renumbered, sr, dest, set, ar.origins);
          if (picked) {
            const flow: Flow =
              reachedIn === 'original'
                ? picked.flow
                : {
                    ...picked.flow,
                    header: { ...picked.flow.header, src: mapOr(map.inverse, picked.flow.header.src), dst: mapOr(map.inverse, picked.flow.header.dst) },
                    start: picked.flow.start.type === 'segment' ? { type: 'segment', segment: names.segmentBack(picked.flow.start.segment) } : picked.flow.start,
                  };
            const startKey = picked.flow.start.type === 'segment' ? names.segmentBack(picked.startKey) : picked.startKey;
            witness = relabelWitness(traceBothVersions(original, renumbered, flow, startKey, dest, maps, reachedIn), input.relabelRenumbered);
          }
        }
        reach.push({
          reachedIn,
          source: sourceLabel(so),
          sourceKind: so.kind,
          destination: dest,
          headers: describeHeaders(set, 10),
          size: set.size(),
          truncated: readableBoxes(set, 10).truncated,
          expected,
          witness,
        });
      }
      phases.witnesses += performance.now() - mark;
    }
  }
  for (const [key, sr] of renumberedSources) {
    if (paired.has(key)) continue;
    const label = sourceLabel(sr);
    missingSources.push({ in: 'renumbered', source: label, expected: explain(names, original, renumbered, label, undefined) });
  }

  // --- information flow ---
  const flowEdges: FlowEdgeDifference[] = [];
  if (input.flow !== false) {
    const mark = performance.now();
    let fo: FlowGraph | undefined;
    let fr: FlowGraph | undefined;
    try {
      fo = buildFlowGraph(original);
      fr = buildFlowGraph(renumbered);
    } catch (error) {
      partial.push(`information flow not compared (${error instanceof Error ? error.message : String(error)})`);
    }
    phases.flow += performance.now() - mark;
    if (fo && fr) {
      const mark2 = performance.now();
      const ko = new Map(fo.edges.map((e) => [edgeKey(e), e]));
      const kr = new Map(fr.edges.map((e) => [edgeKey(e), e]));
      for (const [side, mine, theirs] of [['original', ko, kr], ['renumbered', kr, ko]] as const) {
        for (const [key, e] of mine) {
          if (theirs.has(key)) continue;
          flowEdges.push({
            in: side,
            from: e.from,
            to: e.to,
            channel: e.channel,
            toward: e.toward,
            reply: e.reply,
            because: e.because,
            expected: explain(names, original, renumbered, e.from, e.to),
            witness: wantWitness ? edgeWitness(input, e, side, maps) : undefined,
          });
        }
      }
      phases.witnesses += performance.now() - mark2;
    }
  }

  const sortKey = (d: ReachDifference) => `${d.expected === undefined ? 0 : 1}\u0000${d.source}\u0000${d.destination}\u0000${d.reachedIn}`;
  reach.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
  flowEdges.sort((a, b) => Number(a.expected !== undefined) - Number(b.expected !== undefined) || (edgeKeyText(a) < edgeKeyText(b) ? -1 : 1));
  const all = [...reach, ...flowEdges, ...missingSources];
  const unconfirmed = [...reach, ...flowEdges].filter((d) => d.witness && !d.witness.confirmed && 'reachedIn' in d).length;
  if (unconfirmed > 0) partial.push(`${unconfirmed} witness${unconfirmed === 1 ? '' : 'es'} not confirmed by the simulator (an engine disagreement; please report it)`);
  const last = Math.min(input.upToStep ?? plan.steps.length - 1, plan.steps.length - 1);
  return {
    version: READDRESS_CHECK_VERSION,
    original: { file: input.originalFile, name: original.name },
    renumbered: { file: input.renumberedFile, name: renumbered.name },
    plan: { file: plan.file, name: plan.name, steps: plan.steps.slice(0, last + 1).map((s) => s.name) },
    notCompared: { original: rangesText(map.leftOutOriginal), renumbered: rangesText(map.leftOutRenumbered) },
    sourcesCompared: compared,
    reach,
    flowEdges,
    missingSources,
    unexplained: all.filter((d) => d.expected === undefined).length,
    expected: all.filter((d) => d.expected !== undefined).length,
    ...(partial.length ? { partial } : {}),
    stats: { durationMs: performance.now() - t0, phasesMs: phases },
  };
}

/**
 * Whether one source's reach in the original, renamed, equals its reach in the renumbered network on every
 * destination. Exact: the renamed set lies inside the inverse's domain by construction, so when it equals
 * the renumbered set as it is, it equals that set restricted to the domain too.
 */
function sameReach(ho: ReachHeaders, hr: ReachHeaders, map: ComparisonMap): boolean {
  for (const dest of new Set([...ho.keys(), ...hr.keys()])) {
    const ao = ho.get(dest);
    const ar = hr.get(dest);
    const mapped = ao ? mapHeaderSet(ao, map.forward) : HeaderSet.EMPTY;
    const actual = ar ?? HeaderSet.EMPTY;
    if (mapped.equals(actual)) continue;
    if (!mapped.equals(restrictToDomain(actual, map.inverse))) return false;
  }
  return true;
}

function edgeKeyText(e: FlowEdgeDifference): string {
  return `${e.from}\u0000${e.to}\u0000${e.channel}\u0000${e.in}`;
}

/** An address moved through `pieces`, or as it is outside their domain. */
function mapOr(pieces: AddressPieces, ip: number): number {
  return applyPieces(pieces, ip) ?? ip;
}

/** The packet that realises a flow edge, picked in the version that has the edge and traced in both. */
function edgeWitness(
  input: CheckInput,
  e: FlowEdge,
  side: 'original' | 'renumbered',
  maps: { forward: AddressPieces; inverse: AddressPieces; segment: (name: string) => string },
): ReaddressWitness | undefined {
  const version = side === 'original' ? input.original : input.renumbered;
  const { node, via } = parseStartKey(e.leg.start);
  const sender = version.nodes.get(node);
  const target = version.nodes.get(e.leg.target);
  if (!sender || !target) return undefined;
  const ranges = (n: typeof sender) => nodeAddresses(n).ranges.map(([lo, hi]) => [lo, hi] as const);
  const set = side === 'original' ? e.leg.headers : restrictToDomain(e.leg.headers, maps.inverse);
  const header = set.pick({ src: isGatewayKind(sender) || sender.kind === 'host' ? ranges(sender) : [], dst: ranges(target) });
  if (!header) return undefined;
  const inOriginal = side === 'original' ? header : { ...header, src: mapOr(maps.inverse, header.src), dst: mapOr(maps.inverse, header.dst) };
  const flow: Flow = { header: inOriginal, start: { type: 'node', node, via } };
  const w = traceBothVersions(input.original, input.renumbered, flow, e.leg.start, e.leg.target, maps, side);
  return relabelWitness(w, input.relabelRenumbered);
}
