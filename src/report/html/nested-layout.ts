/**
 * Positions for the compound graph, computed when the page is rendered: every compound (zone, segment)
 * packs its children in rows (shelf packing, about twice as wide as high), recursively, and zones are
 * packed the same way in the order given. The result is deterministic, linear in the size of the graph,
 * and keeps each zone a compact block; force-directed layouts (cytoscape's `cose`) stretched the
 * reference networks into a strip tens of thousands of pixels wide and took seconds on the prefecture.
 */
import type { GraphElement } from './page-data.js';

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Room per leaf node (its symbol and a label of about 18 characters beneath). */
export const LEAF = { width: 130, height: 58 } as const;
/** Space a compound needs around its children: cytoscape's padding and the label above it. */
const PAD = { side: 22, top: 34, bottom: 18 } as const;
const GAP = 26;

interface Box {
  readonly width: number;
  readonly height: number;
  /** Writes the positions of this box's leaves, the box's top-left corner being at (x, y). */
  readonly place: (x: number, y: number, out: Map<string, Point>) => void;
}

function leafBox(id: string): Box {
  return { width: LEAF.width, height: LEAF.height, place: (x, y, out) => out.set(id, { x: x + LEAF.width / 2, y: y + LEAF.height / 2 }) };
}

/** Rows of boxes, each row as wide as `target` allows (never narrower than the widest box). */
function shelves(boxes: readonly Box[]): { width: number; height: number; rows: { box: Box; x: number; y: number }[] } {
  const area = boxes.reduce((sum, b) => sum + (b.width + GAP) * (b.height + GAP), 0);
  const target = Math.max(Math.sqrt(area * 2), ...boxes.map((b) => b.width));
  const rows: { box: Box; x: number; y: number }[] = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  let width = 0;
  for (const box of boxes) {
    if (x > 0 && x + box.width > target) {
      y += rowHeight + GAP;
      x = 0;
      rowHeight = 0;
    }
    rows.push({ box, x, y });
    x += box.width + GAP;
    width = Math.max(width, x - GAP);
    rowHeight = Math.max(rowHeight, box.height);
  }
  return { width, height: y + rowHeight, rows };
}

function compoundBox(id: string, children: ReadonlyMap<string, readonly string[]>): Box {
  const kids = children.get(id) ?? [];
  if (kids.length === 0) return leafBox(id);
  const packed = shelves(kids.map((k) => compoundBox(k, children)));
  return {
    width: packed.width + 2 * PAD.side,
    height: packed.height + PAD.top + PAD.bottom,
    place: (x, y, out) => {
      for (const r of packed.rows) r.box.place(x + PAD.side + r.x, y + PAD.top + r.y, out);
    },
  };
}

/**
 * Positions of the graph's leaf nodes (nodes with no children; compounds take the box of their
 * children), keyed by element id. Top-level nodes keep their order in `elements`.
 */
export function nestedLayout(elements: readonly GraphElement[]): Map<string, Point> {
  const nodes = elements.filter((e) => e.group === 'nodes');
  const ids = new Set(nodes.map((n) => n.data.id));
  const children = new Map<string, string[]>();
  const roots: string[] = [];
  for (const n of nodes) {
    const parent = n.data.parent;
    if (parent !== undefined && ids.has(parent)) children.set(parent, [...(children.get(parent) ?? []), n.data.id]);
    else roots.push(n.data.id);
  }
  const packed = shelves(roots.map((r) => compoundBox(r, children)));
  const out = new Map<string, Point>();
  for (const r of packed.rows) r.box.place(r.x, r.y, out);
  return out;
}

/** The elements with the positions of `nestedLayout` on their leaf nodes. */
export function withPositions(elements: readonly GraphElement[]): GraphElement[] {
  const at = nestedLayout(elements);
  return elements.map((e) => {
    const position = at.get(e.data.id);
    return position ? { ...e, position } : e;
  });
}
