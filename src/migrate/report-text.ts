/** The readable migration report: per state its pack status and T3, then the T invariants over the sequence. */
import { renderDiagnostics } from '../diagnostics/diagnostic.js';
import { DIAGNOSTIC_WORDS } from '../i18n/diagnostic-words.js';
import type { Lang } from '../i18n/lang.js';
import { MIGRATE_FRAME, type MigrateFrame } from '../i18n/migrate-frame.js';
import type { CheckResult } from '../verify/result.js';
import { resultLines } from '../verify/report/text.js';
import type { MigrationReport, StateReport } from './model.js';
import { firstFailingState, migrationHolds, stateHolds } from './verdict.js';

function stateLines(s: StateReport, verbose: boolean, lang: Lang, f: MigrateFrame): string[] {
  const failing: CheckResult[] = [...s.verify.results, ...s.temporal].filter((r) => r.status === 'fail');
  const counted = [...s.verify.results, ...s.temporal];
  const held = counted.filter((r) => r.status === 'pass').length;
  const mark = stateHolds(s) ? '✓' : '✗';
  const what = s.kind === 'step' ? `${s.verify.model ?? f.noModel}${s.verify.scenarioFile ? f.scenario(s.verify.scenarioFile) : ''}` : f.rfOf(s.modelChoice ?? f.noModel);
  const lines = [`${mark} ${s.kind === 'step' ? f.step : `  ${f.halfApplied}`} ${s.name} — ${what}: ${f.counts(held, failing.map((r) => r.id))}`];
  const by = s.kind === 'step' ? '    ' : '      ';
  if (s.kind === 'half-applied' && (!stateHolds(s) || verbose)) lines.push(`${by}${f.changedSoFar}: ${s.applied.join(', ')}`);
  for (const r of failing) lines.push(...resultLines(r, verbose, lang).map((l) => `${by}${l}`));
  if (s.flowsDown.length > 0) lines.push(`${by}${f.flowsDown(s.flowsDown.length)}`, ...s.flowsDown.map((x) => `${by}  ${x}`));
  return lines;
}

/** The report as text; give a report localised with localiseMigrationReport for `lang` other than English. */
export function renderMigrationReport(report: MigrationReport, verbose = false, lang: Lang = 'en'): string {
  const f = MIGRATE_FRAME[lang];
  const halves = report.states.filter((s) => s.kind === 'half-applied').length;
  const lines = [f.head(report.steps.join(' → '), report.plan, report.states.length - halves, halves), ''];
  for (const s of report.states) lines.push(...stateLines(s, verbose, lang, f));
  lines.push('', f.overMigration);
  for (const c of report.sequence) lines.push(...resultLines(c, verbose, lang).map((l) => `  ${l}`));
  for (const n of report.notes) lines.push(`  ${f.note}: ${n}`);
  if (report.diagnostics.length) lines.push('', f.notBuilt, renderDiagnostics(report.diagnostics, DIAGNOSTIC_WORDS[lang]));
  const first = firstFailingState(report);
  const failedSequence = report.sequence.filter((c) => c.status === 'fail').map((c) => c.id);
  lines.push('');
  if (migrationHolds(report) && report.diagnostics.length === 0) lines.push(f.holds(report.durationMs));
  else {
    const parts = [first ? f.firstFailing(first.name) : undefined, failedSequence.length ? f.violatedOver(failedSequence) : undefined, report.diagnostics.length ? f.stopped(report.diagnostics.length) : undefined].filter((p): p is string => p !== undefined);
    lines.push(f.doesNotHold(parts, report.durationMs));
  }
  return lines.join('\n');
}
