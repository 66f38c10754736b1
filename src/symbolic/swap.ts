/**
 * Exchanging two adjacent fields of a diagram (dst ↔ src, dstPort ↔ srcPort): the headers of the replies to
 * a set, computed on the diagram itself instead of through its boxes, so no set is too fragmented to
 * reverse. The slow twin is the box-by-box swap (`HeaderSet.boxes`), checked against this in
 * test/symbolic/swap.test.ts.
 */
import { IddNode, IntervalBuilder, LEVEL_COUNT, LEVEL_MAX, onReset } from './idd.js';

const memos = new Map<number, Map<number, IddNode>>();
const MEMO_LIMIT = 1_000_000;
onReset(() => memos.clear());

/** The set with the values of fields `level` and `level + 1` exchanged (both fields must have the same range). */
export function swapAdjacent(a: IddNode, level: number): IddNode {
  if (LEVEL_MAX[level] !== LEVEL_MAX[level + 1]) throw new Error(`fields ${level} and ${level + 1} have different ranges`);
  let memo = memos.get(level);
  if (!memo) memos.set(level, (memo = new Map()));
  return swap(a, level, memo);
}

function swap(a: IddNode, level: number, memo: Map<number, IddNode>): IddNode {
  // Neither field tested below here: the set is symmetric in them.
  if (a.level > level + 1 || a.level === LEVEL_COUNT) return a;
  const hit = memo.get(a.id);
  if (hit) return hit;
  let result: IddNode;
  if (a.level < level) {
    const b = new IntervalBuilder(a.level);
    for (let i = 0; i < a.kids.length; i++) b.push(a.uppers[i] as number, swap(a.kids[i] as IddNode, level, memo));
    result = b.build();
  } else if (a.level === level + 1) {
    // Only the second field is tested: its intervals now constrain the first.
    const b = new IntervalBuilder(level);
    for (let i = 0; i < a.kids.length; i++) b.push(a.uppers[i] as number, a.kids[i] as IddNode);
    result = b.build();
  } else {
    result = swapTop(a, level);
  }
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(a.id, result);
  return result;
}

/**
 * `a` tests field `level`, its kids field `level + 1` (or skip it). The result tests the second field's values
 * at `level`, cut at every boundary any kid has, and under each piece the first field's intervals at
 * `level + 1`, each leading to what that kid leads to for the piece.
 */
function swapTop(a: IddNode, level: number): IddNode {
  const kids = a.kids as IddNode[];
  const inner = kids.map((k) => (k.level === level + 1 ? k : undefined));
  const cursor = new Array<number>(kids.length).fill(0);
  const max = LEVEL_MAX[level] as number;
  const outer = new IntervalBuilder(level);
  let lo = 0;
  while (lo <= max) {
    // The piece [lo, hi] ends at the nearest boundary of any kid.
    let hi = max;
    for (let i = 0; i < kids.length; i++) {
      const k = inner[i];
      if (!k) continue;
      while ((k.uppers[cursor[i] as number] as number) < lo) cursor[i] = (cursor[i] as number) + 1;
      hi = Math.min(hi, k.uppers[cursor[i] as number] as number);
    }
    const column = new IntervalBuilder(level + 1);
    for (let i = 0; i < kids.length; i++) {
      const k = inner[i];
      column.push(a.uppers[i] as number, k ? (k.kids[cursor[i] as number] as IddNode) : (kids[i] as IddNode));
    }
    outer.push(hi, column.build());
    lo = hi + 1;
  }
  return outer.build();
}

