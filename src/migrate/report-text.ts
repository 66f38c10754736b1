/** The readable migration report: per state its pack status and T3, then the T invariants over the sequence. */
import { renderDiagnostics } from '../diagnostics/diagnostic.js';
import type { CheckResult } from '../verify/result.js';
import { resultLines } from '../verify/report/text.js';
import type { MigrationReport, StateReport } from './model.js';
import { firstFailingState, migrationHolds, stateHolds } from './verdict.js';

function stateLines(s: StateReport, verbose: boolean): string[] {
  const failing: CheckResult[] = [...s.verify.results, ...s.temporal].filter((r) => r.status === 'fail');
  const counted = [...s.verify.results, ...s.temporal];
  const held = counted.filter((r) => r.status === 'pass').length;
  const mark = stateHolds(s) ? '✓' : '✗';
  const what = s.kind === 'step' ? `${s.verify.model ?? 'no model'}${s.verify.scenarioFile ? `, scenario ${s.verify.scenarioFile}` : ''}` : `R/F of ${s.modelChoice ?? 'no model'}`;
  const lines = [`${mark} ${s.kind === 'step' ? 'step' : '  half-applied'} ${s.name} — ${what}: ${held} hold, ${failing.length} violated${failing.length ? ` (${failing.map((r) => r.id).join(', ')})` : ''}`];
  const by = s.kind === 'step' ? '    ' : '      ';
  if (s.kind === 'half-applied' && (!stateHolds(s) || verbose)) lines.push(`${by}changed so far, in order: ${s.applied.join(', ')}`);
  for (const r of failing) lines.push(...resultLines(r, verbose).map((l) => `${by}${l}`));
  if (s.flowsDown.length > 0) lines.push(`${by}business flows down in this state: ${s.flowsDown.length}`, ...s.flowsDown.map((f) => `${by}  ${f}`));
  return lines;
}

export function renderMigrationReport(report: MigrationReport, verbose = false): string {
  const halves = report.states.filter((s) => s.kind === 'half-applied').length;
  const lines = [`Migrating ${report.steps.join(' → ')}${report.plan ? ` with plan ${report.plan}` : ''}: ${report.states.length - halves} steps, ${halves} half-applied cut-over states`, ''];
  for (const s of report.states) lines.push(...stateLines(s, verbose));
  lines.push('', 'Over the whole migration:');
  for (const c of report.sequence) lines.push(...resultLines(c, verbose).map((l) => `  ${l}`));
  for (const n of report.notes) lines.push(`  note: ${n}`);
  if (report.diagnostics.length) lines.push('', 'Not every state could be built:', renderDiagnostics(report.diagnostics));
  const first = firstFailingState(report);
  const failedSequence = report.sequence.filter((c) => c.status === 'fail').map((c) => c.id);
  lines.push('');
  if (migrationHolds(report) && report.diagnostics.length === 0) lines.push(`The migration holds in every state — ${report.durationMs.toFixed(0)} ms`);
  else {
    const parts = [first ? `first failing state: ${first.name}` : undefined, failedSequence.length ? `violated over the migration: ${failedSequence.join(', ')}` : undefined, report.diagnostics.length ? `${report.diagnostics.length} cut-over order(s) stop at a state that cannot be built (the states after it are not checked)` : undefined].filter(Boolean);
    lines.push(`The migration does NOT hold — ${parts.join('; ')} — ${report.durationMs.toFixed(0)} ms`);
  }
  return lines.join('\n');
}
