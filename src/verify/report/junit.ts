/** JUnit XML for CI: one testcase per invariant/property; violations are failures, unchecked ones skipped with the reason. */
import type { ExceptionRecord, VerifyReport } from '../result.js';
import { renderVerifyReport } from './text.js';

export function xmlEscape(text: string): string {
  // Characters XML 1.0 forbids are dropped; the five specials are escaped.
  return text.replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD]/gu, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** One line per exception: name, what became of it, expiry and justification (the audit trail CI keeps). */
function exceptionText(e: ExceptionRecord): string {
  const expiry = e.expires === undefined ? 'no expiry' : e.status === 'expired' ? `expired on ${e.expires}` : `expires ${e.expires}`;
  return `exception ${e.name} (${e.status}, ${expiry}): ${e.justification.trim().replace(/\s*\n\s*/g, ' ')}`;
}

export function verifyReportToJunit(report: VerifyReport): string {
  // A partial model is one more failing testcase: CI must not go green on an unproven network.
  const partial = report.partial.length > 0 ? 1 : 0;
  const tests = report.results.length + partial;
  const failures = report.results.filter((r) => r.status === 'fail').length + partial;
  const skipped = report.results.filter((r) => r.status === 'not-applicable' || r.status === 'not-checkable').length;
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const suite = `segproof.verify.${report.topology}`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="segproof verify" tests="${tests}" failures="${failures}" skipped="${skipped}" time="${seconds(report.durationMs)}">`,
    `  <testsuite name="${xmlEscape(suite)}" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(report.durationMs)}">`,
  ];
  if (report.exceptions.length) {
    lines.push('    <properties>');
    for (const e of report.exceptions) lines.push(`      <property name="${xmlEscape(`exception.${e.name}`)}" value="${xmlEscape(exceptionText(e))}"/>`);
    lines.push('    </properties>');
  }
  if (partial) {
    lines.push(`    <testcase classname="${xmlEscape(`${suite}.model`)}" name="model complete" time="0.000">`);
    lines.push(`      <failure message="partial model: nothing is proven about the devices" type="partial">${xmlEscape(report.partial.join('\n'))}</failure>`);
    lines.push('    </testcase>');
  }
  for (const r of report.results) {
    const name = `${r.id}: ${r.title}`;
    lines.push(`    <testcase classname="${xmlEscape(`${suite}.${r.kind}`)}" name="${xmlEscape(name)}" time="${seconds(r.durationMs)}">`);
    if (r.status === 'fail') {
      const body = renderVerifyReport({ ...report, results: [r], exceptions: [] });
      lines.push(`      <failure message="${xmlEscape(r.violations[0]?.summary ?? 'violated')}" type="${xmlEscape(r.id)}">${xmlEscape(body)}</failure>`);
    } else if (r.status !== 'pass') {
      lines.push(`      <skipped message="${xmlEscape(`${r.status}: ${r.notes.join('; ')}`)}"/>`);
    }
    const used = report.exceptions.filter((e) => r.exceptionsUsed.includes(e.name)).map(exceptionText);
    if (r.basis || r.notes.length || used.length) lines.push(`      <system-out>${xmlEscape([r.basis ? `basis: ${r.basis}` : '', ...r.notes, ...used].filter(Boolean).join('\n'))}</system-out>`);
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}
