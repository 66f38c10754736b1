/** The readable report: one line per invariant/property with its mark, violations with witness and trace beneath. */
import { formatLocation } from '../../diagnostics/diagnostic.js';
import { formatHeader, renderTraces } from '../../engine/render.js';
import type { CheckResult, ExceptionRecord, ResultStatus, VerifyReport, Witness } from '../result.js';

const MARK: Record<ResultStatus, string> = { pass: '✓', fail: '✗', 'not-applicable': '–', 'not-checkable': '?' };
const WORD: Record<ResultStatus, string> = { pass: 'holds', fail: 'VIOLATED', 'not-applicable': 'not applicable', 'not-checkable': 'not checkable from the model' };

function indent(text: string, by: string): string {
  return text.split('\n').map((l) => `${by}${l}`).join('\n');
}

function witnessLines(w: Witness, by: string): string[] {
  const lines = [`${by}witness: ${formatHeader(w.header)} from ${w.start}${w.startInterface ? `.${w.startInterface}` : ''}${w.via ? ` via ${w.via} (the sender's choice of next hop)` : ''} — simulator ${w.replayed ? `confirms it reaches ${w.expectedAt}` : `does NOT confirm arrival at ${w.expectedAt}`}`];
  lines.push(indent(renderTraces(w.traces), `${by}  `));
  return lines;
}

/** One check with its violations, witnesses and chains (also the failure text of the testing API's matchers). */
export function resultLines(r: CheckResult, verbose: boolean): string[] {
  const lines = [`${MARK[r.status]} ${r.id.padEnd(4)} ${r.title} — ${WORD[r.status]} (${r.durationMs.toFixed(0)} ms)`];
  if (r.basis) lines.push(`      basis: ${r.basis}`);
  if (r.status !== 'pass' || verbose) for (const n of r.notes) lines.push(`      note: ${n}`);
  if (r.exceptionsUsed.length) lines.push(`      exceptions applied: ${r.exceptionsUsed.join(', ')}`);
  r.violations.forEach((v, i) => {
    lines.push(`    ${i + 1}) ${v.summary}${v.location ? ` [${formatLocation(v.location)}]` : ''}`);
    for (const d of v.details ?? []) lines.push(`       ${d}`);
    if (v.headerSummary) lines.push('       violating headers:', indent(v.headerSummary, '         '));
    if (v.witness) lines.push(...witnessLines(v.witness, '       '));
    v.chain?.forEach((s, j) => {
      lines.push(`       step ${j + 1}: ${s.from} —${s.channel}→ ${s.to}  (${s.because})`);
      if (s.packet) lines.push(...witnessLines(s.packet, '         '));
    });
  });
  return lines;
}

/** Where the scenario came from, or where segproof looked for one. */
function scenarioLines(report: VerifyReport): string[] {
  const choice = report.scenarioChoice;
  if (choice?.by === 'none') return [`No scenario: none given with --scenario, and none found by the topology file's name at ${choice.searched.join(' or ')}`];
  if (report.scenarioFile === undefined) return [];
  return [`Scenario ${report.scenarioFile}${choice?.by === 'file-name' ? ' (found by the topology file\'s name)' : choice?.by === 'option' ? ' (--scenario)' : ''}`];
}

const EXCEPTION_WORD: Record<ExceptionRecord['status'], string> = { applied: 'applied', unused: 'in force, exempted nothing', expired: 'EXPIRED, not applied' };

/** Every exception with its justification and expiry, so that a report alone can be audited. */
function exceptionLines(report: VerifyReport): string[] {
  if (report.exceptions.length === 0) return [];
  const lines = ['', `Exceptions${report.today ? ` (expiry judged on ${report.today})` : ''}:`];
  for (const e of report.exceptions) {
    const expiry = e.expires === undefined ? 'no expiry' : e.status === 'expired' ? `expired on ${e.expires}` : `expires ${e.expires}`;
    const where = e.status === 'applied' ? ` in ${e.appliedIn.join(', ')}` : '';
    lines.push(`  ${e.name} — ${EXCEPTION_WORD[e.status]}${where} (${expiry})${e.location ? ` [${formatLocation(e.location)}]` : ''}`);
    lines.push(`      justification: ${e.justification.trim().replace(/\s*\n\s*/g, ' ')}`);
  }
  return lines;
}

export function renderVerifyReport(report: VerifyReport, verbose = false): string {
  const counts = { pass: 0, fail: 0, 'not-applicable': 0, 'not-checkable': 0 };
  for (const r of report.results) counts[r.status]++;
  const head = `Verifying ${report.topology} (${report.topologyFile})${report.model ? `, model ${report.model}` : ', no model declared (no invariant pack)'}${report.guidelineVersion ? `, guideline ${report.guidelineVersion}` : ''}`;
  const lines = [head, ...scenarioLines(report), ''];
  for (const r of report.results) lines.push(...resultLines(r, verbose));
  lines.push(...exceptionLines(report));
  if (report.partial.length) lines.push('', 'PARTIAL MODEL — nothing here is proven about the devices:', ...report.partial.map((p) => `  ${p}`));
  const verdict =
    counts.fail > 0 ? `${counts.fail} violated`
    : report.partial.length ? 'Not proven (partial model)'
    : report.results.length === 0 ? 'Nothing checked (no model declared and no scenario properties)'
    : 'All checked properties hold';
  lines.push('', `${verdict}: ${counts.pass} hold, ${counts.fail} violated, ${counts['not-applicable']} not applicable, ${counts['not-checkable']} not checkable — ${report.durationMs.toFixed(0)} ms`);
  return lines.join('\n');
}
