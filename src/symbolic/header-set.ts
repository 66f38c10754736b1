/**
 * Exact sets of packet headers over (dst, src, protocol, dst port, src port, ICMP type, ICMP code).
 * Never sampled: every operation is exact over the whole 120-bit header space.
 *
 * Representation: an interval decision diagram (idd.ts explains the choice over boxes and bit BDDs).
 * Field order dst → src → protocol → dst port → src port → ICMP type → ICMP code puts the field that
 * routing splits on (longest-prefix match on dst), destination NAT rewrites and most rules discriminate
 * on at the top, so those operations touch only the top levels; services sit below the addresses because
 * ACLs share a handful of service shapes under many address pairs.
 *
 * The set is over all field combinations. Concrete headers are canonical (ports 0 for protocols without
 * ports, ICMP type/code 0 for non-ICMP; see net/header.ts): `WELL_FORMED` is that subset, and sources
 * intersect with it so that witnesses are headers the simulator can replay.
 */
import type { PacketHeader } from '../net/header.js';
import { addressSetFromRanges, formatAddressSet } from '../net/address-set.js';
import { PROTO, protocolName } from '../net/ports.js';
import { mergeRanges } from '../net/ranges.js';
import {
  AND,
  DIFF,
  FALSE,
  IddNode,
  LEVEL_COUNT,
  LEVEL_MAX,
  OR,
  TRUE,
  apply,
  exists,
  keepAcrossResets,
  nodeCount,
  overlapsNodes,
  rangesNode,
  unionAll,
} from './idd.js';
import { swapAdjacent } from './swap.js';

export const FIELDS = ['dst', 'src', 'protocol', 'dstPort', 'srcPort', 'icmpType', 'icmpCode'] as const;
export type Field = (typeof FIELDS)[number];
export const FIELD_LEVEL: Readonly<Record<Field, number>> = Object.freeze({
  dst: 0,
  src: 1,
  protocol: 2,
  dstPort: 3,
  srcPort: 4,
  icmpType: 5,
  icmpCode: 6,
});

export type Range = readonly [number, number];
/** Sorted, disjoint, inclusive ranges per field; an absent field is unconstrained. */
export type HeaderBox = { readonly [F in Field]?: readonly Range[] };

/** Preferred values per field, best first, as ranges (a host pool is one range). */
export type MemberPreferences = { readonly [F in Field]?: readonly Range[] };

const COMMON_DST_PORTS = [443, 80, 22, 3389, 53, 25, 445, 1494, 8443];
export const DEFAULT_PREFERENCES: MemberPreferences = Object.freeze({
  protocol: [[PROTO.tcp, PROTO.tcp], [PROTO.udp, PROTO.udp], [PROTO.icmp, PROTO.icmp]],
  dstPort: COMMON_DST_PORTS.map((p) => [p, p] as const),
  srcPort: [[49152, 49152], [1024, 65535]],
  icmpType: [[8, 8], [0, 0]],
  icmpCode: [[0, 0]],
});

function headerValue(h: PacketHeader, level: number): number {
  switch (level) {
    case 0: return h.dst;
    case 1: return h.src;
    case 2: return h.protocol;
    case 3: return h.dstPort;
    case 4: return h.srcPort;
    case 5: return h.icmpType;
    default: return h.icmpCode;
  }
}

function boxNode(box: HeaderBox): IddNode {
  let node = TRUE;
  for (let level = LEVEL_COUNT - 1; level >= 0; level--) {
    const ranges = box[FIELDS[level] as Field];
    if (ranges !== undefined) node = rangesNode(level, normaliseRanges(ranges, LEVEL_MAX[level] as number), node);
  }
  return node;
}

function normaliseRanges(ranges: readonly Range[], max: number): Range[] {
  return mergeRanges(ranges.map(([lo, hi]) => [Math.max(0, lo), Math.min(max, hi)] as [number, number]).filter(([lo, hi]) => lo <= hi));
}

export class HeaderSet {
  private constructor(readonly root: IddNode) {}

  static readonly EMPTY = new HeaderSet(FALSE);
  static readonly ALL = new HeaderSet(TRUE);

  static of(root: IddNode): HeaderSet {
    return root === FALSE ? HeaderSet.EMPTY : root === TRUE ? HeaderSet.ALL : new HeaderSet(root);
  }

  /** Headers whose fields each lie in the box's ranges (absent fields: any value). */
  static box(box: HeaderBox): HeaderSet {
    return HeaderSet.of(boxNode(box));
  }

  static unionAll(sets: readonly HeaderSet[]): HeaderSet {
    return HeaderSet.of(unionAll(sets.map((s) => s.root)));
  }

  static header(h: PacketHeader): HeaderSet {
    const box: Record<string, Range[]> = {};
    FIELDS.forEach((f, level) => {
      const v = headerValue(h, level);
      box[f] = [[v, v]];
    });
    return HeaderSet.box(box);
  }

  union(o: HeaderSet): HeaderSet {
    return HeaderSet.of(apply(OR, this.root, o.root));
  }
  intersect(o: HeaderSet): HeaderSet {
    return HeaderSet.of(apply(AND, this.root, o.root));
  }
  minus(o: HeaderSet): HeaderSet {
    return HeaderSet.of(apply(DIFF, this.root, o.root));
  }
  complement(): HeaderSet {
    return HeaderSet.of(apply(DIFF, TRUE, this.root));
  }
  isEmpty(): boolean {
    return this.root === FALSE;
  }
  isAll(): boolean {
    return this.root === TRUE;
  }
  /** Hash-consing makes equal sets the same node. */
  equals(o: HeaderSet): boolean {
    return this.root === o.root;
  }
  isSubsetOf(o: HeaderSet): boolean {
    return apply(DIFF, this.root, o.root) === FALSE;
  }
  /** Whether the sets share a header, without building their intersection (idd.ts overlapsNodes). */
  overlaps(o: HeaderSet): boolean {
    return overlapsNodes(this.root, o.root);
  }

  contains(h: PacketHeader): boolean {
    let n = this.root;
    while (n.level < LEVEL_COUNT) {
      const v = headerValue(h, n.level);
      const u = n.uppers;
      let lo = 0;
      let hi = u.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((u[mid] as number) < v) lo = mid + 1;
        else hi = mid;
      }
      n = n.kids[lo] as IddNode;
    }
    return n === TRUE;
  }

  /** Rewrites a field: every member gets the field set to `value` (NAT). */
  assign(field: Field, value: number): HeaderSet {
    const level = FIELD_LEVEL[field];
    if (this.root === FALSE) return this;
    return HeaderSet.of(apply(AND, exists(this.root, level), rangesNode(level, [[value, value]], TRUE)));
  }

  /**
   * The headers of the replies to the set's members: ends and ports exchanged, any ICMP type and code (an
   * echo reply answers an echo request with another type).
   */
  replies(): HeaderSet {
    const anyIcmp = exists(exists(this.root, FIELD_LEVEL.icmpCode), FIELD_LEVEL.icmpType);
    return HeaderSet.of(swapAdjacent(swapAdjacent(anyIcmp, FIELD_LEVEL.dst), FIELD_LEVEL.dstPort));
  }

  /** Forgets a field: members with any value of it. */
  forget(field: Field): HeaderSet {
    return HeaderSet.of(exists(this.root, FIELD_LEVEL[field]));
  }

  /** Number of headers in the set, as a float (exact below 2^53). */
  size(): number {
    return sizeFrom(this.root, 0, new Map());
  }

  nodeCount(): number {
    return nodeCount(this.root);
  }

  /**
   * One concrete member, preferring the given values field by field (then common ports, TCP, and the
   * first usable host address of a range). Undefined for the empty set.
   */
  pick(preferences: MemberPreferences = {}): PacketHeader | undefined {
    if (this.root === FALSE) return undefined;
    const values: number[] = [];
    let n = this.root;
    for (let level = 0; level < LEVEL_COUNT; level++) {
      const field = FIELDS[level] as Field;
      const prefs = [...(preferences[field] ?? []), ...(DEFAULT_PREFERENCES[field] ?? [])];
      const max = LEVEL_MAX[level] as number;
      const usable: [number, number, IddNode][] = [];
      if (n.level > level) usable.push([0, max, n]);
      else {
        let lo = 0;
        n.uppers.forEach((hi, i) => {
          const kid = n.kids[i] as IddNode;
          if (kid !== FALSE) usable.push([lo, hi, kid]);
          lo = hi + 1;
        });
      }
      const [value, next] = choose(usable, prefs, level <= 1);
      values.push(value);
      n = next;
    }
    const [dst, src, protocol, dstPort, srcPort, icmpType, icmpCode] = values as [number, number, number, number, number, number, number];
    return { dst, src, protocol, dstPort, srcPort, icmpType, icmpCode };
  }

  /** The set as boxes (one per distinct path, values grouped per node); `truncated` past `limit`. */
  boxes(limit = 1000): { boxes: HeaderBox[]; truncated: boolean } {
    const out: HeaderBox[] = [];
    let truncated = false;
    const walk = (n: IddNode, box: Record<string, Range[]>): void => {
      if (truncated) return;
      if (n === FALSE) return;
      if (n === TRUE) {
        if (out.length >= limit) truncated = true;
        else out.push({ ...box });
        return;
      }
      const groups = new Map<IddNode, [number, number][]>();
      let lo = 0;
      n.uppers.forEach((hi, i) => {
        const kid = n.kids[i] as IddNode;
        if (kid !== FALSE) {
          const g = groups.get(kid) ?? [];
          const last = g[g.length - 1];
          if (last && last[1] + 1 === lo) last[1] = hi;
          else g.push([lo, hi]);
          groups.set(kid, g);
        }
        lo = hi + 1;
      });
      for (const [kid, ranges] of groups) walk(kid, { ...box, [FIELDS[n.level] as Field]: ranges });
    };
    walk(this.root, {});
    return { boxes: out, truncated };
  }

  /** Readable summary as ranges, one box per line, each naming only the fields its protocols carry (`readableBoxes`). */
  describe(limit = 20): string {
    if (this.root === FALSE) return '(no headers)';
    const { boxes, truncated } = readableBoxes(this, limit);
    const lines = boxes.map(formatBox);
    if (truncated) lines.push(`… (more than ${limit} boxes)`);
    return lines.join('\n');
  }
}

function choose(usable: readonly [number, number, IddNode][], prefs: readonly Range[], isAddress: boolean): [number, IddNode] {
  for (const [plo, phi] of prefs) {
    for (const [lo, hi, kid] of usable) {
      const a = Math.max(lo, plo);
      if (a <= Math.min(hi, phi)) return [a, kid];
    }
  }
  const [lo, hi, kid] = usable[0] as [number, number, IddNode];
  // A range starting at a .0 network address: its first host address reads better.
  if (isAddress && lo % 256 === 0 && hi - lo >= 2) return [lo + 1, kid];
  return [lo, kid];
}

function sizeFrom(n: IddNode, level: number, memo: Map<IddNode, number>): number {
  let skipped = 1;
  for (let l = level; l < n.level; l++) skipped *= (LEVEL_MAX[l] as number) + 1;
  if (n === FALSE) return 0;
  if (n === TRUE) return skipped;
  let own = memo.get(n);
  if (own === undefined) {
    own = 0;
    let lo = 0;
    for (let i = 0; i < n.kids.length; i++) {
      const hi = n.uppers[i] as number;
      own += (hi - lo + 1) * sizeFrom(n.kids[i] as IddNode, n.level + 1, memo);
      lo = hi + 1;
    }
    memo.set(n, own);
  }
  return skipped * own;
}

function formatRanges(ranges: readonly Range[]): string {
  return ranges.map(([lo, hi]) => (lo === hi ? String(lo) : `${lo}-${hi}`)).join(',');
}

function covers(ranges: readonly Range[] | undefined, value: number): boolean {
  return ranges === undefined || ranges.some(([lo, hi]) => lo <= value && value <= hi);
}

function isZero(ranges: readonly Range[] | undefined): boolean {
  return ranges !== undefined && ranges.length === 1 && ranges[0]?.[0] === 0 && ranges[0]?.[1] === 0;
}

/**
 * Boxes with the fields their protocols cannot carry left out, merged over protocols. Well-formed headers
 * (WELL_FORMED) carry ports 0 without TCP/UDP and ICMP type/code 0 without ICMP, which as raw boxes read
 * `proto tcp dport 443 icmp-type 0 icmp-code 0`; here that is `proto tcp dport 443`, and boxes that then
 * agree on every other field are merged, so a whole well-formed set reads `proto any`. A field is left
 * out only when it is exactly 0, so a malformed header still shows what it carries.
 */
export function readableBoxes(set: HeaderSet, limit: number): { boxes: HeaderBox[]; truncated: boolean } {
  const raw = set.boxes(limit * 4);
  const groups = new Map<string, { box: HeaderBox; protocols: Range[] }>();
  for (const box of raw.boxes) {
    const ported = covers(box.protocol, PROTO.tcp) || covers(box.protocol, PROTO.udp);
    const icmp = covers(box.protocol, PROTO.icmp);
    const rest: { -readonly [K in keyof HeaderBox]: HeaderBox[K] } = { ...box };
    delete rest.protocol;
    if (!ported && isZero(rest.srcPort) && isZero(rest.dstPort)) {
      delete rest.srcPort;
      delete rest.dstPort;
    }
    if (!icmp && isZero(rest.icmpType) && isZero(rest.icmpCode)) {
      delete rest.icmpType;
      delete rest.icmpCode;
    }
    const key = JSON.stringify(rest);
    const g = groups.get(key);
    const protocols = box.protocol ?? [[0, 255]];
    if (g) g.protocols.push(...protocols);
    else groups.set(key, { box: rest, protocols: [...protocols] });
  }
  const boxes: HeaderBox[] = [];
  for (const { box, protocols } of groups.values()) {
    const merged = mergeRanges(protocols);
    const any = merged.length === 1 && merged[0]?.[0] === 0 && merged[0]?.[1] === 255;
    boxes.push(any ? box : { ...box, protocol: merged });
  }
  return { boxes: boxes.slice(0, limit), truncated: raw.truncated || boxes.length > limit };
}

/** `dst 10.1.0.0/16 src any tcp dport 443` style text for one box. */
export function formatBox(box: HeaderBox): string {
  const parts: string[] = [];
  const addr = (r: readonly Range[] | undefined) => (r === undefined ? 'any' : formatAddressSet(addressSetFromRanges(r)));
  parts.push(`src ${addr(box.src)}`, `dst ${addr(box.dst)}`);
  if (box.protocol === undefined) parts.push('proto any');
  else {
    const names = box.protocol.flatMap(([lo, hi]) => (hi - lo < 8 ? Array.from({ length: hi - lo + 1 }, (_, i) => protocolName(lo + i)) : [`${lo}-${hi}`]));
    parts.push(`proto ${names.join(',')}`);
  }
  if (box.srcPort !== undefined) parts.push(`sport ${formatRanges(box.srcPort)}`);
  if (box.dstPort !== undefined) parts.push(`dport ${formatRanges(box.dstPort)}`);
  if (box.icmpType !== undefined) parts.push(`icmp-type ${formatRanges(box.icmpType)}`);
  if (box.icmpCode !== undefined) parts.push(`icmp-code ${formatRanges(box.icmpCode)}`);
  return parts.join(' ');
}

const PORTS_ZERO: HeaderBox = { srcPort: [[0, 0]], dstPort: [[0, 0]] };
const ICMP_ZERO: HeaderBox = { icmpType: [[0, 0]], icmpCode: [[0, 0]] };

/**
 * Canonical headers: TCP/UDP carry ports and no ICMP fields, ICMP carries type/code and no ports, every
 * other protocol carries neither. Exactly the headers the concrete engines produce.
 */
export const WELL_FORMED: HeaderSet = HeaderSet.unionAll([
  HeaderSet.box({ protocol: [[PROTO.tcp, PROTO.tcp], [PROTO.udp, PROTO.udp]], ...ICMP_ZERO }),
  HeaderSet.box({ protocol: [[PROTO.icmp, PROTO.icmp]], ...PORTS_ZERO }),
  HeaderSet.box({
    protocol: [[0, PROTO.icmp - 1], [PROTO.icmp + 1, PROTO.tcp - 1], [PROTO.tcp + 1, PROTO.udp - 1], [PROTO.udp + 1, 255]],
    ...PORTS_ZERO,
    ...ICMP_ZERO,
  }),
]);
keepAcrossResets(WELL_FORMED.root);
