/**
 * Diff's report as the page lists it: one finding per reach change (its witness drawn along the path of
 * the version where it reaches, with the deciding rule before and after) and per information-flow chain
 * that appears or disappears; status changes as check rows; rule changes and one-version endpoints as notes.
 */
import type { ChainSummary, ChangeWitness, DecidingRule, DiffReport, ReachChange, WitnessSide } from '../../diff/report.js';
import { DIFF_FRAME, type DiffFrame } from '../../i18n/diff-frame.js';
import type { Lang } from '../../i18n/lang.js';
import type { Topology } from '../../topology/model.js';
import type { ChainStepData, CheckRow, FindingData, RuleRef } from './page-data.js';
import { graphIdOf } from './topology-graph.js';

type IdOf = (name: string) => string | undefined;

function ruleRef(label: string, r: DecidingRule, f: DiffFrame): RuleRef {
  return { text: f.pageRule(label, r.node, r.description), location: r.location };
}

function sideLine(label: string, s: WitnessSide, f: DiffFrame): string {
  if (!s.sent) return `${label}: ${f.pageNotSent}`;
  return f.pageSide(label, s.disposition, s.at, s.reason, s.path);
}

function pathSteps(idOf: IdOf, path: readonly string[], label: string): ChainStepData[] {
  const steps: ChainStepData[] = [];
  for (let i = 0; i + 1 < path.length; i++) {
    const from = path[i] as string;
    const to = path[i + 1] as string;
    steps.push({ from: idOf(from), to: idOf(to), text: `${from} → ${to} (${label})`, rules: [] });
  }
  return steps;
}

function witnessParts(idOf: IdOf, w: ChangeWitness, direction: ReachChange['direction'], f: DiffFrame): Pick<FindingData, 'steps' | 'outcome' | 'deciding'> & { lines: string[] } {
  // Drawn along the version where the packet reaches: after for a new reach, before for a removed one.
  const [shown, label] = direction === 'new' ? [w.after, f.after] : [w.before, f.before];
  const deciding = [w.before.decidingRule && ruleRef(f.before, w.before.decidingRule, f), w.after.decidingRule && ruleRef(f.after, w.after.decidingRule, f)].filter((r): r is RuleRef => r !== undefined);
  const lines = [
    f.pageWitness(w.text, w.start, w.via, w.spoofed ?? false, w.confirmed),
    sideLine(f.before, w.before, f),
    sideLine(f.after, w.after, f),
  ];
  return { lines, steps: pathSteps(idOf, shown.path, label), outcome: sideLine(label, shown, f), deciding };
}

function changeFinding(idOf: IdOf, c: ReachChange, id: string, f: DiffFrame): FindingData {
  const lines = [
    f.changeLine(`${c.source} (${f.kind(c.sourceKind)}, ${f.classes(c.sourceClass)})`, `${c.destination} (${f.kind(c.destinationKind)}, ${f.classes(c.destinationClass)})`, c.reach.join(', '), c.direction === 'new'),
    ...(c.endpointOnlyInOneVersion ? [f.oneVersionOnly] : []),
    `${f.headers}:`,
    ...c.headers.split('\n').map((l) => `  ${l}`),
  ];
  const base = { id, group: c.classPair, title: `${c.direction === 'new' ? f.newTitle : f.removedTitle} ${c.source} → ${c.destination}`, tone: c.direction, cells: c.sourceClass.flatMap((from) => c.destinationClass.map((t) => `${from}>${t}`)) };
  if (!c.witness) return { ...base, lines, steps: [], deciding: [] };
  const w = witnessParts(idOf, c.witness, c.direction, f);
  return { ...base, lines: [...lines, ...w.lines], steps: w.steps, outcome: w.outcome, deciding: w.deciding };
}

function chainFinding(idOf: IdOf, s: ChainSummary, appeared: boolean, id: string, f: DiffFrame): FindingData {
  return {
    id,
    group: appeared ? f.chainsAppeared : f.chainsDisappeared,
    title: `${appeared ? f.appearedTitle : f.disappearedTitle} ${s.key}`,
    tone: appeared ? 'appeared' : 'disappeared',
    lines: [`${s.source} (${f.classes(s.sourceClass)}) → ${s.target} (${f.classes(s.targetClass)}) ${f.pageOver} ${f.channel(s.channel)}`, `${f.gateways}: ${s.gateways.join(', ') || f.none}`],
    cells: s.sourceClass.flatMap((f) => s.targetClass.map((t) => `${f}>${t}`)),
    steps: s.links.map((l) => ({ from: idOf(l.from), to: idOf(l.to), text: `${l.from} —${l.channel}${l.reply ? ' (reply)' : ''}→ ${l.to} (${l.because})`, rules: [] })),
    outcome: f.pageArrives(s.channel, s.target, appeared),
    deciding: [],
  };
}

export function diffFindings(report: DiffReport, before: Topology, after: Topology, lang: Lang = 'en'): FindingData[] {
  const f = DIFF_FRAME[lang];
  const idOf: IdOf = (name) => graphIdOf(after, name) ?? graphIdOf(before, name);
  let n = 0;
  return [
    ...report.changes.map((c) => changeFinding(idOf, c, `f${++n}`, f)),
    ...report.flowDelta.appeared.map((s) => chainFinding(idOf, s, true, `f${++n}`, f)),
    ...report.flowDelta.disappeared.map((s) => chainFinding(idOf, s, false, `f${++n}`, f)),
  ];
}

export function diffChecks(report: DiffReport, lang: Lang = 'en'): CheckRow[] {
  const f = DIFF_FRAME[lang];
  return report.statusChanges.map((s) => ({
    id: s.id,
    title: f.checkTitle(s.id, s.kind, s.title),
    status: s.regression ? 'fail' : s.fixed ? 'pass' : `${s.before} → ${s.after}`,
    lines: [
      lang === 'en'
        ? `before: ${s.before} (${s.violationsBefore} violations), after: ${s.after} (${s.violationsAfter} violations)${s.regression ? ' — a regression' : s.fixed ? ' — fixed' : ''}`
        : `${f.before}：${f.status(s.before)}（違反 ${s.violationsBefore}）、${f.after}：${f.status(s.after)}（違反 ${s.violationsAfter}）${s.regression ? ` — ${f.what.regression}` : s.fixed ? ` — ${f.what.fixed}` : ''}`,
      ...s.summaries.map(f.summary),
    ],
  }));
}

export function diffNotes(report: DiffReport): string[] {
  return [
    ...report.ruleChanges.map((r) => `rule ${r.kind}: ${r.node} ACL ${r.acl} rule ${r.rule}${r.before ? ` (before ${r.before})` : ''}${r.after ? ` (after ${r.after})` : ''}${r.detail ? ` — ${r.detail}` : ''}`),
    ...report.endpoints.onlyBefore.map((e) => `only before: ${e}`),
    ...report.endpoints.onlyAfter.map((e) => `only after: ${e}`),
    ...(report.partial ?? []).map((p) => `not compared: ${p}`),
  ];
}
