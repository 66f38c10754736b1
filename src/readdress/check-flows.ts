/**
 * `readdress check --flows <log>`: the log replayed through the original and, with every source and
 * destination address renamed through the plan, through the renumbered network; the rows whose fate
 * changes (replay/baseline.ts compares fates by node names). A row without a sender in a version is
 * counted and shown for that version and never replayed from elsewhere (replay's rule); a row with a
 * sender in one version only is a changed fate. Rows from or to an address the plan changes by intent
 * (re-designated segments, relocated nodes; `intended`) are compared apart: their changes are expected.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { compareReplays, type BaselineComparison } from '../replay/baseline.js';
import { defaultClassifierFactory } from '../replay/classifier-choice.js';
import { compileNetwork } from '../replay/compiled-network.js';
import { allocateFlowSet, type FlowSet } from '../replay/flowset.js';
import { importFlows } from '../replay/import.js';
import { runReplay } from '../replay/replay.js';
import { unownedSources, type UnownedSources } from '../replay/report.js';
import type { Topology } from '../topology/model.js';
import type { AddressMap } from './mapping.js';

export interface FlowLogCheck {
  readonly file: string;
  readonly rows: number;
  readonly badRows: number;
  readonly unowned: { readonly original: UnownedSources; readonly renumbered: UnownedSources };
  /** The rows the plan does not change by intent. */
  readonly comparison: BaselineComparison;
  /** The rows from or to addresses the plan changes by intent: changed fates here are expected. */
  readonly expected: BaselineComparison;
  /** Unexpected rows changed fate, a row was bad or a replay was incomplete: the check fails. */
  readonly failing: boolean;
}

/** Whether a row goes from or to an address the plan changes by intent, given its addresses in both versions. */
export type IntendedRow = (src: number, dst: number, renamedSrc: number, renamedDst: number) => boolean;

/** The same rows with source and destination renamed (ports, protocol, start and count as they are). */
export function renamedFlows(flows: FlowSet, map: AddressMap): FlowSet {
  const out = allocateFlowSet(flows.size, flows.startNames);
  for (let i = 0; i < flows.size; i++) {
    out.src[i] = map(flows.src[i]!);
    out.dst[i] = map(flows.dst[i]!);
  }
  out.srcPort.set(flows.srcPort);
  out.dstPort.set(flows.dstPort);
  out.proto.set(flows.proto);
  out.start.set(flows.start);
  out.count.set(flows.count);
  return out;
}

/** The rows `rows` of `flows` as a flow set of their own. */
function subset(flows: FlowSet, rows: readonly number[]): FlowSet {
  const out = allocateFlowSet(rows.length, flows.startNames);
  rows.forEach((i, k) => {
    out.src[k] = flows.src[i]!;
    out.dst[k] = flows.dst[i]!;
    out.srcPort[k] = flows.srcPort[i]!;
    out.dstPort[k] = flows.dstPort[i]!;
    out.proto[k] = flows.proto[i]!;
    out.start[k] = flows.start[i]!;
    out.count[k] = flows.count[i]!;
  });
  return out;
}

function mergeUnowned(a: UnownedSources, b: UnownedSources): UnownedSources {
  const examples = [...a.examples, ...b.examples].sort((x, y) => (x.line ?? 0) - (y.line ?? 0));
  return { rows: a.rows + b.rows, weight: a.weight + b.weight, examples };
}

/** Bad input (an unreadable or malformed log) comes back as diagnostics; bad rows fail the check as replay does. */
export async function checkFlowLog(
  original: Topology,
  renumbered: Topology,
  file: string,
  map: AddressMap,
  intended: IntendedRow = () => false,
): Promise<{ ok: true; value: FlowLogCheck; warnings: readonly Diagnostic[] } | { ok: false; diagnostics: readonly Diagnostic[] }> {
  const before = compileNetwork(original, defaultClassifierFactory());
  const after = compileNetwork(renumbered, defaultClassifierFactory());
  const imported = await importFlows(file, {
    keepLines: true,
    // Nodes keep their names across a plan: a start either version has is good; the other reports it as not sent.
    knowsStart: (name) => before.resolveStart(name) >= 0 || after.resolveStart(name) >= 0,
    startNames: () => [...new Set([...before.startNames(), ...after.startNames()])],
  });
  if (!imported.flows) return { ok: false, diagnostics: imported.diagnostics };
  const all = imported.flows;
  const allRenamed = renamedFlows(all, map);
  const parts: [number[], number[]] = [[], []];
  for (let i = 0; i < all.size; i++) parts[intended(all.src[i]!, all.dst[i]!, allRenamed.src[i]!, allRenamed.dst[i]!) ? 1 : 0].push(i);
  const compared = [];
  for (const rows of parts) {
    const flows = subset(all, rows);
    const renamed = subset(allRenamed, rows);
    const lines = imported.lines ? Uint32Array.from(rows, (i) => imported.lines![i]!) : undefined;
    // On this thread: the check runs from source and from dist/ alike, and logs for a check are small.
    const b = await runReplay({ topology: original, flows, workers: 1, network: before, keepOutcomes: true });
    const a = await runReplay({ topology: renumbered, flows: renamed, workers: 1, network: after, keepOutcomes: true });
    compared.push({
      comparison: compareReplays(b, a, flows, lines, renamed),
      unowned: { original: unownedSources(b.totals, flows, lines), renumbered: unownedSources(a.totals, renamed, lines) },
      complete: a.complete && b.complete,
    });
  }
  const [plain, byIntent] = compared as [(typeof compared)[number], (typeof compared)[number]];
  return {
    ok: true,
    warnings: imported.diagnostics,
    value: {
      file,
      rows: all.size,
      badRows: imported.badRows,
      unowned: {
        original: mergeUnowned(plain.unowned.original, byIntent.unowned.original),
        renumbered: mergeUnowned(plain.unowned.renumbered, byIntent.unowned.renumbered),
      },
      comparison: plain.comparison,
      expected: byIntent.comparison,
      failing: plain.comparison.changedRows > 0 || imported.badRows > 0 || !plain.complete || !byIntent.complete,
    },
  };
}
