/**
 * Verify's results as the page lists them: one finding per violation, its chain as steps on the graph
 * (the witness packet hop by hop, or the information-flow chain link by link) with the deciding rules
 * and their file:line; and one row per check with its status.
 */
import { formatLocation } from '../../diagnostics/diagnostic.js';
import type { Lang } from '../../i18n/lang.js';
import { pageLineJa } from '../../i18n/trace-ja.js';
import { VERIFY_FRAME } from '../../i18n/verify-frame.js';
import type { Topology } from '../../topology/model.js';
import type { ChainStep, CheckResult, VerifyReport, Violation } from '../../verify/result.js';
import type { ChainStepData, CheckRow, FindingData, RuleRef } from './page-data.js';
import { graphIdOf } from './topology-graph.js';
import { aclRule, chosenTrace, decidingRule, traceOutcome, traceSteps, witnessLine } from './witness-steps.js';

/** The matrix cell a violation was filed under: check.ts writes `cell FROM>TO; …` as its first detail. */
export function cellOfViolation(v: Violation): string | undefined {
  for (const d of v.details ?? []) {
    const m = /^cell ([A-Z_]+>[A-Z_]+);/.exec(d);
    if (m) return m[1];
  }
  return undefined;
}

function chainStepData(topology: Topology, s: ChainStep): ChainStepData {
  const rules: RuleRef[] = [];
  const trace = s.packet && chosenTrace(s.packet);
  if (s.packet) rules.push({ text: witnessLine(s.packet) });
  if (trace) {
    for (const hop of trace.hops) for (const a of hop.acls) rules.push(aclRule(hop.node, a));
    rules.push({ text: `ends ${traceOutcome(trace).outcome}` });
    const decided = decidingRule(trace);
    if (decided) rules.push(decided);
  }
  return { from: graphIdOf(topology, s.from), to: graphIdOf(topology, s.to), text: `${s.from} —${s.channel}→ ${s.to} (${s.because})`, rules };
}

function findingOf(topology: Topology, r: CheckResult, v: Violation, id: string): FindingData {
  const lines = [...(v.details ?? [])];
  if (v.headerSummary) lines.push('violating headers:', ...v.headerSummary.split('\n').map((l) => `  ${l}`));
  const cell = cellOfViolation(v);
  const base = { id, group: r.id, title: v.summary, tone: 'fail', location: v.location && formatLocation(v.location), cells: cell ? [cell] : [] };
  const trace = v.witness && chosenTrace(v.witness);
  if (v.witness && trace) {
    const { outcome, deciding } = traceOutcome(trace);
    return { ...base, lines: [...lines, witnessLine(v.witness)], steps: traceSteps(topology, trace), outcome, deciding };
  }
  if (v.chain && v.chain.length > 0) {
    const last = v.chain[v.chain.length - 1] as ChainStep;
    return { ...base, lines, steps: v.chain.map((s) => chainStepData(topology, s)), outcome: `${last.channel} arrives at ${last.to}`, deciding: [] };
  }
  return { ...base, lines, steps: [], deciding: [] };
}

/** Each finding's own lines, steps, rules and ending in Japanese (its title comes localised with the report). */
function findingJa(f: FindingData): FindingData {
  const rule = (r: RuleRef): RuleRef => ({ ...r, text: pageLineJa(r.text) });
  return {
    ...f,
    lines: f.lines.map(pageLineJa),
    steps: f.steps.map((s) => ({ ...s, text: pageLineJa(s.text), rules: s.rules.map(rule) })),
    outcome: f.outcome === undefined ? undefined : pageLineJa(f.outcome),
    deciding: f.deciding.map(rule),
  };
}

/** Every violation of the report as a finding; `lang` for the findings' own words (the report comes localised). */
export function verifyFindings(topology: Topology, report: VerifyReport, lang: Lang = 'en'): FindingData[] {
  let n = 0;
  const findings = report.results.flatMap((r) => r.violations.map((v) => findingOf(topology, r, v, `f${++n}`)));
  return lang === 'en' ? findings : findings.map(findingJa);
}

/** One row per check; `lang` for the rows' own words (the report comes localised). */
export function verifyChecks(report: VerifyReport, lang: Lang = 'en'): CheckRow[] {
  const f = VERIFY_FRAME[lang];
  return report.results.map((r) => ({
    id: r.id,
    title: r.title,
    status: r.status,
    lines: [
      ...(r.basis ? [`${f.basis}: ${r.basis}`] : []),
      ...r.notes,
      ...(r.exceptionsUsed.length ? [`${f.exceptionsApplied}: ${r.exceptionsUsed.join(', ')}`] : []),
      ...(r.violations.length ? [lang === 'ja' ? `違反 ${r.violations.length} 件を列挙` : `${r.violations.length} violation${r.violations.length === 1 ? '' : 's'} listed`] : []),
    ],
  }));
}
