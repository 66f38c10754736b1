/**
 * What a replay shows: counts per disposition, the zone × zone matrix, hit counts per rule (rules
 * never hit listed), flows that break expectations, and (`--out`) every flow's fate as JSON Lines.
 */
import { formatIpv4 } from '../net/ipv4.js';
import { protocolName } from '../net/ports.js';
import type { ReplayResult } from './replay.js';
import { DISPOSITIONS, DISPOSITION_COUNT, dispositionName, isReached } from './disposition.js';
import type { FlowSet } from './flowset.js';
import { START_FROM_SOURCE } from './flowset.js';

export interface FlowFate {
  readonly index: number;
  /** The flow file line the flow came from (with `--out` on a flow file; bad rows leave gaps). */
  readonly line?: number | undefined;
  readonly src: string;
  readonly dst: string;
  readonly proto: string;
  readonly sport: number;
  readonly dport: number;
  readonly start: string | undefined;
  readonly disposition: string;
  readonly at: string | undefined;
  readonly rule: string | undefined;
}

export interface ReplayReport {
  /** False when flows were lost (see lostChunks) or input rows were bad and skipped (see badRows). */
  readonly complete: boolean;
  /** Data rows read from the flow file (undefined for generated flows). */
  readonly inputRows: number | undefined;
  /** Rows of the flow file that were bad and not replayed. */
  readonly badRows: number;
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
  const s = flows.start[i]!;
  return {
    index: i,
    src: formatIpv4(flows.src[i]!),
    dst: formatIpv4(flows.dst[i]!),
    proto: protocolName(flows.proto[i]!),
    sport: flows.srcPort[i]!,
    dport: flows.dstPort[i]!,
    start: s === START_FROM_SOURCE ? undefined : flows.startNames[s],
    disposition: dispositionName(code),
    at: node >= 0 ? r.network.nodeNames[node] : undefined,
    rule: ruleLabel(r, rule),
  };
}

/** What the flow file held: rows read and bad rows skipped (none for generated flows). */
export interface ReplayInput {
  readonly rows: number;
  readonly badRows: number;
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
    complete: r.complete && badRows === 0,
    inputRows: input?.rows,
    badRows,
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

export function renderReport(rep: ReplayReport): string {
  const out: string[] = [];
  if (rep.badRows > 0) {
    out.push(`PARTIAL INPUT: ${rep.badRows} of ${rep.inputRows ?? '?'} flow rows were bad and not replayed; the counts below leave them out.`);
  }
  if (rep.flows === 0) out.push('NOTHING REPLAYED: no flow could be replayed, so nothing below is evidence of anything.');
  if (rep.lostChunks.length > 0) {
    const missing = rep.lostChunks.reduce((n, c) => n + (c.to - c.from), 0);
    out.push(`INCOMPLETE: ${missing} flows in ${rep.lostChunks.length} chunk(s) could not be replayed; the counts below leave them out.`);
    for (const f of rep.failures) out.push(`  chunk ${f.chunk} attempt ${f.attempt}: ${f.reason}`);
  }
  out.push(`replayed ${rep.flows} flow rows (${rep.weight} flows) on ${rep.workers} worker${rep.workers === 1 ? '' : 's'}`);
  out.push('', 'dispositions:');
  for (const [d, n] of Object.entries(rep.dispositions)) if (n > 0) out.push(`  ${d.padEnd(22)} ${n}`);
  out.push('', 'zone × zone (reached / total):');
  for (const m of rep.matrix) out.push(`  ${m.from} -> ${m.to}: ${m.reached} / ${m.total}`);
  out.push('', `rule hits (${rep.rules.length} rules, ${rep.rulesNeverHit} never hit):`);
  for (const r of rep.rules) {
    out.push(`  ${String(r.hits).padStart(10)}  ${r.node}/${r.acl}/${r.rule} (${r.action})${r.hits === 0 ? '  NEVER HIT' : ''}${r.location ? `  ${r.location}` : ''}`);
  }
  if (rep.violations > 0) {
    out.push('', `${rep.violations} flow(s) break expectations${rep.violatingFlows.length < rep.violations ? ` (first ${rep.violatingFlows.length} shown)` : ''}:`);
    for (const f of rep.violatingFlows) {
      out.push(`  #${f.index} ${f.src}:${f.sport} -> ${f.dst}:${f.dport} ${f.proto}: ${f.disposition}${f.at ? ` at ${f.at}` : ''}${f.rule ? ` by ${f.rule}` : ''}`);
    }
  } else {
    out.push('', 'no flow breaks an expectation');
  }
  return out.join('\n');
}

/** Writes every flow's fate as JSON Lines into `sink` (an atomic output file), in 64 KiB pieces. */
export async function writeFlowFates(sink: { write(chunk: string): Promise<void> }, r: ReplayResult, flows: FlowSet, lines?: Uint32Array): Promise<void> {
  const startTable = r.network.startTable(flows);
  let buffer = '';
  const lost = (i: number): boolean => r.lostChunks.some((c) => i >= c.from && i < c.to);
  for (let i = 0; i < flows.size; i++) {
    // Flows of a chunk that failed twice have no fate: say so instead of printing stale memory.
    const fate = lost(i) ? { ...flowFate(r, flows, i, startTable), disposition: 'not-replayed', at: undefined, rule: undefined } : flowFate(r, flows, i, startTable);
    buffer += `${JSON.stringify(lines ? { ...fate, line: lines[i] } : fate)}\n`;
    if (buffer.length > 1 << 16) {
      await sink.write(buffer);
      buffer = '';
    }
  }
  if (buffer !== '') await sink.write(buffer);
}
