/** The report as plain JSON (traces through the engine's own JSON form). */
import { boundDiagnostic } from '../../diagnostics/diagnostic.js';
import { formatHeader, tracesToJson } from '../../engine/render.js';
import type { VerifyReport, Witness } from '../result.js';
import { reportHolds } from '../result.js';

function witnessJson(w: Witness | undefined): unknown {
  if (!w) return undefined;
  return { start: w.start, startInterface: w.startInterface, packet: formatHeader(w.header), header: w.header, expectedAt: w.expectedAt, replayed: w.replayed, traces: tracesToJson(w.traces) };
}

export function verifyReportToJson(report: VerifyReport): Record<string, unknown> {
  return {
    ok: reportHolds(report),
    topology: report.topology,
    topologyFile: report.topologyFile,
    scenarioFile: report.scenarioFile,
    scenarioChoice: report.scenarioChoice,
    today: report.today,
    exceptions: report.exceptions,
    warnings: report.warnings.map(boundDiagnostic),
    model: report.model,
    guidelineVersion: report.guidelineVersion,
    partial: report.partial,
    durationMs: Math.round(report.durationMs),
    results: report.results.map((r) => ({
      id: r.id, kind: r.kind, title: r.title, basis: r.basis, status: r.status, notes: r.notes, exceptionsUsed: r.exceptionsUsed,
      durationMs: Math.round(r.durationMs),
      cells: r.cells,
      violations: r.violations.map((v) => ({
        summary: v.summary, location: v.location, details: v.details, headers: v.headerSummary?.split('\n'),
        witness: witnessJson(v.witness),
        chain: v.chain?.map((s) => ({ from: s.from, to: s.to, channel: s.channel, because: s.because, packet: witnessJson(s.packet) })),
      })),
    })),
  };
}
