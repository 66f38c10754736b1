/**
 * Interval decision diagrams: the exact set representation under `HeaderSet`.
 *
 * Why this structure (and not boxes or a bit-level BDD):
 * - A list of disjoint boxes grows quadratically: every difference splits boxes, and a 10k-rule ACL's
 *   first-match sets fragment into millions of boxes.
 * - A BDD over the 120 header bits is compact too, but port ranges and address ranges decompose into many
 *   bit nodes, and reading ranges back for reports and witnesses needs path enumeration per bit.
 * - An IDD keeps one level per header field, each node splitting its field into sorted intervals, so ranges
 *   (ACL addresses, ports, route prefixes) are native, summaries read straight off the paths, and a witness
 *   is a walk choosing one value per interval. Nodes are hash-consed (equal sets are the same object, so
 *   equality is `===` and emptiness is `=== FALSE`) and binary operations are memoised on node ids, like BDDs.
 *   A node may skip levels: a skipped field is unconstrained on that path.
 * The binary operations skip over runs of the wide operand by binary search where the narrow one already
 * decides the result (e.g. intersecting with FALSE), so a rule touching one prefix costs about the nodes
 * under that prefix, not the width of the whole diagram. Wide unions still cost the width of the result,
 * which is why ACLs are combined by divide and conquer (see acl-set.ts), not folded one rule at a time.
 */

/** Number of decision levels (header fields); terminals live at this level. */
export const LEVEL_COUNT = 7;
/** Largest value of each level's field (see FIELD_LEVEL in header-set.ts for the order). */
export const LEVEL_MAX: readonly number[] = [0xffffffff, 0xffffffff, 255, 65535, 65535, 255, 255];

export class IddNode {
  constructor(
    readonly id: number,
    readonly level: number,
    /** Inclusive upper bound of each interval, ascending; the last is LEVEL_MAX[level]. */
    readonly uppers: readonly number[],
    readonly kids: readonly IddNode[],
  ) {}
}

export const FALSE = new IddNode(0, LEVEL_COUNT, [], []);
export const TRUE = new IddNode(1, LEVEL_COUNT, [], []);

let nextId = 2;
/** Unique table: numeric hash → nodes with that hash (compared field by field; no string keys). */
const unique = new Map<number, IddNode | IddNode[]>();
let uniqueCount = 0;

/** Collects (upper, kid) intervals of one level, merging neighbours with the same kid. */
export class IntervalBuilder {
  readonly uppers: number[] = [];
  readonly kids: IddNode[] = [];
  constructor(readonly level: number) {}
  push(upper: number, kid: IddNode): void {
    const n = this.kids.length;
    if (n > 0 && this.kids[n - 1] === kid) this.uppers[n - 1] = upper;
    else {
      this.uppers.push(upper);
      this.kids.push(kid);
    }
  }
  build(): IddNode {
    if (this.kids.length === 1) return this.kids[0] as IddNode;
    return intern(this.level, this.uppers, this.kids);
  }
}

function hashNode(level: number, uppers: readonly number[], kids: readonly IddNode[]): number {
  let h = Math.imul(level + 1, 0x9e3779b1);
  for (let i = 0; i < uppers.length; i++) {
    const u = uppers[i] as number;
    h = Math.imul(h ^ (u >>> 0), 0x85ebca6b);
    h = Math.imul(h ^ ((u / 4294967296) >>> 0), 0xc2b2ae35);
    h = Math.imul(h ^ (kids[i] as IddNode).id, 0x27d4eb2f);
    h ^= h >>> 15;
  }
  return h >>> 0;
}

function sameNode(n: IddNode, level: number, uppers: readonly number[], kids: readonly IddNode[]): boolean {
  if (n.level !== level || n.uppers.length !== uppers.length) return false;
  for (let i = 0; i < uppers.length; i++) if (n.uppers[i] !== uppers[i] || n.kids[i] !== kids[i]) return false;
  return true;
}

function insert(h: number, node: IddNode): void {
  const bucket = unique.get(h);
  if (bucket === undefined) unique.set(h, node);
  else if (Array.isArray(bucket)) bucket.push(node);
  else unique.set(h, [bucket, node]);
  uniqueCount++;
}

function intern(level: number, uppers: number[], kids: IddNode[]): IddNode {
  const h = hashNode(level, uppers, kids);
  const bucket = unique.get(h);
  if (bucket !== undefined) {
    if (Array.isArray(bucket)) {
      for (const n of bucket) if (sameNode(n, level, uppers, kids)) return n;
    } else if (sameNode(bucket, level, uppers, kids)) return bucket;
  }
  const node = new IddNode(nextId++, level, uppers, kids);
  insert(h, node);
  return node;
}

/** `child` where the field of `level` lies in `ranges` (sorted, disjoint, inclusive), FALSE elsewhere. */
export function rangesNode(level: number, ranges: readonly (readonly [number, number])[], child: IddNode): IddNode {
  const max = LEVEL_MAX[level] as number;
  const b = new IntervalBuilder(level);
  let pos = 0;
  for (const [lo, hi] of ranges) {
    if (lo > pos) b.push(lo - 1, FALSE);
    b.push(hi, child);
    pos = hi + 1;
  }
  if (pos <= max) b.push(max, FALSE);
  return b.build();
}

export type Op = 0 | 1 | 2;
export const AND: Op = 0;
export const OR: Op = 1;
export const DIFF: Op = 2;

const CACHE_LIMIT = 4_000_000;

/**
 * The memo of binary operations: an open-addressing table per operation on typed arrays (operand ids and the
 * result's id; the result node itself in a parallel array), so a lookup allocates nothing and hashes two
 * small integers, where a Map keyed by a packed double boxes every key. Exact: an entry is returned only for
 * the same operands. It grows by doubling up to CACHE_LIMIT entries, then starts empty again.
 */
const MEMO_INITIAL = 1 << 15;

class OpMemo {
  private a = new Int32Array(MEMO_INITIAL).fill(-1);
  private b = new Int32Array(MEMO_INITIAL);
  private r: (IddNode | undefined)[] = new Array<IddNode | undefined>(MEMO_INITIAL);
  private mask = MEMO_INITIAL - 1;
  size = 0;

  private slot(x: number, y: number): number {
    let h = Math.imul(x, 0x9e3779b1) ^ Math.imul(y + 0x7f4a7c15, 0x85ebca6b);
    h ^= h >>> 16;
    return h & this.mask;
  }

  get(x: number, y: number): IddNode | undefined {
    const a = this.a;
    for (let i = this.slot(x, y); ; i = (i + 1) & this.mask) {
      const k = a[i] as number;
      if (k === -1) return undefined;
      if (k === x && this.b[i] === y) return this.r[i];
    }
  }

  set(x: number, y: number, result: IddNode): void {
    if ((this.size + 1) * 2 > this.mask + 1) {
      if (this.size >= CACHE_LIMIT) this.clear();
      else this.grow();
    }
    const a = this.a;
    let i = this.slot(x, y);
    while ((a[i] as number) !== -1) i = (i + 1) & this.mask;
    a[i] = x;
    this.b[i] = y;
    this.r[i] = result;
    this.size++;
  }

  private grow(): void {
    const { a, b, r } = this;
    const n = (this.mask + 1) * 2;
    this.a = new Int32Array(n).fill(-1);
    this.b = new Int32Array(n);
    this.r = new Array<IddNode | undefined>(n);
    this.mask = n - 1;
    this.size = 0;
    for (let i = 0; i < a.length; i++) if ((a[i] as number) !== -1) this.set(a[i] as number, b[i] as number, r[i] as IddNode);
  }

  clear(): void {
    if (this.size === 0) return;
    this.a = new Int32Array(MEMO_INITIAL).fill(-1);
    this.b = new Int32Array(MEMO_INITIAL);
    this.r = new Array<IddNode | undefined>(MEMO_INITIAL);
    this.mask = MEMO_INITIAL - 1;
    this.size = 0;
  }
}

const caches: OpMemo[] = [new OpMemo(), new OpMemo(), new OpMemo()];
/** Node ids fit the memo's Int32 slots below 2^31; beyond, operations are computed without the memo. */
const KEY_LIMIT = 0x7fffffff;

function terminalCase(op: Op, a: IddNode, b: IddNode): IddNode | undefined {
  if (op === AND) {
    if (a === FALSE || b === FALSE) return FALSE;
    if (a === TRUE) return b;
    if (b === TRUE || a === b) return a;
  } else if (op === OR) {
    if (a === TRUE || b === TRUE) return TRUE;
    if (a === FALSE) return b;
    if (b === FALSE || a === b) return a;
  } else {
    if (a === FALSE || b === TRUE || a === b) return FALSE;
    if (b === FALSE) return a;
  }
  return undefined;
}

/** The result for a whole interval of `a` when a's kid alone decides it. */
function decidedByA(op: Op, kid: IddNode): IddNode | undefined {
  if (op === OR) return kid === TRUE ? TRUE : undefined;
  return kid === FALSE ? FALSE : undefined;
}

function decidedByB(op: Op, kid: IddNode): IddNode | undefined {
  if (op === AND) return kid === FALSE ? FALSE : undefined;
  if (op === OR) return kid === TRUE ? TRUE : undefined;
  return kid === TRUE ? FALSE : undefined;
}

/** Index of the first upper bound >= value, searching from `from`. */
function firstAtLeast(uppers: readonly number[], value: number, from: number): number {
  let lo = from;
  let hi = uppers.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((uppers[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function apply(op: Op, a: IddNode, b: IddNode): IddNode {
  const t = terminalCase(op, a, b);
  if (t) return t;
  if (op !== DIFF && a.id > b.id) {
    const s = a;
    a = b;
    b = s;
  }
  const memo = a.id < KEY_LIMIT && b.id < KEY_LIMIT;
  const cache = caches[op] as OpMemo;
  const hit = memo ? cache.get(a.id, b.id) : undefined;
  if (hit) return hit;
  const level = Math.min(a.level, b.level);
  const max = LEVEL_MAX[level] as number;
  const ua = a.level === level ? a.uppers : [max];
  const ka = a.level === level ? a.kids : [a];
  const ub = b.level === level ? b.uppers : [max];
  const kb = b.level === level ? b.kids : [b];
  const out = new IntervalBuilder(level);
  let ia = 0;
  let ib = 0;
  while (ia < ua.length) {
    const endA = ua[ia] as number;
    const endB = ub[ib] as number;
    const kidA = ka[ia] as IddNode;
    const kidB = kb[ib] as IddNode;
    const byA = decidedByA(op, kidA);
    if (byA) {
      out.push(endA, byA);
      ia++;
      if (endA < max) ib = firstAtLeast(ub, endA + 1, ib);
      continue;
    }
    const byB = decidedByB(op, kidB);
    if (byB) {
      out.push(endB, byB);
      ib++;
      if (endB < max) ia = firstAtLeast(ua, endB + 1, ia);
      else ia = ua.length;
      continue;
    }
    const r = apply(op, kidA, kidB);
    if (endA < endB) {
      out.push(endA, r);
      ia++;
    } else if (endB < endA) {
      out.push(endB, r);
      ib++;
    } else {
      out.push(endA, r);
      ia++;
      ib++;
    }
  }
  const result = out.build();
  if (memo) cache.set(a.id, b.id, result);
  return result;
}

const overlapMemo = new OpMemo();

/**
 * Whether two diagrams share a member: `apply(AND, a, b) !== FALSE` (its slow twin, which a property test
 * holds it to) without building the intersection. It walks both diagrams' intervals in step and stops at the
 * first pair of kids that overlap; answers are memoised per pair (TRUE or FALSE as the stored node).
 */
export function overlapsNodes(a: IddNode, b: IddNode): boolean {
  if (a === FALSE || b === FALSE) return false;
  if (a === TRUE || b === TRUE || a === b) return true;
  if (a.id > b.id) {
    const s = a;
    a = b;
    b = s;
  }
  const memo = b.id < KEY_LIMIT;
  const hit = memo ? overlapMemo.get(a.id, b.id) : undefined;
  if (hit) return hit === TRUE;
  // An AND already in the operation memo answers at once.
  const and = memo ? (caches[AND] as OpMemo).get(a.id, b.id) : undefined;
  let result: boolean;
  if (and) result = and !== FALSE;
  else {
    const level = Math.min(a.level, b.level);
    const max = LEVEL_MAX[level] as number;
    const ua = a.level === level ? a.uppers : [max];
    const ka = a.level === level ? a.kids : [a];
    const ub = b.level === level ? b.uppers : [max];
    const kb = b.level === level ? b.kids : [b];
    result = false;
    let ia = 0;
    let ib = 0;
    while (ia < ua.length && ib < ub.length) {
      const endA = ua[ia] as number;
      const endB = ub[ib] as number;
      const kidA = ka[ia] as IddNode;
      const kidB = kb[ib] as IddNode;
      if (kidA === FALSE) {
        ia++;
        if (endA < max) ib = firstAtLeast(ub, endA + 1, ib);
        continue;
      }
      if (kidB === FALSE) {
        ib++;
        if (endB < max) ia = firstAtLeast(ua, endB + 1, ia);
        else ia = ua.length;
        continue;
      }
      if (overlapsNodes(kidA, kidB)) {
        result = true;
        break;
      }
      if (endA < endB) ia++;
      else if (endB < endA) ib++;
      else {
        ia++;
        ib++;
      }
    }
  }
  if (memo) overlapMemo.set(a.id, b.id, result ? TRUE : FALSE);
  return result;
}

/** Union of many diagrams, combined pairwise so wide intermediate results are built O(log n) times. */
export function unionAll(nodes: readonly IddNode[]): IddNode {
  let layer = nodes.filter((n) => n !== FALSE);
  if (layer.length === 0) return FALSE;
  while (layer.length > 1) {
    const next: IddNode[] = [];
    for (let i = 0; i < layer.length; i += 2) {
      const x = layer[i] as IddNode;
      const y = layer[i + 1];
      next.push(y === undefined ? x : apply(OR, x, y));
    }
    layer = next;
  }
  return layer[0] as IddNode;
}

const existsCaches: Map<number, IddNode>[] = Array.from({ length: LEVEL_COUNT }, () => new Map());

/** Projects out the field of `level`: the set of headers that agree with some member on all other fields. */
export function exists(a: IddNode, level: number): IddNode {
  if (a.level > level) return a;
  const cache = existsCaches[level] as Map<number, IddNode>;
  const hit = cache.get(a.id);
  if (hit) return hit;
  let result: IddNode;
  if (a.level === level) result = unionAll(a.kids);
  else {
    const b = new IntervalBuilder(a.level);
    for (let i = 0; i < a.kids.length; i++) b.push(a.uppers[i] as number, exists(a.kids[i] as IddNode, level));
    result = b.build();
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(a.id, result);
  return result;
}

export function clearCaches(): void {
  for (const c of caches) c.clear();
  overlapMemo.clear();
  for (const c of existsCaches) c.clear();
}

/** Nodes reachable from `a` (terminals excluded): the diagram's size. */
export function nodeCount(a: IddNode): number {
  const seen = new Set<IddNode>();
  const stack = [a];
  while (stack.length > 0) {
    const n = stack.pop() as IddNode;
    if (n.level === LEVEL_COUNT || seen.has(n)) continue;
    seen.add(n);
    for (const k of n.kids) stack.push(k);
  }
  return seen.size;
}

const permanentRoots: IddNode[] = [];
const resetHooks: (() => void)[] = [];

/** Diagrams held in module constants: they stay canonical across `resetTables`. */
export function keepAcrossResets(root: IddNode): void {
  permanentRoots.push(root);
}

/** Caches elsewhere that hold nodes and must be dropped with the tables. */
export function onReset(hook: () => void): void {
  resetHooks.push(hook);
}

/**
 * Empties the unique table and every memo, keeping only the registered constants, so a long run of
 * independent analyses (property tests) does not accumulate every node it ever built. Sets built before
 * must not be combined with sets built after: equal sets would no longer be the same node.
 */
export function resetTables(): void {
  unique.clear();
  uniqueCount = 0;
  clearCaches();
  for (const hook of resetHooks) hook();
  const seen = new Set<IddNode>();
  const stack = [...permanentRoots];
  while (stack.length > 0) {
    const n = stack.pop() as IddNode;
    if (n.level === LEVEL_COUNT || seen.has(n)) continue;
    seen.add(n);
    insert(hashNode(n.level, n.uppers, n.kids), n);
    for (const k of n.kids) stack.push(k);
  }
}

export function uniqueTableSize(): number {
  return uniqueCount;
}
