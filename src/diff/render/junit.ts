/**
 * `segproof diff --junit <file>`: JUnit XML for CI test reports. One testcase per gate (a tripped gate is a
 * failure listing every match with its witness traced in both versions; a gate that could not be judged is
 * an error) and one per invariant or property whose status changed (a failure only where it got worse and a
 * tripped gate matched it, so the failures agree with the exit code). Without gates, one testcase "no differences"
 * stands for `any`.
 */
import { xmlEscape } from '../../verify/report/junit.js';
import { describeMatch, evaluateGates, gotWorse, parseGates, type GateMatch, type GateResult, type GateVerdict } from '../gates.js';
import type { DiffReport, WitnessSide } from '../report.js';

/** Matches written out per failing gate; the rest are counted. */
const MAX_MATCHES = 50;

function sideText(label: string, s: WitnessSide): string {
  if (!s.sent) return `  ${label}: not sent (the start does not exist in this version)`;
  const rule = s.decidingRule ? ` by ${s.decidingRule.description}${s.decidingRule.location ? ` (${s.decidingRule.location})` : ''}` : '';
  const path = s.path.length > 0 ? `; path ${s.path.join(' -> ')}` : '';
  return `  ${label}: ${s.disposition ?? '?'}${s.at ? ` at ${s.at}` : ''}${rule}${s.reason ? ` (${s.reason})` : ''}${path}`;
}

/** A match in a few lines: what, then for a reach change its witness in both versions. */
export function matchWithWitness(m: GateMatch): string {
  const lines = [describeMatch(m)];
  if (m.kind === 'reach' && m.change.witness) {
    const w = m.change.witness;
    lines.push(`  witness: ${w.text} from ${w.start}${w.via ? ` via ${w.via}` : ''}`, sideText('before', w.before), sideText('after', w.after));
    lines.push(`  headers: ${m.change.headers.split('\n').join('; ')}`);
  }
  if (m.kind === 'chain') lines.push(...m.chain.links.map((l) => `  ${l.from} -${l.channel}${l.reply ? ' (reply)' : ''}-> ${l.to}: ${l.because}`));
  if (m.kind === 'status') lines.push(...m.change.summaries.map((s) => `  ${s}`));
  return lines.join('\n');
}

function gateCase(suite: string, r: GateResult): string[] {
  const name = `gate ${r.gate.text}`;
  const out = [`    <testcase classname="${xmlEscape(`${suite}.gates`)}" name="${xmlEscape(name)}" time="0.000">`];
  if (r.unavailable !== undefined) {
    out.push(`      <error message="${xmlEscape(`not judged: ${r.unavailable}`)}" type="unavailable"/>`);
  } else if (r.tripped) {
    const shown = r.matches.slice(0, MAX_MATCHES).map(matchWithWitness);
    if (r.matches.length > MAX_MATCHES) shown.push(`(${r.matches.length - MAX_MATCHES} more)`);
    out.push(`      <failure message="${xmlEscape(`${r.matches.length} match${r.matches.length === 1 ? '' : 'es'}: ${describeMatch(r.matches[0]!)}`)}" type="${xmlEscape(r.gate.text)}">${xmlEscape(shown.join('\n\n'))}</failure>`);
  }
  out.push('    </testcase>');
  return out;
}

export function renderJunit(report: DiffReport, verdict?: GateVerdict): string {
  // No gates: the whole diff is one check (as `--fail-on any` would judge it).
  const judged = verdict && verdict.results.length > 0 ? verdict : anyVerdict(report);
  const implicit = !(verdict && verdict.results.length > 0);
  const suite = `segproof.diff.${report.after.name}`;
  const matchedStatus = new Map<unknown, string[]>();
  for (const r of judged.results) {
    if (!r.tripped) continue;
    const gate = implicit ? 'no differences' : r.gate.text;
    // A fix is never a failing testcase, even where `any` matched it (the gate's own testcase fails).
    for (const m of r.matches) if (m.kind === 'status' && gotWorse(m.change)) matchedStatus.set(m.change, [...(matchedStatus.get(m.change) ?? []), gate]);
  }
  const cases: string[] = [];
  let failures = 0;
  let errors = 0;
  for (const r of judged.results) {
    if (r.unavailable !== undefined) errors++;
    else if (r.tripped) failures++;
    cases.push(...(implicit ? gateCase(suite, { ...r, gate: { kind: 'any', text: 'no differences' } }) : gateCase(suite, r)));
  }
  for (const c of report.statusChanges) {
    cases.push(`    <testcase classname="${xmlEscape(`${suite}.${c.kind}`)}" name="${xmlEscape(`${c.id}: ${c.title}`)}" time="0.000">`);
    const gates = matchedStatus.get(c);
    const text = `${c.before} -> ${c.after} (violations ${c.violationsBefore} -> ${c.violationsAfter})`;
    if (gates) {
      failures++;
      cases.push(`      <failure message="${xmlEscape(`${text}; gate ${gates.join(', ')}`)}" type="${xmlEscape(c.id)}">${xmlEscape(c.summaries.join('\n'))}</failure>`);
    } else {
      cases.push(`      <system-out>${xmlEscape([text, ...c.summaries].join('\n'))}</system-out>`);
    }
    cases.push('    </testcase>');
  }
  const tests = judged.results.length + report.statusChanges.length;
  const seconds = ((report.stats?.durationMs ?? 0) / 1000).toFixed(3);
  const notes = [`before: ${report.before.file}`, `after: ${report.after.file}`, ...(report.partial ?? []).map((p) => `partial: ${p}`)];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="segproof diff" tests="${tests}" failures="${failures}" errors="${errors}" time="${seconds}">`,
    `  <testsuite name="${xmlEscape(suite)}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="0" time="${seconds}">`,
    ...cases,
    `    <system-out>${xmlEscape(notes.join('\n'))}</system-out>`,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function anyVerdict(report: DiffReport): GateVerdict {
  const parsed = parseGates(['any']);
  if (!parsed.ok) throw new Error('the "any" gate does not parse');
  return evaluateGates(parsed.gates, report);
}
