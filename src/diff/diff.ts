/**
 * `segproof diff <before> <after>`: exact differential reachability between two versions of a topology.
 *
 * For every source of either version (sources.ts: hosts, pools, external networks, gateways and the unnamed
 * host of every segment, sending as the attacker would) and every destination, the injected headers that
 * reach it in one version and not the other, each change with one witness flow traced in both versions and
 * the rule that decided it in each (witness.ts). Then the information-flow chains across gateways that
 * appear or disappear (flow-delta.ts), every invariant and scenario property whose status changes, and the
 * rules whose effective match set changed (src/lint/acl-changes.ts).
 *
 * All symbolic runs go through a ReachCache (cache.ts): the second version reuses every run of the first
 * that the change provably cannot affect, and whole verification reports likewise.
 */
import { aclChanges } from '../lint/acl-changes.js';
import { escapeControl } from '../diagnostics/escape.js';
import { buildFlowGraph, type FlowGraph } from '../flowgraph/graph.js';
import { HeaderSet } from '../symbolic/header-set.js';
import { withReachabilityMemo } from '../symbolic/reachability.js';
import type { Topology, TopologyNode, ZoneClass } from '../topology/model.js';
import { VerifyContext } from '../verify/context.js';
import type { CheckResult, VerifyReport } from '../verify/result.js';
import type { Scenario } from '../verify/scenario/model.js';
import { verifyTopology } from '../verify/verify.js';
import { ReachCache } from './cache.js';
import { aclContentKey } from './fingerprint.js';
import { flowDelta } from './flow-delta.js';
import { describeHeaders, readableBoxes } from './format.js';
import {
  CRITICAL_CLASSES,
  DIFF_REPORT_VERSION,
  type ChangeWitness,
  type DiffReport,
  type DiffSide,
  type EndpointKind,
  type ReachChange,
  type RuleChange,
  type StatusChange,
} from './report.js';
import { diffSources, endpointKind, nodeClasses, segmentClasses, sourceReach, type DiffSource, type SourceArrival, type SourceReach } from './sources.js';
import { pickWitnessFlow, traceWitness } from './witness.js';

/** One version: the loaded topology, the file it came from, and the scenario to verify it with. */
export interface DiffInput {
  readonly topology: Topology;
  readonly file: string;
  readonly scenario?: Scenario | undefined;
}

export interface DiffOptions {
  /** The cache to use (and fill); default a fresh one. Pass the same cache to later diffs to reuse work. */
  readonly cache?: ReachCache | undefined;
  /** Compare invariant and property statuses (two verifications, reused where provable). Default true. */
  readonly statuses?: boolean | undefined;
  /** Compare information-flow chains. Default true. */
  readonly flow?: boolean | undefined;
  /** Trace one witness per change in both versions. Default true. */
  readonly witnesses?: boolean | undefined;
  /** Boxes listed per change's header summary (default 20). */
  readonly summaryLimit?: number | undefined;
  /** Work items per symbolic run before it gives up (default: the engine's). */
  readonly maxSteps?: number | undefined;
  /** Notes to carry into `partial` (e.g. a scenario that did not resolve against one version). */
  readonly notes?: readonly string[] | undefined;
}

const CLASS_ORDER: readonly ZoneClass[] = ['MN', 'MN_GC', 'LG', 'LGWAN', 'INET', 'INTERNET', 'JUKI', 'GOVCLOUD', 'GOVNW', 'SECCLOUD', 'GSS', 'SAAS', 'TRANSIT'];

function classRank(classes: readonly ZoneClass[]): number {
  return Math.min(...classes.map((c) => CLASS_ORDER.indexOf(c)).filter((i) => i >= 0), CLASS_ORDER.length);
}

export function classPairText(from: readonly ZoneClass[], to: readonly ZoneClass[]): string {
  const text = (c: readonly ZoneClass[]) => (c.length ? c.join('+') : '(none)');
  return `${text(from)}>${text(to)}`;
}

function compareChanges(a: ReachChange, b: ReachChange): number {
  const s = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return (
    Number(b.critical) - Number(a.critical) ||
    Math.min(classRank(a.sourceClass), classRank(a.destinationClass)) - Math.min(classRank(b.sourceClass), classRank(b.destinationClass)) ||
    s(a.classPair, b.classPair) ||
    s(a.source, b.source) ||
    s(a.sourceKind, b.sourceKind) ||
    s(a.destination, b.destination) ||
    (a.direction === b.direction ? 0 : a.direction === 'new' ? -1 : 1)
  );
}

function sourceClasses(topology: Topology, source: DiffSource): ZoneClass[] {
  if (source.kind === 'segment') return segmentClasses(topology, source.name);
  const node = topology.nodes.get(source.name);
  return node ? nodeClasses(topology, node) : [];
}

function destination(topology: Topology, name: string): { kind: EndpointKind; classes: ZoneClass[] } {
  const node = topology.nodes.get(name) as TopologyNode | undefined;
  return node ? { kind: endpointKind(node), classes: nodeClasses(topology, node) } : { kind: 'host', classes: [] };
}

function isCritical(...classes: (readonly ZoneClass[])[]): boolean {
  return classes.some((c) => c.some((x) => CRITICAL_CLASSES.includes(x)));
}

interface Verified {
  readonly report: VerifyReport;
  readonly flow: FlowGraph | undefined;
  readonly reused: boolean;
}

function verifyVersion(cache: ReachCache, input: DiffInput, wantFlow: boolean): Verified {
  const { report, reused } = cache.verification(input.topology, scenarioKeyOf(input.scenario), () => {
    const context = new VerifyContext(input.topology, input.scenario?.exceptions ?? []);
    const r = verifyTopology(input.topology, { topologyFile: input.file, scenario: input.scenario, context });
    // The flow graph is part of what the cached report stands for: build it inside the tracked run.
    const flow = wantFlow ? context.flowGraph : undefined;
    return { report: r, flow };
  });
  return { report: report.report, flow: report.flow, reused };
}

const scenarioKeys = new WeakMap<Scenario, string>();
function scenarioKeyOf(scenario: Scenario | undefined): string {
  if (!scenario) return '';
  let k = scenarioKeys.get(scenario);
  if (k === undefined) scenarioKeys.set(scenario, (k = scenarioKeyFromNames(scenario)));
  return k;
}

/** Scenario content with every resolved node replaced by its name (endpoints list member nodes). */
function scenarioKeyFromNames(scenario: Scenario): string {
  return JSON.stringify({ properties: scenario.properties, exceptions: scenario.exceptions }, (key, v: unknown) => {
    if (key === 'location' || key === 'file' || key === 'topologyFile') return undefined;
    if (v instanceof Map) return [...v.entries()];
    if (v && typeof v === 'object' && 'interfaces' in v && 'kind' in v && 'name' in v) return `node:${String((v as { name: unknown }).name)}`;
    return v;
  });
}

function statusChanges(before: VerifyReport | undefined, after: VerifyReport | undefined): StatusChange[] {
  const b = new Map((before?.results ?? []).map((r) => [r.id, r]));
  const a = new Map((after?.results ?? []).map((r) => [r.id, r]));
  const ids = [...new Set([...b.keys(), ...a.keys()])];
  const out: StatusChange[] = [];
  for (const id of ids) {
    const rb = b.get(id);
    const ra = a.get(id);
    const sb = rb?.status ?? 'absent';
    const sa = ra?.status ?? 'absent';
    if (sb === sa) continue;
    const regression = sa === 'fail' && sb !== 'fail';
    const fixed = sb === 'fail' && sa !== 'fail';
    const from = (regression ? ra : fixed ? rb : (ra ?? rb)) as CheckResult;
    out.push({
      id,
      kind: from.kind,
      title: from.title,
      before: sb,
      after: sa,
      violationsBefore: rb?.violations.length ?? 0,
      violationsAfter: ra?.violations.length ?? 0,
      regression,
      fixed,
      summaries: from.violations.slice(0, 3).map((v) => v.summary),
    });
  }
  // Regressions first, then fixes, then the rest; invariants before properties, in report order otherwise.
  const rank = (s: StatusChange) => (s.regression ? 0 : s.fixed ? 1 : 2);
  const position = (s: StatusChange) => ids.indexOf(s.id);
  return out.sort((x, y) => rank(x) - rank(y) || (x.kind === y.kind ? 0 : x.kind === 'invariant' ? -1 : 1) || position(x) - position(y));
}

/** Nodes whose ACLs differ in content, binding or presence: the only ones lint's rule comparison needs. */
function withChangedAcls(before: Topology, after: Topology): [Topology, Topology] {
  const aclShape = (node: TopologyNode | undefined) =>
    node && 'acls' in node ? JSON.stringify(node.acls.map((a) => [a.name, a.binding, aclContentKey(a)])) : '[]';
  const names = new Set<string>();
  for (const name of new Set([...before.nodes.keys(), ...after.nodes.keys()])) {
    if (aclShape(before.nodes.get(name)) !== aclShape(after.nodes.get(name))) names.add(name);
  }
  const keep = (t: Topology): Topology => ({ ...t, nodes: new Map([...t.nodes].filter(([n]) => names.has(n))) });
  return [keep(before), keep(after)];
}

function ruleChanges(before: Topology, after: Topology): RuleChange[] {
  const [b, a] = withChangedAcls(before, after);
  const loc = (v: { location: { file: string; line: number } | undefined } | undefined) => (v?.location ? `${escapeControl(v.location.file)}:${v.location.line}` : undefined);
  return aclChanges(b, a).map((c) => ({
    node: c.node,
    acl: c.acl,
    rule: c.rule,
    kind: c.kind,
    before: loc(c.before),
    after: loc(c.after),
    detail: [
      c.reasons.length ? `because of ${c.reasons.join(', ')}` : c.aclStatus !== 'kept' ? `ACL ${c.aclStatus}` : '',
      c.gained.empty ? '' : `now decides ${c.gained.boxes[0] ?? ''}${c.gained.boxes.length > 1 || c.gained.truncated ? ' …' : ''}`,
      c.lost.empty ? '' : `no longer decides ${c.lost.boxes[0] ?? ''}${c.lost.boxes.length > 1 || c.lost.truncated ? ' …' : ''}`,
    ]
      .filter(Boolean)
      .join('; '),
  }));
}

function endpointNames(t: Topology): Set<string> {
  return new Set([...t.nodes.keys(), ...[...t.segments.keys()].map((s) => `segment:${s}`)]);
}

/** One reach change with its exact header set (the report keeps summaries of it). */
export interface RawReachChange {
  readonly direction: 'new' | 'removed';
  /** The source as the version the change is seen in (after for `new`, before for `removed`) has it. */
  readonly source: DiffSource;
  readonly destination: string;
  /** Injected headers newly reaching (or no longer reaching) the destination. */
  readonly headers: HeaderSet;
  /** The arrival in that version (origins per start key, reach kinds). */
  readonly arrival: SourceArrival;
  readonly endpointOnlyInOneVersion: boolean;
}

/**
 * Exact reach changes between two versions: for every source of either version and every destination, the
 * injected headers that reach it in one version and not the other. Runs go through the installed ReachCache.
 */
export function reachDelta(
  before: Topology,
  after: Topology,
  options: { maxSteps?: number | undefined; partial?: string[]; cache?: ReachCache | undefined } = {},
): RawReachChange[] {
  const inBefore = new Map(diffSources(before).map((s) => [s.key, s]));
  const inAfter = new Map(diffSources(after).map((s) => [s.key, s]));
  const sources = new Map<string, DiffSource>([...inAfter, ...inBefore]);
  const reachIn = (t: Topology, own: DiffSource | undefined, label: string): SourceReach | undefined => {
    // The same source may be a host in one version and a gateway in the other: each version's view of it.
    if (!own) return undefined;
    try {
      return sourceReach(t, own, options.maxSteps, options.cache);
    } catch (error) {
      options.partial?.push(`${label}: reach of ${own.name} not computed (${error instanceof Error ? error.message : String(error)})`);
      return undefined;
    }
  };
  const out: RawReachChange[] = [];
  for (const source of [...sources.values()].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0))) {
    const rb = reachIn(before, inBefore.get(source.key), 'before');
    const ra = reachIn(after, inAfter.get(source.key), 'after');
    // One run stands for both versions (the cache proved the change cannot affect it): nothing changed.
    if (rb?.run !== undefined && rb.run === ra?.run && rb.source.kind === ra.source.kind) continue;
    const dests = new Set([...(rb?.arrivals.keys() ?? []), ...(ra?.arrivals.keys() ?? [])]);
    for (const dest of [...dests].sort()) {
      const b = rb?.arrivals.get(dest);
      const a = ra?.arrivals.get(dest);
      const hb = b?.headers ?? HeaderSet.EMPTY;
      const ha = a?.headers ?? HeaderSet.EMPTY;
      if (hb.equals(ha)) continue;
      const onlyOne = !rb || !ra || !before.nodes.has(dest) || !after.nodes.has(dest);
      const gained = ha.minus(hb);
      const lost = hb.minus(ha);
      if (!gained.isEmpty() && a && ra) out.push({ direction: 'new', source: ra.source, destination: dest, headers: gained, arrival: a, endpointOnlyInOneVersion: onlyOne });
      if (!lost.isEmpty() && b && rb) out.push({ direction: 'removed', source: rb.source, destination: dest, headers: lost, arrival: b, endpointOnlyInOneVersion: onlyOne });
    }
  }
  return out;
}

export function diffTopologies(before: DiffInput, after: DiffInput, options: DiffOptions = {}): DiffReport {
  const t0 = performance.now();
  const cache = options.cache ?? new ReachCache();
  const summaryLimit = options.summaryLimit ?? 20;
  const partial: string[] = [...(options.notes ?? [])];
  const stats0 = { ...cache.stats };

  return withReachabilityMemo(cache, () => {
    const changes: ReachChange[] = [];
    const phase = { reach: 0, witnesses: 0, statuses: 0, flow: 0, rules: 0 };
    let mark = performance.now();
    const lap = (name: keyof typeof phase) => {
      const now = performance.now();
      phase[name] += now - mark;
      mark = now;
    };
    const raws = reachDelta(before.topology, after.topology, { maxSteps: options.maxSteps, partial, cache });
    lap('reach');
    for (const raw of raws) {
      const { direction, source: src, destination: dest, headers: set, arrival } = raw;
      const version = direction === 'new' ? after.topology : before.topology;
      const sourceClass = sourceClasses(version, src);
      const dst = destination(version, dest);
      const { boxes, truncated } = readableBoxes(set, summaryLimit);
      let witness: ChangeWitness | undefined;
      if (options.witnesses !== false) {
        const picked = pickWitnessFlow(version, src, dest, set, arrival.origins);
        if (picked) witness = traceWitness(before.topology, after.topology, picked.flow, picked.startKey, dest, direction);
      }
      changes.push({
        direction,
        source: src.name,
        sourceKind: src.kind,
        sourceClass,
        destination: dest,
        destinationKind: dst.kind,
        destinationClass: dst.classes,
        reach: [...arrival.reach],
        critical: isCritical(sourceClass, dst.classes),
        classPair: classPairText(sourceClass, dst.classes),
        headers: describeHeaders(set, summaryLimit),
        boxes,
        truncated,
        size: set.size(),
        endpointOnlyInOneVersion: raw.endpointOnlyInOneVersion,
        witness,
      });
    }
    changes.sort(compareChanges);
    lap('witnesses');
    const unconfirmed = changes.filter((c) => c.witness && !c.witness.confirmed).length;
    if (unconfirmed > 0) partial.push(`${unconfirmed} witness${unconfirmed === 1 ? '' : 'es'} not confirmed by the simulator (an engine disagreement; please report it)`);

    let verifiedBefore: Verified | undefined;
    let verifiedAfter: Verified | undefined;
    const attempt = <T>(what: string, fn: () => T): T | undefined => {
      try {
        return fn();
      } catch (error) {
        partial.push(`${what} not compared (${error instanceof Error ? error.message : String(error)})`);
        return undefined;
      }
    };
    let statusesCompared = false;
    if (options.statuses !== false) {
      verifiedBefore = attempt('statuses: the before version could not be verified;', () => verifyVersion(cache, before, options.flow !== false));
      verifiedAfter = verifiedBefore && attempt('statuses: the after version could not be verified;', () => verifyVersion(cache, after, options.flow !== false));
      statusesCompared = verifiedBefore !== undefined && verifiedAfter !== undefined;
      // A topology made from a partial import proves nothing about the devices (verify says so too).
      for (const [label, v] of [['before', verifiedBefore], ['after', verifiedAfter]] as const) for (const p of v?.report.partial ?? []) partial.push(`${label} version: ${p}`);
    }
    lap('statuses');
    let delta: DiffReport['flowDelta'] = { appeared: [], disappeared: [] };
    if (options.flow !== false) {
      const fb = verifiedBefore?.flow ?? attempt('information flow: the before version\'s graph', () => buildFlowGraph(before.topology));
      const fa = verifiedAfter?.flow ?? attempt('information flow: the after version\'s graph', () => buildFlowGraph(after.topology));
      // A reused verification stands for the same flow graph: nothing to compare.
      if (fb && fa && fb !== fa) delta = flowDelta({ topology: before.topology, flow: fb }, { topology: after.topology, flow: fa });
    }

    lap('flow');
    const rules = ruleChanges(before.topology, after.topology);
    lap('rules');
    const nb = endpointNames(before.topology);
    const na = endpointNames(after.topology);
    const side = (input: DiffInput): DiffSide => ({ file: input.file, name: input.topology.name, model: input.topology.model, scenarioFile: input.scenario?.file });
    const stats = cache.stats;
    return {
      version: DIFF_REPORT_VERSION,
      before: side(before),
      after: side(after),
      changes,
      flowDelta: delta,
      statusChanges: statusesCompared ? statusChanges(verifiedBefore?.report, verifiedAfter?.report) : [],
      ruleChanges: rules,
      endpoints: { onlyBefore: [...nb].filter((n) => !na.has(n)).sort(), onlyAfter: [...na].filter((n) => !nb.has(n)).sort() },
      ...(partial.length ? { partial } : {}),
      stats: {
        durationMs: performance.now() - t0,
        phasesMs: phase,
        sourcesReused: stats.hits + stats.reused - stats0.hits - stats0.reused,
        sourcesComputed: stats.computed - stats0.computed,
      },
    };
  });
}
