/**
 * Diff's report as the page lists it: one finding per reach change (its witness drawn along the path of
 * the version where it reaches, with the deciding rule before and after) and per information-flow chain
 * that appears or disappears; status changes as check rows; rule changes and one-version endpoints as notes.
 */
import type { ChainSummary, ChangeWitness, DecidingRule, DiffReport, ReachChange, WitnessSide } from '../../diff/report.js';
import type { Topology } from '../../topology/model.js';
import type { ChainStepData, CheckRow, FindingData, RuleRef } from './page-data.js';
import { graphIdOf } from './topology-graph.js';

type IdOf = (name: string) => string | undefined;

function ruleRef(label: string, r: DecidingRule): RuleRef {
  return { text: `${label}: ${r.node}: ${r.description}`, location: r.location };
}

function sideLine(label: string, s: WitnessSide): string {
  if (!s.sent) return `${label}: not sent (the start does not exist in this version)`;
  return `${label}: ${s.disposition ?? 'no trace'}${s.at ? ` at ${s.at}` : ''}${s.reason ? ` — ${s.reason}` : ''}${s.path.length ? ` (path ${s.path.join(' → ')})` : ''}`;
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

function witnessParts(idOf: IdOf, w: ChangeWitness, direction: ReachChange['direction']): Pick<FindingData, 'steps' | 'outcome' | 'deciding'> & { lines: string[] } {
  // Drawn along the version where the packet reaches: after for a new reach, before for a removed one.
  const [shown, label] = direction === 'new' ? [w.after, 'after'] : [w.before, 'before'];
  const deciding = [w.before.decidingRule && ruleRef('before', w.before.decidingRule), w.after.decidingRule && ruleRef('after', w.after.decidingRule)].filter((r): r is RuleRef => r !== undefined);
  const lines = [
    `witness: ${w.text} from ${w.start}${w.via ? ` via ${w.via} (the sender's choice of next hop)` : ''}${w.spoofed ? ' (forged source address)' : ''}${w.confirmed ? '' : ' — NOT confirmed by the simulator'}`,
    sideLine('before', w.before),
    sideLine('after', w.after),
  ];
  return { lines, steps: pathSteps(idOf, shown.path, label), outcome: sideLine(label, shown), deciding };
}

function changeFinding(idOf: IdOf, c: ReachChange, id: string): FindingData {
  const verb = c.direction === 'new' ? 'newly reaches' : 'no longer reaches';
  const lines = [
    `${c.source} (${c.sourceKind}, ${c.sourceClass.join('+')}) ${verb} ${c.destination} (${c.destinationKind}, ${c.destinationClass.join('+')}) by ${c.reach.join(', ')}`,
    ...(c.endpointOnlyInOneVersion ? ['the source or the destination exists in one version only'] : []),
    'headers:',
    ...c.headers.split('\n').map((l) => `  ${l}`),
  ];
  const base = { id, group: c.classPair, title: `${c.direction === 'new' ? 'NEW' : 'REMOVED'} ${c.source} → ${c.destination}`, tone: c.direction, cells: c.sourceClass.flatMap((f) => c.destinationClass.map((t) => `${f}>${t}`)) };
  if (!c.witness) return { ...base, lines, steps: [], deciding: [] };
  const w = witnessParts(idOf, c.witness, c.direction);
  return { ...base, lines: [...lines, ...w.lines], steps: w.steps, outcome: w.outcome, deciding: w.deciding };
}

function chainFinding(idOf: IdOf, s: ChainSummary, appeared: boolean, id: string): FindingData {
  return {
    id,
    group: appeared ? 'flow chains appeared' : 'flow chains disappeared',
    title: `${appeared ? 'APPEARED' : 'DISAPPEARED'} ${s.key}`,
    tone: appeared ? 'appeared' : 'disappeared',
    lines: [`${s.source} (${s.sourceClass.join('+')}) → ${s.target} (${s.targetClass.join('+')}) over ${s.channel}`, `gateways: ${s.gateways.join(', ') || 'none'}`],
    cells: s.sourceClass.flatMap((f) => s.targetClass.map((t) => `${f}>${t}`)),
    steps: s.links.map((l) => ({ from: idOf(l.from), to: idOf(l.to), text: `${l.from} —${l.channel}${l.reply ? ' (reply)' : ''}→ ${l.to} (${l.because})`, rules: [] })),
    outcome: `${s.channel} ${appeared ? 'arrives' : 'no longer arrives'} at ${s.target}`,
    deciding: [],
  };
}

export function diffFindings(report: DiffReport, before: Topology, after: Topology): FindingData[] {
  const idOf: IdOf = (name) => graphIdOf(after, name) ?? graphIdOf(before, name);
  let n = 0;
  return [
    ...report.changes.map((c) => changeFinding(idOf, c, `f${++n}`)),
    ...report.flowDelta.appeared.map((s) => chainFinding(idOf, s, true, `f${++n}`)),
    ...report.flowDelta.disappeared.map((s) => chainFinding(idOf, s, false, `f${++n}`)),
  ];
}

export function diffChecks(report: DiffReport): CheckRow[] {
  return report.statusChanges.map((s) => ({
    id: s.id,
    title: s.title,
    status: s.regression ? 'fail' : s.fixed ? 'pass' : `${s.before} → ${s.after}`,
    lines: [`before: ${s.before} (${s.violationsBefore} violations), after: ${s.after} (${s.violationsAfter} violations)${s.regression ? ' — a regression' : s.fixed ? ' — fixed' : ''}`, ...s.summaries],
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
