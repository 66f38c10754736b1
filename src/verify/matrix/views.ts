/**
 * The R, F and Z invariants that are views of the separation matrix: each reports the findings of the
 * cells that carry its ID (cells.ts), so reports keep the familiar IDs while one matrix does the checking.
 */
import type { SegmentationModel, Topology } from '../../topology/model.js';
import { MODELS } from '../../topology/format.js';
import type { Invariant } from '../invariants/types.js';
import { matrixCells, VIEW_TITLES } from './cells.js';
import { checkMatrix } from './check.js';

const BASIS_DOC = 'docs/guideline-basis.md';

function basisOf(id: string): string {
  const anchors = new Set<string>();
  for (const model of MODELS) for (const c of matrixCells(model)) if (c.views.includes(id)) for (const b of c.basis) anchors.add(b);
  return [...anchors].map((a) => `${BASIS_DOC}#${a.toLowerCase()}`).join(', ');
}

/** Which of the attacker's capabilities the topology takes away (shown with every view). */
function attackerNote(topology: Topology): string {
  const urpf = [...topology.nodes.values()].flatMap((n) => [...n.interfaces.values()].filter((i) => i.urpf === 'strict').map((i) => `${n.name}.${i.name}`));
  return urpf.length === 0
    ? 'attacker: every host may forge any source address (no interface declares urpf) and use any router on its segment as next hop'
    : `attacker: forged sources are dropped at the strict-uRPF interfaces ${urpf.slice(0, 8).join(', ')}${urpf.length > 8 ? ` and ${urpf.length - 8} more` : ''}; elsewhere any source, and any router on the sender's segment as next hop`;
}

export function matrixView(id: string): Invariant {
  const title = VIEW_TITLES[id];
  if (title === undefined) throw new RangeError(`no matrix view "${id}"`);
  return {
    id,
    title,
    basis: basisOf(id),
    check: (ctx, model: SegmentationModel) => {
      const view = checkMatrix(ctx, model).views.get(id);
      const defined = matrixCells(model).filter((c) => c.views.includes(id));
      if (defined.length === 0) return { status: 'not-applicable', notes: [`the ${model} separation matrix has no cell in view ${id}`] };
      if (!view) {
        return { status: 'not-applicable', notes: [`none of its cells (${defined.map((c) => c.id).join(', ')}) has both zone classes in this topology`] };
      }
      const notes = [`cells checked exhaustively under the attacker of ARCHITECTURE.md: ${view.cells.map((c) => c.id).join(', ')}`, attackerNote(ctx.topology)];
      const cells = view.cells.map((c) => ({ cell: c.id, violations: view.cellCounts.get(c.id)?.violations ?? 0, listed: view.cellCounts.get(c.id)?.listed ?? 0 }));
      if (view.unlisted > 0) {
        notes.push(`${view.unlisted} more violations of these cells (not listed)`);
        notes.push(`violations per cell, listed or not: ${cells.filter((c) => c.violations > 0).map((c) => `${c.cell} ${c.violations} (${c.listed} listed)`).join(', ')}`);
      }
      for (const c of view.cells) if (c.whenViolated !== undefined && view.violatedCells.has(c.id)) notes.push(`${c.id}: ${c.whenViolated}`);
      return { status: view.violations.length ? 'fail' : 'pass', violations: view.violations, notes, exceptionsUsed: [...view.exceptionsUsed], cells };
    },
  };
}
