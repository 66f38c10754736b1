/**
 * The image of a header set under a plan's address function (header-map-pieces.ts), on the source and
 * destination fields: each field is restricted to every piece of the function and shifted by its offset,
 * directly on the interval decision diagram (the levels above the field are rebuilt, the ones below are
 * shared). Addresses outside the function's domain drop out. `mapHeaderSetByHeaders` is the slow twin:
 * it maps the set's addresses one by one; a property test holds the two equal.
 */
import { FALSE, IntervalBuilder, LEVEL_COUNT, exists, rangesNode, type IddNode } from '../symbolic/idd.js';
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

/**
 * `node` with the field of `level` mapped through every piece at once, for pieces whose images do not
 * overlap (a one-to-one map): each interval is cut at the pieces and every cut moved by its offset.
 */
function shiftAll(node: IddNode, level: number, pieces: readonly AddressPiece[], memo: Map<IddNode, IddNode>): IddNode {
  if (node === FALSE) return FALSE;
  const hit = memo.get(node);
  if (hit) return hit;
  let result: IddNode;
  if (node.level > level || node.level === LEVEL_COUNT) {
    result = intervals(level, sortedRuns(pieces.map((p) => [p.first + p.offset, p.last + p.offset, node] as [number, number, IddNode])));
  } else if (node.level === level) {
    const runs: [number, number, IddNode][] = [];
    let start = 0;
    let k = 0;
    node.uppers.forEach((upper, i) => {
      const kid = node.kids[i] as IddNode;
      if (kid !== FALSE) {
        while (k < pieces.length && (pieces[k] as AddressPiece).last < start) k++;
        for (let j = k; j < pieces.length && (pieces[j] as AddressPiece).first <= upper; j++) {
          const p = pieces[j] as AddressPiece;
          const a = Math.max(start, p.first);
          const b = Math.min(upper, p.last);
          if (a <= b) runs.push([a + p.offset, b + p.offset, kid]);
        }
      }
      start = upper + 1;
    });
    result = intervals(level, sortedRuns(runs));
  } else {
    const b = new IntervalBuilder(node.level);
    node.uppers.forEach((upper, i) => b.push(upper, shiftAll(node.kids[i] as IddNode, level, pieces, memo)));
    result = b.build();
  }
  memo.set(node, result);
  return result;
}

function sortedRuns(runs: [number, number, IddNode][]): [number, number, IddNode][] {
  return runs.sort((x, y) => x[0] - y[0]);
}

/** Whether no two pieces' images overlap. */
function oneToOne(pieces: AddressPieces): boolean {
  const images = pieces.map((p) => [p.first + p.offset, p.last + p.offset] as const).sort((x, y) => x[0] - y[0]);
  return images.every((r, i) => i === 0 || (images[i - 1] as readonly [number, number])[1] < r[0]);
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

/** The values a field takes anywhere in the set, as the intervals of its level (coarse: an interval may be partly absent). */
function presentRanges(set: HeaderSet, field: 'src' | 'dst'): Range[] {
  // The source level sits under the destination level: forget the destination to read it at the top.
  const root = field === 'src' ? exists(set.root, FIELD_LEVEL.dst) : set.root;
  const level = FIELD_LEVEL[field];
  if (root.level !== level) return root === FALSE ? [] : [[0, 0xffffffff]];
  const out: [number, number][] = [];
  let start = 0;
  root.uppers.forEach((upper, i) => {
    if (root.kids[i] !== FALSE) out.push([start, upper]);
    start = upper + 1;
  });
  return out;
}

/** Whether `pieces` (sorted, disjoint) hold every address of [lo, hi]. */
function covered(lo: number, hi: number, pieces: readonly AddressPiece[]): boolean {
  let next = lo;
  for (const p of pieces) {
    if (p.last < next) continue;
    if (p.first > next) return false;
    next = p.last + 1;
    if (next > hi) return true;
  }
  return next > hi;
}

const oneToOneMaps = new WeakSet<AddressPieces>();

/** The set with one address field mapped through `pieces`. */
export function mapField(set: HeaderSet, field: 'src' | 'dst', pieces: AddressPieces): HeaderSet {
  if (set.isEmpty()) return set;
  const level = FIELD_LEVEL[field];
  const present = presentRanges(set, field);
  const meets = (p: AddressPiece) => present.some(([lo, hi]) => lo <= p.last && p.first <= hi);
  const unmoved = pieces.filter((p) => p.offset === 0);
  const moved = pieces.filter((p) => p.offset !== 0 && meets(p));
  // Most sets of a renumbering touch no moved address in this field: then only the domain can cut them.
  if (moved.length === 0 && present.every(([lo, hi]) => covered(lo, hi, unmoved))) return set;
  // A one-to-one map moves every piece in one pass; otherwise images may meet and are united piece by piece.
  if (oneToOneMaps.has(pieces) || (oneToOne(pieces) && oneToOneMaps.add(pieces))) return HeaderSet.of(shiftAll(set.root, level, pieces, new Map()));
  const parts: HeaderSet[] = [];
  if (unmoved.length > 0) parts.push(set.intersect(HeaderSet.box({ [field]: unmoved.map((p) => [p.first, p.last] as const) })));
  for (const p of moved) parts.push(HeaderSet.of(shiftField(set.root, level, p.first, p.last, p.offset, new Map())));
  return HeaderSet.unionAll(parts);
}

/** Images already computed, per map: sets are hash-consed, so equal sets are one key. */
const images = new WeakMap<AddressPieces, Map<IddNode, HeaderSet>>();

/** The set with source and destination addresses mapped through `pieces` (fast form). */
export function mapHeaderSet(set: HeaderSet, pieces: AddressPieces): HeaderSet {
  let memo = images.get(pieces);
  if (!memo) images.set(pieces, (memo = new Map()));
  const hit = memo.get(set.root);
  if (hit) return hit;
  const image = mapField(mapField(set, 'dst', pieces), 'src', pieces);
  memo.set(set.root, image);
  return image;
}

/** The set restricted to headers whose source and destination both lie in `pieces`' domain. */
export function restrictToDomain(set: HeaderSet, pieces: AddressPieces): HeaderSet {
  const inside = (field: 'src' | 'dst') => presentRanges(set, field).every(([lo, hi]) => covered(lo, hi, pieces));
  if (inside('dst') && inside('src')) return set;
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
