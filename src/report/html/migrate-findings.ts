/**
 * Migrate's report as the page lists it: one view per state (each step and each half-applied cut-over
 * state) with its verdict, its own network and its separation matrix; every violation of a state (its
 * pack, its T3) as a finding drawn on that state's network, and every violation over the sequence (T1,
 * T2, T4, T5, business flows) on the step whose file it names (else the last step). Graph elements,
 * drawings and matrices that are the same for several states are stored once.
 */
import path from 'node:path';
import { formatLocation } from '../../diagnostics/diagnostic.js';
import type { Lang } from '../../i18n/lang.js';
import { MIGRATE_FRAME } from '../../i18n/migrate-frame.js';
import { VERIFY_FRAME } from '../../i18n/verify-frame.js';
import type { MigrationReport, StateReport } from '../../migrate/model.js';
import { firstFailingState, migrationHolds, stateHolds } from '../../migrate/verdict.js';
import type { CheckResult, Violation } from '../../verify/result.js';
import type { CheckRow, ExceptionData, FindingData, GraphElement, MatrixData, StateView } from './page-data.js';
import { withPositions } from './nested-layout.js';
import { verifyMatrix } from './separation-matrix.js';
import { topologyGraph } from './topology-graph.js';
import { verifyFindings } from './verify-findings.js';

export interface MigratePageParts {
  readonly views: StateView[];
  readonly elements: GraphElement[];
  readonly graphs: number[][];
  readonly matrices: MatrixData[];
  readonly initialView: number;
  readonly findings: FindingData[];
  readonly checks: CheckRow[];
  readonly exceptions: ExceptionData[];
  readonly notes: string[];
  readonly verdict: { ok: boolean; text: string };
}

const checksOf = (s: StateReport): CheckResult[] => [...s.verify.results, ...s.temporal];

/** Values stored once, by their JSON text: the index of each. */
class Pool<T> {
  readonly values: T[] = [];
  private readonly index = new Map<string, number>();
  add(value: T): number {
    const key = JSON.stringify(value);
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.values.push(value) - 1;
      this.index.set(key, i);
    }
    return i;
  }
}

/** The step state a sequence violation belongs to: the step whose file its location names, else the last step. */
function viewOfViolation(report: MigrationReport, v: Violation): number {
  const file = v.location?.file;
  let last = -1;
  for (const [i, s] of report.states.entries()) {
    if (s.kind !== 'step') continue;
    last = i;
    if (file !== undefined && path.resolve(s.verify.topologyFile) === path.resolve(file)) return i;
  }
  return last;
}

export function migratePageParts(report: MigrationReport, lang: Lang): MigratePageParts {
  const f = MIGRATE_FRAME[lang];
  const status = VERIFY_FRAME[lang].status;
  const elements = new Pool<GraphElement>();
  const graphs = new Pool<number[]>();
  const matrices = new Pool<MatrixData>();
  const views: StateView[] = [];
  const findings: FindingData[] = [];
  let n = 0;
  const add = (list: readonly FindingData[], view: number, state: StateReport) => {
    for (const x of list) findings.push({ ...x, id: `f${++n}`, group: `${state.name}: ${x.group}`, view });
  };

  for (const [i, s] of report.states.entries()) {
    const graph = graphs.add((s.topology ? withPositions(topologyGraph(s.topology)) : []).map((e) => elements.add(e)));
    const matrix = s.topology?.model ? verifyMatrix(s.topology.model, s.topology, s.verify, [], lang) : undefined;
    const checks = checksOf(s);
    const failed = checks.filter((r) => r.status === 'fail');
    const what = s.kind === 'step' ? `${s.verify.model ?? f.noModel}${s.verify.scenarioFile ? f.scenario(s.verify.scenarioFile) : ''}` : f.rfOf(s.modelChoice ?? f.noModel);
    views.push({
      name: s.name,
      kind: s.kind,
      ok: stateHolds(s),
      verdict: `${s.kind === 'step' ? f.step : f.halfApplied} — ${what}: ${f.counts(checks.filter((r) => r.status === 'pass').length, failed.map((r) => r.id))}`,
      lines: [
        ...(s.kind === 'half-applied' ? [`${f.changedSoFar}: ${s.applied.join(', ')}`, ...(s.modelChoice ? [f.modelChoice(s.modelChoice)] : [])] : []),
        ...checks.map((r) => f.checkLine(r.id, status[r.status], r.violations.length)),
        ...(s.flowsDown.length ? [f.flowsDown(s.flowsDown.length), ...s.flowsDown.map((x) => `  ${x}`)] : []),
      ],
      graph,
      matrix: matrix && matrices.add(matrix),
    });
    if (s.topology) add(verifyFindings(s.topology, { ...s.verify, results: checks }, lang), i, s);
  }

  // Violations over the whole migration, each drawn on the step it names.
  for (const c of report.sequence) {
    const byView = new Map<number, Violation[]>();
    for (const v of c.violations) {
      const view = viewOfViolation(report, v);
      byView.set(view, [...(byView.get(view) ?? []), v]);
    }
    for (const [view, violations] of byView) {
      const state = report.states[view];
      if (state?.topology) add(verifyFindings(state.topology, { ...state.verify, results: [{ ...c, violations }] }, lang), view, state);
      else for (const v of violations) findings.push({ id: `f${++n}`, group: c.id, title: v.summary, tone: 'fail', location: v.location && formatLocation(v.location), lines: [...(v.details ?? [])], cells: [], steps: [], deciding: [] });
    }
  }

  const checks: CheckRow[] = [
    ...report.states.map((s) => ({ id: s.kind === 'step' ? f.step : f.halfApplied, title: s.name, status: stateHolds(s) ? 'pass' : 'fail', lines: checksOf(s).filter((r) => r.status !== 'pass').map((r) => f.checkLine(r.id, status[r.status], r.violations.length)) })),
    ...report.sequence.map((c) => ({ id: c.id, title: c.title, status: c.status, lines: [...(c.basis ? [`${VERIFY_FRAME[lang].basis}: ${c.basis}`] : []), ...c.notes] })),
  ];

  // Each step's scenario exceptions, once per exception (the states that used it listed).
  const exceptions = new Map<string, ExceptionData>();
  for (const s of report.states) {
    for (const e of s.verify.exceptions) {
      const key = `${e.name}\0${e.location ? formatLocation(e.location) : ''}`;
      const used = e.appliedIn.length ? [`${s.name}: ${e.appliedIn.join(', ')}`] : [];
      const seen = exceptions.get(key);
      if (seen) exceptions.set(key, { ...seen, usedBy: [...seen.usedBy, ...used] });
      else {
        exceptions.set(key, {
          name: e.name, justification: e.justification, expires: e.expires, expired: e.status === 'expired',
          appliesTo: e.appliesTo ? e.appliesTo.join(', ') : 'every check', scope: s.verify.scenarioFile ?? '', location: e.location && formatLocation(e.location), usedBy: used,
        });
      }
    }
  }

  const first = firstFailingState(report);
  const failedSequence = report.sequence.filter((c) => c.status === 'fail').map((c) => c.id);
  const ok = migrationHolds(report) && report.diagnostics.length === 0;
  const parts = [first ? f.firstFailing(first.name) : undefined, failedSequence.length ? f.violatedOver(failedSequence) : undefined, report.diagnostics.length ? f.stopped(report.diagnostics.length) : undefined].filter((p): p is string => p !== undefined);
  const lastStep = report.states.reduce((last, s, i) => (s.kind === 'step' ? i : last), 0);
  return {
    views,
    elements: elements.values,
    graphs: graphs.values,
    matrices: matrices.values,
    initialView: first ? report.states.indexOf(first) : (findings[0]?.view ?? lastStep),
    findings,
    checks,
    exceptions: [...exceptions.values()],
    notes: [...report.notes, ...report.diagnostics.map((d) => `${d.code} ${d.location ? `${formatLocation(d.location)}: ` : ''}${d.message}`)],
    verdict: { ok, text: ok ? f.pageHolds : f.pageDoesNotHold(parts) },
  };
}
