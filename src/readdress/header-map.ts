/**
 * The image of a header set under a plan's address function (header-map-pieces.ts), on the source and
 * destination fields: each field is restricted to every piece of the function and shifted by its offset,
 * directly on the interval decision diagram (the levels above the field are rebuilt, the ones below are
 * shared). Addresses outside the function's domain drop out. `mapHeaderSetByHeaders` is the slow twin:
 * it maps the set's addresses one by one; a property test holds the two equal.
 */
import { FALSE, IntervalBuilder, LEVEL_COUNT, rangesNode, type IddNode } from '../symbolic/idd.js';
import { FIELD_LEVEL, HeaderSet, type Field, type HeaderBox, type Range } from '../symbolic/header-set.js';
import { applyPieces, type AddressPiece, type AddressPieces } from './header-map-pieces.js';

/** `node` with the field of `level` restricted to [lo, hi] and moved by `offset`. */
function shiftField(node: IddNode, level: number, lo: number, hi: number, offset: number, memo: Map<IddNode, IddNode>): IddNode {
  if (node === FALSE) return FALSE;
  // The field is unconstrained on this path (a skipped level or a terminal): the whole run, moved.
  if (node.level > level || node.level === LEVEL_COUNT) return rangesNode(level, [[lo + offset, hi + offset]], node);
  const hit = memo.get(node);
  if (hit) return hit;
  let result: IddNode;
  if (node.level === level) {
    const kept: [number, number, IddNode][] = [];
    let start = 0;
    node.uppers.forEach((upper, i) => {
      const kid = node.kids[i] as IddNode;
      const a = Math.max(start, lo);
      const b = Math.min(upper, hi);
      if (a <= b && kid !== FALSE) kept.push([a + offset, b + offset, kid]);
      start = upper + 1;
    });
    result = intervals(level, kept);
  } else {
    // A level above the field: same intervals, children shifted.
    const b = new IntervalBuilder(node.level);
    node.uppers.forEach((upper, i) => b.push(upper, shiftField(node.kids[i] as IddNode, level, lo, hi, offset, memo)));
    result = b.build();
  }
  memo.set(node, result);
  return result;
}

/** A node of `level` from sorted disjoint (first, last, child) runs, FALSE between them. */
function intervals(level: number, runs: readonly [number, number, IddNode][]): IddNode {
  if (runs.length === 0) return FALSE;
  const b = new IntervalBuilder(level);
  let pos = 0;
  for (const [lo, hi, kid] of runs) {
    if (lo > pos) b.push(lo - 1, FALSE);
    b.push(hi, kid);
    pos = hi + 1;
  }
  if (pos <= 0xffffffff) b.push(0xffffffff, FALSE);
  return b.build();
}

/** The set with one address field mapped through `pieces`. */
export function mapField(set: HeaderSet, field: 'src' | 'dst', pieces: AddressPieces): HeaderSet {
  if (set.isEmpty()) return set;
  const level = FIELD_LEVEL[field];
  const parts: HeaderSet[] = [];
  const unmoved = pieces.filter((p) => p.offset === 0);
  if (unmoved.length > 0) parts.push(set.intersect(HeaderSet.box({ [field]: unmoved.map((p) => [p.first, p.last] as const) })));
  for (const p of pieces) {
    if (p.offset === 0) continue;
    parts.push(HeaderSet.of(shiftField(set.root, level, p.first, p.last, p.offset, new Map())));
  }
  return HeaderSet.unionAll(parts);
}

/** The set with source and destination addresses mapped through `pieces` (fast form). */
export function mapHeaderSet(set: HeaderSet, pieces: AddressPieces): HeaderSet {
  return mapField(mapField(set, 'dst', pieces), 'src', pieces);
}

/** The set restricted to headers whose source and destination both lie in `pieces`' domain. */
export function restrictToDomain(set: HeaderSet, pieces: AddressPieces): HeaderSet {
  const ranges = pieces.map((p: AddressPiece) => [p.first, p.last] as const);
  return set.intersect(HeaderSet.box({ src: ranges, dst: ranges }));
}

/**
 * The slow twin: every box of the set, every source and destination address in it mapped one by one.
 * Only for sets whose address ranges are small (tests).
 */
export function mapHeaderSetByHeaders(set: HeaderSet, pieces: AddressPieces, limit = 1 << 16): HeaderSet {
  const { boxes, truncated } = set.boxes(limit);
  if (truncated) throw new Error('set too large for the slow header map');
  const out: HeaderSet[] = [];
  for (const box of boxes) {
    const srcs = addressesOf(box, 'src', limit);
    const dsts = addressesOf(box, 'dst', limit);
    for (const s of srcs) {
      const ms = applyPieces(pieces, s);
      if (ms === undefined) continue;
      for (const d of dsts) {
        const md = applyPieces(pieces, d);
        if (md === undefined) continue;
        out.push(HeaderSet.box({ ...box, src: [[ms, ms]], dst: [[md, md]] }));
      }
    }
  }
  return HeaderSet.unionAll(out);
}

function addressesOf(box: HeaderBox, field: Extract<Field, 'src' | 'dst'>, limit: number): number[] {
  const ranges: readonly Range[] = box[field] ?? [[0, 0xffffffff]];
  const out: number[] = [];
  for (const [lo, hi] of ranges) {
    if (out.length + hi - lo + 1 > limit) throw new Error('address range too wide for the slow header map');
    for (let a = lo; a <= hi; a++) out.push(a);
  }
  return out;
}
