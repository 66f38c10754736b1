/** JUnit XML for CI: one testcase per state (its pack and T3) and one per check over the whole migration. */
import { xmlEscape } from '../verify/report/junit.js';
import type { CheckResult } from '../verify/result.js';
import { resultLines } from '../verify/report/text.js';
import type { MigrationReport } from './model.js';
import { stateHolds } from './verdict.js';

export function migrationReportToJunit(report: MigrationReport): string {
  const cases: { name: string; failed: boolean; skipped?: string; body: string }[] = [];
  for (const s of report.states) {
    const failing: CheckResult[] = [...s.verify.results, ...s.temporal].filter((r) => r.status === 'fail');
    cases.push({ name: `state ${s.name}`, failed: !stateHolds(s), body: failing.flatMap((r) => resultLines(r, false)).join('\n') || s.verify.partial.join('\n') });
  }
  for (const c of report.sequence) {
    const skipped = c.status === 'not-applicable' || c.status === 'not-checkable' ? `${c.status}: ${c.notes.join('; ')}` : undefined;
    cases.push({ name: `${c.id}: ${c.title}`, failed: c.status === 'fail', skipped, body: resultLines(c, false).join('\n') });
  }
  for (const d of report.diagnostics) cases.push({ name: `${d.code}: ${d.message}`, failed: true, body: `${d.location?.file}:${d.location?.line}:${d.location?.column} ${d.message}` });
  const failures = cases.filter((c) => c.failed).length;
  const skipped = cases.filter((c) => c.skipped !== undefined).length;
  const time = (report.durationMs / 1000).toFixed(3);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="segproof migrate" tests="${cases.length}" failures="${failures}" skipped="${skipped}" time="${time}">`,
    `  <testsuite name="segproof.migrate" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${time}">`,
  ];
  for (const c of cases) {
    lines.push(`    <testcase classname="segproof.migrate" name="${xmlEscape(c.name)}">`);
    if (c.failed) lines.push(`      <failure message="${xmlEscape(c.name)}">${xmlEscape(c.body)}</failure>`);
    else if (c.skipped !== undefined) lines.push(`      <skipped message="${xmlEscape(c.skipped)}"/>`);
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}
