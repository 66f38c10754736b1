/**
 * The zone-class × zone-class separation matrix as the page shows it. For verify, each cell's status
 * comes from the exact per-cell counts of its views (R, F, Z; CheckResult.cells): violated, with the number
 * of violations found in it (listed or not), when any view found one, holds when every view of the cell
 * was checked and none did; for diff, a cell is changed when a reach change goes from one of its classes
 * to the other.
 */
import type { DiffReport } from '../../diff/report.js';
import type { Lang } from '../../i18n/lang.js';
import { matrixLineJa } from '../../i18n/matrix-ja.js';
import { ZONE_CLASSES } from '../../topology/format.js';
import type { SegmentationModel, Topology, ZoneClass } from '../../topology/model.js';
import { matrixCells, type Cell } from '../../verify/matrix/cells.js';
import { describeFlowRule, describePacketRule } from '../../verify/matrix/explain.js';
import type { CheckResult, VerifyReport } from '../../verify/result.js';
import type { ScenarioException } from '../../verify/scenario/model.js';
import type { CellStatus, MatrixCellData, MatrixData } from './page-data.js';

function cellLines(cell: Cell): string[] {
  return [cell.says, `packets: ${describePacketRule(cell.packet)}`, `information flow: ${describeFlowRule(cell.flow)}`, `views: ${cell.views.join(', ')}`, `basis: ${cell.basis.join(', ')}`];
}

function exceptionsFor(cell: Cell, exceptions: readonly ScenarioException[]): ScenarioException[] {
  return exceptions.filter((e) => e.appliesTo === undefined || e.appliesTo.some((id) => id === cell.id || cell.views.includes(id)));
}

function presentClasses(...topologies: readonly Topology[]): Set<ZoneClass> {
  return new Set(topologies.flatMap((t) => [...t.zones.values()].map((z) => z.class)));
}

function verifyCell(cell: Cell, report: VerifyReport, exceptions: readonly ScenarioException[]): MatrixCellData {
  const lines = cellLines(cell);
  const applying = exceptionsFor(cell, exceptions);
  const views = report.results.filter((r) => cell.views.includes(r.id));
  for (const e of applying) {
    const usedBy = views.filter((r) => r.exceptionsUsed.includes(e.name)).map((r) => r.id);
    lines.push(`exception ${e.name}${usedBy.length ? ` (used by ${usedBy.join(', ')})` : ''}: ${e.justification}`);
  }
  const result = (status: CellStatus, summary: string, count?: number): MatrixCellData => ({ from: cell.from, to: cell.to, status, summary, lines, ...(count === undefined ? {} : { count }) });
  if (views.length < cell.views.length || views.some((r) => r.status === 'not-checkable')) return result('not-checked', `${cell.id}: not checked (views ${cell.views.join(', ')} not all run)`);
  const counts = views.map((r) => ({ view: r.id, ...countIn(r, cell.id) }));
  // A finding is filed under every view of its layer (R/Z packets, F information flow): count each layer once.
  const layer = (flow: boolean) => counts.filter((c) => c.view.startsWith('F') === flow);
  const most = (cs: typeof counts, key: 'violations' | 'listed') => Math.max(0, ...cs.map((c) => c[key]));
  const total = most(layer(false), 'violations') + most(layer(true), 'violations');
  if (total > 0) {
    const listed = most(layer(false), 'listed') + most(layer(true), 'listed');
    const perView = counts.filter((c) => c.violations > 0).map((c) => `${c.violations} in ${c.view}`);
    return result('violated', `${cell.id}: violated — ${total} violation${total === 1 ? '' : 's'} (${perView.join(', ')}; ${listed} listed)`, total);
  }
  return result('holds', `${cell.id}: holds (checked exhaustively)`, 0);
}

/** A view's exact count for one cell (0 when the view found nothing there). */
function countIn(r: CheckResult, cell: string): { violations: number; listed: number } {
  const c = r.cells?.find((x) => x.cell === cell);
  return { violations: c?.violations ?? 0, listed: c?.listed ?? 0 };
}

/** The matrix's caption, cell statuses and detail lines in `lang`. */
function matrixIn(m: MatrixData, lang: Lang): MatrixData {
  if (lang === 'en') return m;
  return { ...m, caption: matrixLineJa(m.caption), cells: m.cells.map((c) => ({ ...c, summary: matrixLineJa(c.summary), lines: c.lines.map(matrixLineJa) })) };
}

/** The model's matrix with every cell's status in this verification, in `lang`. */
export function verifyMatrix(model: SegmentationModel, topology: Topology, report: VerifyReport, exceptions: readonly ScenarioException[], lang: Lang = 'en'): MatrixData {
  return matrixIn(verifyMatrixEn(model, topology, report, exceptions), lang);
}

function verifyMatrixEn(model: SegmentationModel, topology: Topology, report: VerifyReport, exceptions: readonly ScenarioException[]): MatrixData {
  const cells = matrixCells(model);
  const byId = new Map(cells.map((c) => [c.id, c]));
  const present = presentClasses(topology);
  const modelled = ZONE_CLASSES.filter((c) => c !== 'TRANSIT' && cells.some((x) => x.from === c || x.to === c));
  // Rows and columns for the classes this network has; the model's others are named in the caption.
  const classes = modelled.filter((c) => present.has(c));
  const missing = modelled.filter((c) => !present.has(c));
  const out: MatrixCellData[] = [];
  for (const from of classes) {
    for (const to of classes) {
      const cell = byId.get(`${from}>${to}`);
      if (from === to) out.push({ from, to, status: 'same', summary: `${from} within itself`, lines: [] });
      else if (!cell) out.push({ from, to, status: 'unconstrained', summary: `${from}>${to}: not constrained by the ${model} matrix`, lines: [] });
      else out.push(verifyCell(cell, report, exceptions));
    }
  }
  const absentNote = missing.length ? ` (no ${missing.join(', ')} zone here: those cells do not apply)` : '';
  return { caption: `Separation matrix of model ${model}: rows send, columns receive${absentNote}`, classes, cells: out };
}

/** Reach changes counted per ordered class pair (every class of the source × every class of the destination). */
export function diffMatrix(report: DiffReport, before: Topology, after: Topology): MatrixData {
  const model = after.model ?? before.model;
  const byId = new Map((model ? matrixCells(model) : []).map((c) => [c.id, c]));
  const present = presentClasses(before, after);
  const classes = ZONE_CLASSES.filter((c) => present.has(c));
  const counts = new Map<string, { new: number; removed: number; pairs: Set<string> }>();
  for (const change of report.changes) {
    for (const from of change.sourceClass) {
      for (const to of change.destinationClass) {
        const key = `${from}>${to}`;
        const c = counts.get(key) ?? { new: 0, removed: 0, pairs: new Set<string>() };
        c[change.direction]++;
        c.pairs.add(`${change.direction === 'new' ? '+' : '−'} ${change.source} → ${change.destination}`);
        counts.set(key, c);
      }
    }
  }
  const out: MatrixCellData[] = [];
  for (const from of classes) {
    for (const to of classes) {
      const id = `${from}>${to}`;
      const cell = byId.get(id);
      const lines = cell ? cellLines(cell) : [model ? `not constrained by the ${model} matrix` : 'no model declared'];
      const c = counts.get(id);
      if (c) out.push({ from, to, status: 'changed', summary: `${id}: ${c.new} newly reached, ${c.removed} no longer reached${cell ? ' (a constrained cell)' : ''}`, lines: [...[...c.pairs].slice(0, 20), ...(c.pairs.size > 20 ? [`… ${c.pairs.size - 20} more`] : []), ...lines] });
      else out.push({ from, to, status: from === to ? 'same' : cell ? 'unchanged' : 'unconstrained', summary: `${id}: no reach change`, lines });
    }
  }
  return { caption: `Reach changes per zone class pair${model ? ` (model ${model})` : ''}: rows send, columns receive`, classes, cells: out };
}
