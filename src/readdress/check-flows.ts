/**
 * `readdress check --flows <log>`: the log replayed through the original and, with every source and
 * destination address renamed through the plan, through the renumbered network; the rows whose fate
 * changes (replay/baseline.ts compares fates by node names). A row without a sender in a version is
 * counted and shown for that version and never replayed from elsewhere (replay's rule); a row with a
 * sender in one version only is a changed fate.
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
  readonly comparison: BaselineComparison;
  /** Rows changed fate, or a replay was incomplete: the check fails. */
  readonly failing: boolean;
}

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

/** Bad input (an unreadable or malformed log) comes back as diagnostics; bad rows fail the check as replay does. */
export async function checkFlowLog(
  original: Topology,
  renumbered: Topology,
  file: string,
  map: AddressMap,
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
  const flows = imported.flows;
  const renamed = renamedFlows(flows, map);
  // On this thread: the check runs from source and from dist/ alike, and logs for a check are small.
  const b = await runReplay({ topology: original, flows, workers: 1, network: before, keepOutcomes: true });
  const a = await runReplay({ topology: renumbered, flows: renamed, workers: 1, network: after, keepOutcomes: true });
  const comparison = compareReplays(b, a, flows, imported.lines, renamed);
  const unowned = { original: unownedSources(b.totals, flows, imported.lines), renumbered: unownedSources(a.totals, renamed, imported.lines) };
  return {
    ok: true,
    warnings: imported.diagnostics,
    value: {
      file,
      rows: flows.size,
      badRows: imported.badRows,
      unowned,
      comparison,
      failing: comparison.changedRows > 0 || imported.badRows > 0 || !b.complete || !a.complete,
    },
  };
}
