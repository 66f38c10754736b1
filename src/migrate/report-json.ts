/** The migration report as plain JSON: each state's verification in verify's own JSON form. */
import { boundDiagnostic } from '../diagnostics/diagnostic.js';
import { verifyReportToJson } from '../verify/report/json.js';
import type { CheckResult } from '../verify/result.js';
import type { MigrationReport } from './model.js';
import { firstFailingState, migrationHolds, stateHolds } from './verdict.js';

function checkJson(r: CheckResult): Record<string, unknown> {
  return { id: r.id, kind: r.kind, title: r.title, basis: r.basis, status: r.status, notes: r.notes, violations: r.violations.map((v) => ({ summary: v.summary, location: v.location, details: v.details })) };
}

export function migrationReportToJson(report: MigrationReport): Record<string, unknown> {
  return {
    ok: migrationHolds(report) && report.diagnostics.length === 0,
    steps: report.steps,
    plan: report.plan,
    firstFailingState: firstFailingState(report)?.name,
    states: report.states.map((s) => ({
      name: s.name, kind: s.kind, step: s.step, applied: s.applied, ok: stateHolds(s), modelChoice: s.modelChoice,
      temporal: s.temporal.map(checkJson), flowsDown: s.flowsDown, verify: verifyReportToJson(s.verify),
    })),
    sequence: report.sequence.map(checkJson),
    notes: report.notes,
    diagnostics: report.diagnostics.map(boundDiagnostic),
    durationMs: Math.round(report.durationMs),
  };
}
