/**
 * `replay --baseline`: the same flows replayed through two versions of a topology, and the flows whose
 * fate changed, counted per zone pair with examples traced in both versions.
 *
 * A flow's fate in one version is: not sent (the version has no sender for it: no node owns its source
 * and it names no start, or the start it names does not exist), or its disposition and the node where
 * it ended. Fates are compared by names, so renumbered nodes do not count as a change; a different
 * deciding rule with the same disposition at the same node does not either (the rule is shown in the
 * examples). `readdress check --flows` replays the after version with the log's addresses renamed through
 * a plan: the same rows, another FlowSet (`afterFlows`).
 */
import type { CompiledNetwork } from './compiled-network.js';
import { dispositionName, isReached } from './disposition.js';
import type { FlowSet } from './flowset.js';
import type { ReplayResult } from './replay.js';
import { flowRow, formatFlowRow, type FlowRow, type ReplayReport } from './report.js';

/** Examples listed per zone pair. */
export const BASELINE_EXAMPLES_PER_PAIR = 5;

const NO_ZONE = '(none)';
/** The fate name of a flow a version has no sender for. */
export const NOT_SENT = 'not-sent';

/** One version's fate of one flow, in words. */
export interface SideFate {
  /** False when the version has no sender for the flow (it was not replayed there). */
  readonly sent: boolean;
  readonly disposition: string;
  readonly reached: boolean;
  readonly at?: string | undefined;
  /** `node/acl/rule` that decided, when an ACL did. */
  readonly rule?: string | undefined;
  /** `file:line` of that rule. */
  readonly location?: string | undefined;
}

export interface FateChangeExample extends FlowRow {
  readonly before: SideFate;
  readonly after: SideFate;
  /** The row's addresses as replayed through the after version, when they were renamed (`afterFlows`). */
  readonly renamed?: { readonly src: string; readonly dst: string } | undefined;
}

export interface FateTransition {
  readonly before: string;
  readonly after: string;
  readonly rows: number;
  readonly weight: number;
}

/** Changed flows of one (source zone, destination zone) pair; zones as the after version names them (the before version's where after has no sender). */
export interface ZonePairChanges {
  readonly from: string;
  readonly to: string;
  readonly rows: number;
  readonly weight: number;
  /** Rows reached after and not before (delivered, exits-network, terminated-at-gateway). */
  readonly newlyReached: number;
  /** Rows reached before and not after. */
  readonly noLongerReached: number;
  /** before disposition → after disposition, most rows first. */
  readonly transitions: readonly FateTransition[];
  readonly examples: readonly FateChangeExample[];
}

export interface BaselineComparison {
  /** Rows compared (every row of the flow set). */
  readonly rows: number;
  readonly changedRows: number;
  readonly changedWeight: number;
  readonly newlyReached: number;
  readonly noLongerReached: number;
  /** Most changed rows first, then by name. */
  readonly pairs: readonly ZonePairChanges[];
}

export interface BaselineReport {
  readonly baseline: string;
  readonly topology: string;
  /** The replay of the baseline (before) and of the topology under review (after). */
  readonly before: ReplayReport;
  readonly after: ReplayReport;
  readonly comparison: BaselineComparison;
}

interface PairAccumulator {
  from: string;
  to: string;
  rows: number;
  weight: number;
  newlyReached: number;
  noLongerReached: number;
  transitions: Map<string, FateTransition & { rows: number; weight: number }>;
  examples: FateChangeExample[];
}

/**
 * Compares the per-flow outcomes of two replays of the same flow set (both run with `keepOutcomes`).
 * One pass over typed arrays; only changed flows are looked at again (their zones and examples).
 * `afterFlows`: the rows as the after version was replayed with (same order and size), when not `flows`.
 */
export function compareReplays(before: ReplayResult, after: ReplayResult, flows: FlowSet, lines?: Uint32Array, afterFlows: FlowSet = flows): BaselineComparison {
  const b = before.outcomes;
  const a = after.outcomes;
  if (!b || !a) throw new Error('compareReplays needs both replays run with keepOutcomes');
  // Node indexes of the before version → after version, by name (-2: no such node after).
  const afterNode = new Map(after.network.nodeNames.map((name, i) => [name, i]));
  const nodeMap = Int32Array.from(before.network.nodeNames, (name) => afterNode.get(name) ?? -2);
  const lost = lostFlows(before, after);
  const startBefore = before.network.startTable(flows);
  const startAfter = after.network.startTable(afterFlows);
  const pairs = new Map<string, PairAccumulator>();
  let changedRows = 0;
  let changedWeight = 0;
  let newlyReached = 0;
  let noLongerReached = 0;
  for (let i = 0; i < flows.size; i++) {
    const nb = b.finalNode[i]!;
    const na = a.finalNode[i]!;
    const db = b.disposition[i]!;
    const da = a.disposition[i]!;
    // finalNode -1: not sent (a replayed flow always has a final node).
    const same = nb === -1 ? na === -1 : na !== -1 && db === da && nodeMap[nb] === na;
    if (same || lost(i)) continue;
    const w = flows.count[i]!;
    changedRows++;
    changedWeight += w;
    const reachedBefore = nb !== -1 && isReached(db);
    const reachedAfter = na !== -1 && isReached(da);
    const key = zonePair(before.network, after.network, flows, afterFlows, i, startBefore, startAfter, na !== -1);
    let acc = pairs.get(key.id);
    if (!acc) {
      acc = { from: key.from, to: key.to, rows: 0, weight: 0, newlyReached: 0, noLongerReached: 0, transitions: new Map(), examples: [] };
      pairs.set(key.id, acc);
    }
    acc.rows++;
    acc.weight += w;
    if (reachedAfter && !reachedBefore) {
      acc.newlyReached++;
      newlyReached++;
    } else if (reachedBefore && !reachedAfter) {
      acc.noLongerReached++;
      noLongerReached++;
    }
    const fb = nb === -1 ? NOT_SENT : dispositionName(db);
    const fa = na === -1 ? NOT_SENT : dispositionName(da);
    const tkey = `${fb}\u0000${fa}`;
    const t = acc.transitions.get(tkey) ?? { before: fb, after: fa, rows: 0, weight: 0 };
    t.rows++;
    t.weight += w;
    acc.transitions.set(tkey, t);
    if (acc.examples.length < BASELINE_EXAMPLES_PER_PAIR) acc.examples.push(example(before, after, flows, i, lines?.[i], afterFlows));
  }
  const list = [...pairs.values()]
    .map((p): ZonePairChanges => ({
      from: p.from,
      to: p.to,
      rows: p.rows,
      weight: p.weight,
      newlyReached: p.newlyReached,
      noLongerReached: p.noLongerReached,
      transitions: [...p.transitions.values()].sort((x, y) => y.rows - x.rows || cmp(x.before, y.before) || cmp(x.after, y.after)),
      examples: p.examples,
    }))
    .sort((x, y) => y.rows - x.rows || cmp(x.from, y.from) || cmp(x.to, y.to));
  return { rows: flows.size, changedRows, changedWeight, newlyReached, noLongerReached, pairs: list };
}

function cmp(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Flows either replay lost (a chunk that failed twice) have no fate to compare. */
function lostFlows(before: ReplayResult, after: ReplayResult): (i: number) => boolean {
  const chunks = [...before.lostChunks, ...after.lostChunks];
  if (chunks.length === 0) return () => false;
  return (i) => chunks.some((c) => i >= c.from && i < c.to);
}

/** The zone pair of a changed flow: in the after version when it sends the flow there, else in the before version. */
function zonePair(before: CompiledNetwork, after: CompiledNetwork, flows: FlowSet, afterFlows: FlowSet, i: number, startBefore: Int32Array, startAfter: Int32Array, sentAfter: boolean): { id: string; from: string; to: string } {
  const net = sentAfter ? after : before;
  // Evaluated again for the start interface (outcomes keep only the end): changed flows only.
  net.evaluateFlow(sentAfter ? afterFlows : flows, i, sentAfter ? startAfter : startBefore);
  const sz = net.zoneOfInterface(net.startInterface);
  let dz = after.zoneOfAddress(afterFlows.dst[i]!);
  let to = dz >= 0 ? after.zoneNames[dz]! : undefined;
  if (to === undefined) {
    dz = before.zoneOfAddress(flows.dst[i]!);
    to = dz >= 0 ? before.zoneNames[dz]! : NO_ZONE;
  }
  const from = sz >= 0 ? net.zoneNames[sz]! : NO_ZONE;
  return { id: `${from}\u0000${to}`, from, to };
}

function sideFate(r: ReplayResult, i: number): SideFate {
  const o = r.outcomes!;
  const node = o.finalNode[i]!;
  if (node === -1) return { sent: false, disposition: NOT_SENT, reached: false };
  const code = o.disposition[i]!;
  const ruleId = o.rule[i]!;
  const rule = ruleId >= 0 ? r.network.rules[ruleId] : undefined;
  return {
    sent: true,
    disposition: dispositionName(code),
    reached: isReached(code),
    at: r.network.nodeNames[node],
    ...(rule ? { rule: `${rule.node}/${rule.acl}/${rule.rule}`, location: rule.location } : {}),
  };
}

function example(before: ReplayResult, after: ReplayResult, flows: FlowSet, i: number, line: number | undefined, afterFlows: FlowSet = flows): FateChangeExample {
  const renamed = afterFlows !== flows && (afterFlows.src[i] !== flows.src[i] || afterFlows.dst[i] !== flows.dst[i]);
  return {
    ...flowRow(flows, i, line),
    before: sideFate(before, i),
    after: sideFate(after, i),
    ...(renamed ? { renamed: { src: flowRow(afterFlows, i).src, dst: flowRow(afterFlows, i).dst } } : {}),
  };
}

function fateText(f: SideFate): string {
  if (!f.sent) return 'not sent (no sender in this version)';
  return `${f.disposition}${f.at ? ` at ${f.at}` : ''}${f.rule ? ` by ${f.rule}` : ''}${f.location ? ` (${f.location})` : ''}`;
}

/** The comparison in text: totals, then per zone pair its transitions and examples. */
export function renderComparison(c: BaselineComparison): string[] {
  const out: string[] = [];
  if (c.changedRows === 0) {
    out.push(`no flow changed fate (${c.rows} flow rows compared)`);
    return out;
  }
  out.push(
    `${c.changedRows} of ${c.rows} flow rows (${c.changedWeight} flows) changed fate: ${c.newlyReached} newly reached, ${c.noLongerReached} no longer reached, ${c.changedRows - c.newlyReached - c.noLongerReached} otherwise`,
  );
  for (const p of c.pairs) {
    out.push('', `  ${p.from} -> ${p.to}: ${p.rows} row${p.rows === 1 ? '' : 's'} (${p.weight} flows); ${p.newlyReached} newly reached, ${p.noLongerReached} no longer reached`);
    for (const t of p.transitions) out.push(`    ${t.before} -> ${t.after}: ${t.rows}`);
    for (const e of p.examples) {
      out.push(`    ${e.line !== undefined ? `line ${e.line}` : `#${e.index}`} ${formatFlowRow(e)}${e.start ? ` from ${e.start}` : ''}${e.renamed ? ` (after: ${e.renamed.src} -> ${e.renamed.dst})` : ''}`);
      out.push(`      before: ${fateText(e.before)}`);
      out.push(`      after:  ${fateText(e.after)}`);
    }
    if (p.rows > p.examples.length) out.push(`    (${p.rows - p.examples.length} more not shown; --json lists the same examples, --out every flow)`);
  }
  return out;
}

/** `--out` with a baseline: every flow's fate in both versions as JSON Lines, with `changed`, in 64 KiB pieces. */
export async function writeBaselineFates(sink: { write(chunk: string): Promise<void> }, before: ReplayResult, after: ReplayResult, flows: FlowSet, lines?: Uint32Array): Promise<void> {
  const lost = lostFlows(before, after);
  let buffer = '';
  for (let i = 0; i < flows.size; i++) {
    const e = example(before, after, flows, i, lines?.[i]);
    const row = lost(i)
      ? { ...e, before: { sent: false, disposition: 'not-replayed', reached: false }, after: { sent: false, disposition: 'not-replayed', reached: false }, changed: false }
      : { ...e, changed: e.before.disposition !== e.after.disposition || e.before.at !== e.after.at };
    buffer += `${JSON.stringify(row)}\n`;
    if (buffer.length > 1 << 16) {
      await sink.write(buffer);
      buffer = '';
    }
  }
  if (buffer !== '') await sink.write(buffer);
}
