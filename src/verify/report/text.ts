/** The readable report: one line per invariant/property with its mark, violations with witness and trace beneath. */
import { formatLocation } from '../../diagnostics/diagnostic.js';
import { formatHeader, renderTraces } from '../../engine/render.js';
import type { Lang } from '../../i18n/lang.js';
import { localiseTraceText } from '../../i18n/trace-ja.js';
import { VERIFY_FRAME, type VerifyFrame } from '../../i18n/verify-frame.js';
import type { CheckResult, ResultStatus, VerifyReport, Witness } from '../result.js';

const MARK: Record<ResultStatus, string> = { pass: '✓', fail: '✗', 'not-applicable': '–', 'not-checkable': '?' };

function indent(text: string, by: string): string {
  return text.split('\n').map((l) => `${by}${l}`).join('\n');
}

function witnessLines(w: Witness, by: string, f: VerifyFrame, lang: Lang): string[] {
  const lines = [`${by}${f.witness}: ${formatHeader(w.header)}${f.from(`${w.start}${w.startInterface ? `.${w.startInterface}` : ''}`, w.via)} — ${w.replayed ? f.confirms(w.expectedAt) : f.notConfirmed(w.expectedAt)}`];
  lines.push(indent(localiseTraceText(renderTraces(w.traces), lang), `${by}  `));
  return lines;
}

/** One check with its violations, witnesses and chains (also the failure text of the testing API's matchers). */
export function resultLines(r: CheckResult, verbose: boolean, lang: Lang = 'en'): string[] {
  const f = VERIFY_FRAME[lang];
  const lines = [`${MARK[r.status]} ${r.id.padEnd(4)} ${r.title} — ${f.status[r.status]} (${r.durationMs.toFixed(0)} ms)`];
  if (r.basis) lines.push(`      ${f.basis}: ${r.basis}`);
  if (r.status !== 'pass' || verbose) for (const n of r.notes) lines.push(`      ${f.note}: ${n}`);
  if (r.exceptionsUsed.length) lines.push(`      ${f.exceptionsApplied}: ${r.exceptionsUsed.join(', ')}`);
  r.violations.forEach((v, i) => {
    lines.push(`    ${i + 1}) ${v.summary}${v.location ? ` [${formatLocation(v.location)}]` : ''}`);
    for (const d of v.details ?? []) lines.push(`       ${d}`);
    if (v.headerSummary) lines.push(`       ${f.violatingHeaders}:`, indent(v.headerSummary, '         '));
    if (v.witness) lines.push(...witnessLines(v.witness, '       ', f, lang));
    v.chain?.forEach((s, j) => {
      lines.push(`       ${f.link(j + 1, s.from, s.channel, s.to, s.because)}`);
      if (s.packet) lines.push(...witnessLines(s.packet, '         ', f, lang));
    });
  });
  return lines;
}

/** Where the scenario came from, or where segproof looked for one. */
function scenarioLines(report: VerifyReport, f: VerifyFrame): string[] {
  const choice = report.scenarioChoice;
  if (choice?.by === 'none') return [f.noScenario(choice.searched.join(' or '))];
  if (report.scenarioFile === undefined) return [];
  return [f.scenario(report.scenarioFile, choice?.by)];
}

/** Every exception with its justification and expiry, so that a report alone can be audited. */
function exceptionLines(report: VerifyReport, f: VerifyFrame): string[] {
  if (report.exceptions.length === 0) return [];
  const lines = ['', f.exceptions(report.today)];
  for (const e of report.exceptions) {
    const where = e.status === 'applied' ? f.appliedIn(e.appliedIn.join(', ')) : '';
    lines.push(`  ${e.name} — ${f.exceptionStatus[e.status]}${where} (${f.expiry(e.expires, e.status === 'expired')})${e.location ? ` [${formatLocation(e.location)}]` : ''}`);
    lines.push(`      ${f.justification}: ${e.justification.trim().replace(/\s*\n\s*/g, ' ')}`);
  }
  return lines;
}

/** The report as text; give a report localised with localiseVerifyReport for `lang` other than English. */
export function renderVerifyReport(report: VerifyReport, verbose = false, lang: Lang = 'en'): string {
  const f = VERIFY_FRAME[lang];
  const counts = { pass: 0, fail: 0, 'not-applicable': 0, 'not-checkable': 0 };
  for (const r of report.results) counts[r.status]++;
  const lines = [f.head(report.topology, report.topologyFile, report.model, report.guidelineVersion), ...scenarioLines(report, f), ''];
  for (const r of report.results) lines.push(...resultLines(r, verbose, lang));
  lines.push(...exceptionLines(report, f));
  if (report.partial.length) lines.push('', f.partial, ...report.partial.map((p) => `  ${p}`));
  const verdict = f.verdict({ pass: counts.pass, fail: counts.fail, na: counts['not-applicable'], nc: counts['not-checkable'], partial: report.partial.length > 0, none: report.results.length === 0, ms: report.durationMs });
  lines.push('', verdict);
  return lines.join('\n');
}
