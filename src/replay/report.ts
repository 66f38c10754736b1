/**
 * What a replay shows: counts per disposition, the zone × zone matrix, hit counts per rule (in text the
 * most-hit rules per node, `rule-hits.ts`; in JSON every rule), flows that break expectations, and (`--out`) every flow's fate as JSON Lines.
 */
import { formatIpv4 } from '../net/ipv4.js';
import { protocolName } from '../net/ports.js';
import type { ReplayTotals } from './aggregate.js';
import type { ReplayResult } from './replay.js';
import { DISPOSITIONS, DISPOSITION_COUNT, dispositionName, isReached } from './disposition.js';
import type { FlowSet } from './flowset.js';
import { START_FROM_SOURCE } from './flowset.js';
import { renderRuleHits, type RuleHitOptions } from './rule-hits.js';

/** One row of a flow set, in words: what every per-flow report (fates, rows without a sender, changed fates) starts with. */
export interface FlowRow {
  readonly index: number;
  /** The flow file line the flow came from (with `--out` on a flow file; bad rows leave gaps). */
  readonly line?: number | undefined;
  readonly src: string;
  readonly dst: string;
  readonly proto: string;
  readonly sport: number;
  readonly dport: number;
  /** The start the row named, or undefined when it named none (the source address decides). */
  readonly start: string | undefined;
}

/**
 * A flow row's header in words, with only the fields its protocol carries: `10.0.0.1:49152 -> 10.0.0.2:443 tcp`,
 * `10.0.0.1 -> 10.0.0.2 icmp type 8 code 0` (the port columns hold ICMP's type and code), `10.0.0.1 -> 10.0.0.2 gre`.
 */
export function formatFlowRow(f: Pick<FlowRow, 'src' | 'dst' | 'proto' | 'sport' | 'dport'>): string {
  if (f.proto === 'tcp' || f.proto === 'udp') return `${f.src}:${f.sport} -> ${f.dst}:${f.dport} ${f.proto}`;
  if (f.proto === 'icmp') return `${f.src} -> ${f.dst} icmp type ${f.sport} code ${f.dport}`;
  return `${f.src} -> ${f.dst} ${f.proto}`;
}

export function flowRow(flows: FlowSet, i: number, line?: number): FlowRow {
  const s = flows.start[i]!;
  return {
    index: i,
    ...(line !== undefined ? { line } : {}),
    src: formatIpv4(flows.src[i]!),
    dst: formatIpv4(flows.dst[i]!),
    proto: protocolName(flows.proto[i]!),
    sport: flows.srcPort[i]!,
    dport: flows.dstPort[i]!,
    start: s === START_FROM_SOURCE ? undefined : flows.startNames[s],
  };
}

export interface FlowFate extends FlowRow {
  readonly disposition: string;
  readonly at: string | undefined;
  readonly rule: string | undefined;
}

/** A flow that was not replayed because the topology has no sender for it (`start`: a start that does not exist). */
export interface UnownedFlow extends FlowRow {
  readonly reason: string;
}

/** Rows without a sender: counted and shown by example, never replayed from somewhere else. */
export interface UnownedSources {
  readonly rows: number;
  readonly weight: number;
  /** The first of them (at most UNOWNED_SAMPLE_LIMIT), in flow order. */
  readonly examples: readonly UnownedFlow[];
}

export interface ReplayReport {
  /** False when flows were lost (see lostChunks), input rows were bad and skipped (see badRows) or had no sender (see unownedSources). */
  readonly complete: boolean;
  /** Data rows read from the flow file (undefined for generated flows). */
  readonly inputRows: number | undefined;
  /** Rows of the flow file that were bad and not replayed. */
  readonly badRows: number;
  /** Rows the topology has no sender for; not replayed and in no count below. */
  readonly unownedSources: UnownedSources;
  readonly flows: number;
  readonly weight: number;
  readonly workers: number;
  readonly dispositions: Record<string, number>;
  /** Zone pairs with any flow: from, to, total and the count per disposition. */
  readonly matrix: { from: string; to: string; total: number; reached: number; dispositions: Record<string, number> }[];
  readonly rules: { acl: string; node: string; rule: string; action: string; hits: number; location: string | undefined }[];
  readonly rulesNeverHit: number;
  readonly violations: number;
  readonly violatingFlows: FlowFate[];
  readonly lostChunks: readonly { chunk: number; from: number; to: number }[];
  readonly failures: readonly { chunk: number; attempt: number; reason: string }[];
}

const NO_ZONE = '(none)';

function ruleLabel(r: ReplayResult, id: number): string | undefined {
  if (id < 0) return undefined;
  const info = r.network.rules[id];
  return info ? `${info.node}/${info.acl}/${info.rule}` : undefined;
}

/** The flow had no sender in this version (its outcome was recorded, and a replayed flow always has a final node). */
function withoutSender(r: ReplayResult, i: number): boolean {
  return r.outcomes !== undefined && r.outcomes.finalNode[i] === -1;
}

/** One flow's fate; disposition details need `keepOutcomes`, else it is replayed again here. */
export function flowFate(r: ReplayResult, flows: FlowSet, i: number, startTable: Int32Array): FlowFate {
  let code: number;
  let rule: number;
  let node: number;
  if (r.outcomes) {
    code = r.outcomes.disposition[i]!;
    rule = r.outcomes.rule[i]!;
    node = r.outcomes.finalNode[i]!;
  } else {
    code = r.network.evaluateFlow(flows, i, startTable);
    rule = r.network.decidingRule;
    node = r.network.finalNode;
  }
  return {
    ...flowRow(flows, i),
    disposition: dispositionName(code),
    at: node >= 0 ? r.network.nodeNames[node] : undefined,
    rule: ruleLabel(r, rule),
  };
}

/** What the flow file held: rows read and bad rows skipped (none for generated flows). */
export interface ReplayInput {
  readonly rows: number;
  readonly badRows: number;
  /** Flow file line of each flow, when the import kept them. */
  readonly lines?: Uint32Array | undefined;
}

/** Flow `i` as an example of a row without a sender in the network `r` replayed it on. */
export function unownedFlow(flows: FlowSet, i: number, line?: number): UnownedFlow {
  const row = flowRow(flows, i, line);
  return {
    ...row,
    reason: row.start === undefined ? `no node owns the source address ${row.src} and the row names no start` : `the start "${row.start}" does not exist`,
  };
}

export function unownedSources(t: ReplayTotals, flows: FlowSet, lines?: Uint32Array): UnownedSources {
  return { rows: t.unowned, weight: t.unownedWeight, examples: t.unownedSamples.map((i) => unownedFlow(flows, i, lines?.[i])) };
}

export function buildReport(r: ReplayResult, flows: FlowSet, input?: ReplayInput): ReplayReport {
  const t = r.totals;
  const zones = [...r.network.zoneNames, NO_ZONE];
  const z = zones.length;
  const matrix: ReplayReport['matrix'] = [];
  for (let a = 0; a < z; a++) {
    for (let b = 0; b < z; b++) {
      const base = (a * z + b) * DISPOSITION_COUNT;
      let total = 0;
      let reached = 0;
      const dispositions: Record<string, number> = {};
      for (let d = 0; d < DISPOSITION_COUNT; d++) {
        const n = t.matrix[base + d]!;
        if (n === 0) continue;
        total += n;
        if (isReached(d)) reached += n;
        dispositions[dispositionName(d)] = n;
      }
      if (total > 0) matrix.push({ from: zones[a]!, to: zones[b]!, total, reached, dispositions });
    }
  }
  const rules = r.network.rules.map((info, id) => ({ ...info, hits: t.ruleHits[id]! }));
  const startTable = r.network.startTable(flows);
  const badRows = input?.badRows ?? 0;
  return {
    complete: r.complete && badRows === 0 && t.unowned === 0,
    inputRows: input?.rows,
    badRows,
    unownedSources: unownedSources(t, flows, input?.lines),
    flows: t.flows,
    weight: t.weight,
    workers: r.workers,
    dispositions: Object.fromEntries(DISPOSITIONS.map((d, i) => [d, t.dispositions[i]!])),
    matrix,
    rules,
    rulesNeverHit: rules.filter((x) => x.hits === 0).length,
    violations: t.violations,
    violatingFlows: t.violationSamples.map((i) => flowFate(r, flows, i, startTable)),
    lostChunks: r.lostChunks,
    failures: r.failures.map((f) => ({ chunk: f.chunk, attempt: f.attempt, reason: f.reason })),
  };
}

export function renderReport(rep: ReplayReport, options: RuleHitOptions = {}): string {
  const out: string[] = renderWarnings(rep);
  out.push(`replayed ${rep.flows} flow rows (${rep.weight} flows) on ${rep.workers} worker${rep.workers === 1 ? '' : 's'}`);
  out.push('', 'dispositions:');
  for (const [d, n] of Object.entries(rep.dispositions)) if (n > 0) out.push(`  ${d.padEnd(22)} ${n}`);
  out.push('', 'zone × zone (reached / total):');
  for (const m of rep.matrix) out.push(`  ${m.from} -> ${m.to}: ${m.reached} / ${m.total}`);
  out.push('', ...renderRuleHits(rep.rules, options));
  out.push('', ...renderViolations(rep));
  return out.join('\n');
}

/** One version's replay in a few lines (for `--baseline`): what was not replayed, then the dispositions. */
export function renderSummary(rep: ReplayReport, label: string): string[] {
  const counts = Object.entries(rep.dispositions).filter(([, n]) => n > 0).map(([d, n]) => `${d} ${n}`);
  return [...renderWarnings(rep, label), `${label}: replayed ${rep.flows} flow rows (${rep.weight} flows): ${counts.length > 0 ? counts.join(', ') : 'nothing'}`];
}

export function renderViolations(rep: ReplayReport): string[] {
  const out: string[] = [];
  if (rep.violations > 0) {
    out.push(`${rep.violations} flow(s) break expectations${rep.violatingFlows.length < rep.violations ? ` (first ${rep.violatingFlows.length} shown)` : ''}:`);
    for (const f of rep.violatingFlows) {
      out.push(`  #${f.index} ${formatFlowRow(f)}: ${f.disposition}${f.at ? ` at ${f.at}` : ''}${f.rule ? ` by ${f.rule}` : ''}`);
    }
  } else {
    out.push('no flow breaks an expectation');
  }
  return out;
}

/** What keeps the counts from covering every row: bad rows, rows without a sender, nothing replayed, lost chunks. */
function renderWarnings(rep: ReplayReport, version = ''): string[] {
  const out: string[] = [];
  if (rep.badRows > 0) {
    out.push(`PARTIAL INPUT: ${rep.badRows} of ${rep.inputRows ?? '?'} flow rows were bad and not replayed; the counts below leave them out.`);
  }
  out.push(...renderUnowned(rep.unownedSources, version));
  if (rep.flows === 0) out.push(`NOTHING REPLAYED${version ? ` (${version})` : ''}: no flow could be replayed, so nothing below is evidence of anything.`);
  if (rep.lostChunks.length > 0) {
    const missing = rep.lostChunks.reduce((n, c) => n + (c.to - c.from), 0);
    out.push(`INCOMPLETE${version ? ` (${version})` : ''}: ${missing} flows in ${rep.lostChunks.length} chunk(s) could not be replayed; the counts below leave them out.`);
    for (const f of rep.failures) out.push(`  chunk ${f.chunk} attempt ${f.attempt}: ${f.reason}`);
  }
  return out;
}

/** Examples shown in text; JSON has all the samples. */
const UNOWNED_SHOWN = 10;

/** The UNOWNED SOURCES block (empty when every row had a sender). */
export function renderUnowned(u: UnownedSources, version = ''): string[] {
  if (u.rows === 0) return [];
  const out = [
    `UNOWNED SOURCES${version ? ` (${version})` : ''}: ${u.rows} flow row${u.rows === 1 ? '' : 's'} (${u.weight} flows) have no sender in this topology and were not replayed; the counts below leave them out.`,
  ];
  for (const f of u.examples.slice(0, UNOWNED_SHOWN)) {
    out.push(`  ${f.line !== undefined ? `line ${f.line}` : `#${f.index}`}: ${formatFlowRow(f)}: ${f.reason}`);
  }
  if (u.rows > UNOWNED_SHOWN) out.push(`  (${u.rows - Math.min(UNOWNED_SHOWN, u.examples.length)} more not shown)`);
  out.push('  hint: add the sender to the topology, or name a start (node, node.interface) in the row\'s start column');
  return out;
}

/** Writes every flow's fate as JSON Lines into `sink` (an atomic output file), in 64 KiB pieces. */
export async function writeFlowFates(sink: { write(chunk: string): Promise<void> }, r: ReplayResult, flows: FlowSet, lines?: Uint32Array): Promise<void> {
  const startTable = r.network.startTable(flows);
  let buffer = '';
  const lost = (i: number): boolean => r.lostChunks.some((c) => i >= c.from && i < c.to);
  for (let i = 0; i < flows.size; i++) {
    // Flows of a chunk that failed twice have no fate: say so instead of printing stale memory.
    const fate = lost(i)
      ? { ...flowFate(r, flows, i, startTable), disposition: 'not-replayed', at: undefined, rule: undefined }
      : withoutSender(r, i)
        ? { ...flowFate(r, flows, i, startTable), disposition: 'not-replayed', at: undefined, rule: undefined, reason: unownedFlow(flows, i).reason }
        : flowFate(r, flows, i, startTable);
    buffer += `${JSON.stringify(lines ? { ...fate, line: lines[i] } : fate)}\n`;
    if (buffer.length > 1 << 16) {
      await sink.write(buffer);
      buffer = '';
    }
  }
  if (buffer !== '') await sink.write(buffer);
}
