/**
 * A first-match ACL classifier compiled once from ordered rules: per-field elementary intervals,
 * each holding the set of (sub-)rules that match on that field as a bitset, and the answer is the
 * lowest bit set in the AND of the five fields' bitsets.
 *
 * Fields: src, dst, protocol, and two "port-like" fields `a`/`b` whose meaning depends on the
 * protocol, exactly as in service-match.ts: tcp/udp → (srcPort, dstPort); icmp → (icmpType,
 * icmpCode); any other protocol → (0, 0), so its ports are ignored. A rule with several services
 * matches when ANY service matches, which is not a product of per-field sets, so each
 * (rule, service) pair becomes one sub-rule; sub-rules are numbered in rule order, so the lowest
 * matching sub-rule belongs to the first matching rule. Address sets are range lists per field and
 * need no expansion (a rule is src ∈ S ∧ dst ∈ D ∧ service).
 *
 * Memory: full bitsets per interval cost intervals × rules / 8 bytes (about 25 MB per address field
 * at 10k rules). Bitsets are therefore cut into chunks of CHUNK_WORDS words and each distinct chunk
 * is stored once per field; an interval holds one chunk id per chunk (16-bit while a field has fewer
 * than 65,536 distinct chunks). Chunk id 0 is the empty chunk. Each interval also has an aggregate
 * bitmap, one bit per chunk that is not empty there; the lookup ANDs the five fields' aggregates and
 * reads only the chunks left, lowest first (on ClassBench 10K traces one to three chunks, where a
 * scan of chunk ids read about twenty).
 * Finding the interval of a value: a direct table for protocol (0-255) and ports (0-65535, bytes
 * or 16-bit entries as the interval count allows) and a per-/16 jump table that narrows the binary
 * search for addresses (128-256 KiB, built only for fields with many intervals, searching 32-bit
 * copies of the starts); values outside those ranges fall back
 * to a plain binary search, so every number gets the linear evaluator's answer. At 10K ClassBench
 * rules the structure is 2.4-4.5 MB; at 100k generated rules 10-45 MB.
 */
import type { PacketHeader } from '../net/header.js';
import { PROTO, type ServiceMatch } from '../net/ports.js';
import type { Acl, AclRule } from '../topology/model.js';
import type { AclDecision } from './linear.js';

/** Words (32 sub-rules each) per shared chunk. */
const CHUNK_WORDS = 4;
const CHUNK_BITS = CHUNK_WORDS * 32;

/** One field of the decomposition. */
interface FieldTable {
  /** Start of each elementary interval, ascending; starts[0] = -Infinity holds no rule (values below every range). */
  readonly starts: Float64Array;
  /** chunkIds[interval * chunkCount + chunk]; 16-bit while a field has fewer than 65,536 distinct chunks (half the cache lines). */
  readonly chunkIds: Uint16Array | Uint32Array;
  /** Distinct chunks, CHUNK_WORDS words each; chunk 0 is all zeros. */
  readonly pool: Uint32Array;
  /**
   * Aggregate bitmap: agg[interval * aggWords + (chunk >>> 5)] has bit (chunk & 31) set when the
   * interval's chunk is not empty. ANDed over the fields it names the only chunks worth reading.
   */
  readonly agg: Uint32Array;
}

export interface CompiledAclStats {
  readonly ruleCount: number;
  readonly subRuleCount: number;
  /** Elementary intervals per field: src, dst, protocol, a, b. */
  readonly intervals: readonly number[];
  /** Distinct chunks per field. */
  readonly distinctChunks: readonly number[];
  /** Bytes held by the typed arrays of the structure. */
  readonly bytes: number;
  readonly buildMs: number;
}

export interface CompiledAcl {
  /** Index of the first matching rule, or -1. */
  firstMatch(h: PacketHeader): number;
  /**
   * The same without a header object; the replay engine calls this in its inner loop.
   * Ports are read for tcp/udp only and ICMP type/code for icmp only, as the linear evaluator does.
   */
  firstMatchFields(
    src: number,
    dst: number,
    protocol: number,
    srcPort: number,
    dstPort: number,
    icmpType: number,
    icmpCode: number,
  ): number;
  evaluate(h: PacketHeader): AclDecision;
  readonly stats: CompiledAclStats;
}

/** A sub-rule: one (rule, service) pair as one range list per field. */
interface SubRule {
  readonly rule: number;
  readonly fields: readonly (readonly (readonly [number, number])[])[];
}

/**
 * The (protocol, a, b) box of one service; see the file comment for the meaning of a and b.
 * "Any" is unbounded, not 0-255 or 0-65535: the linear matcher accepts any number there (even
 * out-of-range header values), and the classifier must agree with it on every input.
 */
function serviceBox(s: ServiceMatch): [[number, number], [number, number], [number, number]] {
  const any: [number, number] = [-Infinity, Infinity];
  if (s.protocol === undefined) return [any, any, any];
  const proto: [number, number] = [s.protocol, s.protocol];
  if (s.protocol === PROTO.tcp || s.protocol === PROTO.udp) {
    return [proto, [s.srcPorts.first, s.srcPorts.last], [s.dstPorts.first, s.dstPorts.last]];
  }
  if (s.protocol === PROTO.icmp) {
    return [proto, s.icmpType === undefined ? any : [s.icmpType, s.icmpType], s.icmpCode === undefined ? any : [s.icmpCode, s.icmpCode]];
  }
  // Other protocols: the header maps to a = b = 0, and their ports are not read.
  return [proto, any, any];
}

function expandRules(rules: readonly AclRule[]): SubRule[] {
  const out: SubRule[] = [];
  rules.forEach((rule, i) => {
    for (const s of rule.services) {
      const [p, a, b] = serviceBox(s);
      out.push({ rule: i, fields: [rule.src.ranges, rule.dst.ranges, [p], [a], [b]] });
    }
  });
  return out;
}

/** Interns chunks of CHUNK_WORDS words; id 0 is the zero chunk. */
class ChunkPool {
  private words = new Uint32Array(CHUNK_WORDS * 64);
  private count = 1;
  private readonly ids = new Map<string, number>();

  intern(source: Uint32Array, offset: number): number {
    let zero = true;
    for (let w = 0; w < CHUNK_WORDS; w++) if (source[offset + w] !== 0) zero = false;
    if (zero) return 0;
    const key = Array.prototype.join.call(source.subarray(offset, offset + CHUNK_WORDS), ',');
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    if ((this.count + 1) * CHUNK_WORDS > this.words.length) {
      const grown = new Uint32Array(this.words.length * 2);
      grown.set(this.words);
      this.words = grown;
    }
    this.words.set(source.subarray(offset, offset + CHUNK_WORDS), this.count * CHUNK_WORDS);
    this.ids.set(key, this.count);
    return this.count++;
  }

  finish(): { pool: Uint32Array; distinct: number } {
    return { pool: this.words.slice(0, this.count * CHUNK_WORDS), distinct: this.count };
  }
}

/**
 * Sweeps the boundaries of one field: at each elementary interval the current bitset is the set of
 * sub-rules whose range list covers it; only chunks touched since the last interval are re-interned.
 */
function buildField(subRules: readonly SubRule[], field: number, chunkCount: number): { table: FieldTable; distinct: number } {
  // Events: +1 at lo, -1 at hi + 1; encoded as (position, sub-rule, delta).
  const positions: number[] = [];
  const who: number[] = [];
  const delta: number[] = [];
  subRules.forEach((sr, k) => {
    for (const [lo, hi] of sr.fields[field] as readonly (readonly [number, number])[]) {
      if (lo > hi) continue;
      positions.push(lo);
      who.push(k);
      delta.push(1);
      if (hi === Infinity) continue; // covers everything above lo
      positions.push(hi + 1);
      who.push(k);
      delta.push(-1);
    }
  });
  const order = Array.from(positions.keys()).sort((x, y) => (positions[x] as number) - (positions[y] as number));
  const starts: number[] = [-Infinity];
  const current = new Uint32Array(chunkCount * CHUNK_WORDS);
  // A sub-rule may have overlapping ranges only if its input was not normalised; count covers.
  const cover = new Int32Array(subRules.length);
  const currentIds = new Uint32Array(chunkCount);
  const dirty = new Uint8Array(chunkCount);
  const pool = new ChunkPool();
  const rows: Uint32Array[] = [new Uint32Array(chunkCount)]; // interval 0: below every domain, empty
  let e = 0;
  while (e < order.length) {
    const pos = positions[order[e] as number] as number;
    while (e < order.length && positions[order[e] as number] === pos) {
      const idx = order[e] as number;
      const k = who[idx] as number;
      const before = cover[k] as number;
      const after = before + (delta[idx] as number);
      cover[k] = after;
      if ((before === 0) !== (after === 0)) {
        current[k >>> 5] = ((current[k >>> 5] as number) ^ (1 << (k & 31))) >>> 0;
        dirty[Math.floor(k / CHUNK_BITS)] = 1;
      }
      e++;
    }
    for (let c = 0; c < chunkCount; c++) {
      if (dirty[c]) {
        currentIds[c] = pool.intern(current, c * CHUNK_WORDS);
        dirty[c] = 0;
      }
    }
    starts.push(pos);
    rows.push(currentIds.slice());
  }
  const { pool: words, distinct } = pool.finish();
  const chunkIds = distinct <= 0xffff ? new Uint16Array(rows.length * chunkCount) : new Uint32Array(rows.length * chunkCount);
  rows.forEach((row, i) => chunkIds.set(row, i * chunkCount));
  const aggWords = Math.ceil(chunkCount / 32);
  const agg = new Uint32Array(rows.length * aggWords);
  rows.forEach((row, i) => {
    for (let c = 0; c < chunkCount; c++) if (row[c] !== 0) agg[i * aggWords + (c >>> 5)] = ((agg[i * aggWords + (c >>> 5)] as number) | (1 << (c & 31))) >>> 0;
  });
  return { table: { starts: Float64Array.from(starts), chunkIds, pool: words, agg }, distinct };
}

/** Index of the last interval whose start is ≤ v (starts[0] is -Infinity, so always ≥ 0 for numbers). */
function intervalOf(starts: Float64Array, v: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((starts[mid] as number) <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Values 0..DIRECT_SIZE-1 of the ports and ICMP type/code (0..255 of the protocol) map to intervals by table. */
const DIRECT_SIZE = 65536;
const PROTOCOL_DIRECT_SIZE = 256;
/** Address fields: interval index range per top 16 bits, so the binary search covers one /16 only. */
const JUMP_SIZE = 65536;
/**
 * Below these interval counts a binary search is a few steps and the 64-256 KiB tables are not
 * built, so a topology with many small ACLs stays small. The protocol's 256-entry table is always built.
 */
const DIRECT_MIN_INTERVALS = 32;
const JUMP_MIN_INTERVALS = 1024;

/** `auto`: tables only for fields with many intervals; `always`/`never` exist so tests reach both paths. */
export type LookupTables = 'auto' | 'always' | 'never';

export interface CompileOptions {
  readonly lookupTables?: LookupTables;
}

/**
 * The interval of every value below `size`, in the narrowest element type that holds the interval
 * count: a ClassBench port field has tens to hundreds of intervals, so 64 KiB of bytes instead of
 * 256 KiB of words, which leaves more of the cache to the bitsets the lookup reads next.
 */
function directTable(starts: Float64Array, tables: LookupTables, size = DIRECT_SIZE): Uint8Array | Uint16Array | Uint32Array | undefined {
  if (tables === 'never' || (tables === 'auto' && size === DIRECT_SIZE && starts.length < DIRECT_MIN_INTERVALS)) return undefined;
  const table = starts.length <= 0x100 ? new Uint8Array(size) : starts.length <= 0x10000 ? new Uint16Array(size) : new Uint32Array(size);
  let k = 0;
  for (let v = 0; v < size; v++) {
    while (k + 1 < starts.length && (starts[k + 1] as number) <= v) k++;
    table[v] = k;
  }
  return table;
}

/**
 * An address field's fast path: the interval starts as 32-bit integers (starts[0] = -Infinity
 * becomes 0, which changes no answer for an address) and, per /16, the first and last interval
 * that can hold it.
 */
interface AddressLookup {
  readonly starts: Uint32Array;
  /**
   * Per /16: its first interval, or `dense` + k when the /16 holds more than DENSE_WINDOW intervals
   * and its /24 windows are block k of `sub`. 16-bit while both fit below 0x8000: half the cache
   * lines of the most-read table.
   */
  readonly jump: Uint16Array | Uint32Array;
  readonly dense: number;
  /** SUB_ENTRIES per dense /16: the first interval of each of its /24s, then that of the next /16. */
  readonly sub: Uint16Array | Uint32Array;
}

/**
 * ClassBench address fields crowd tens to hundreds of intervals into some /16s (a binary search of
 * five to eight dependent, badly predicted steps); those /16s get a second level per /24.
 */
const DENSE_WINDOW = 8;
const SUB_ENTRIES = 257;

function jumpTable(starts: Float64Array, tables: LookupTables): AddressLookup | undefined {
  if (tables === 'never' || (tables === 'auto' && starts.length < JUMP_MIN_INTERVALS)) return undefined;
  const first = new Float64Array(JUMP_SIZE + 1);
  for (let h = 0; h < JUMP_SIZE; h++) first[h] = intervalOf(starts, h * 65536);
  // The last window ends at the interval of 0xffffffff: a start of 2^32 (a range ending at the top) is never searched.
  first[JUMP_SIZE] = intervalOf(starts, 0xffffffff);
  const denseBlocks: number[] = [];
  for (let h = 0; h < JUMP_SIZE; h++) if (first[h + 1]! - first[h]! > DENSE_WINDOW) denseBlocks.push(h);
  const narrow = starts.length < 0x8000 && denseBlocks.length < 0x8000;
  const dense = narrow ? 0x8000 : 0x80000000;
  const jump = narrow ? new Uint16Array(JUMP_SIZE + 1) : new Uint32Array(JUMP_SIZE + 1);
  jump.set(first);
  const sub = narrow ? new Uint16Array(denseBlocks.length * SUB_ENTRIES) : new Uint32Array(denseBlocks.length * SUB_ENTRIES);
  denseBlocks.forEach((h, k) => {
    jump[h] = dense + k;
    for (let b = 0; b < 256; b++) sub[k * SUB_ENTRIES + b] = intervalOf(starts, h * 65536 + b * 256);
    sub[k * SUB_ENTRIES + 256] = first[h + 1]!;
  });
  return { starts: Uint32Array.from(starts, (s) => Math.min(0xffffffff, Math.max(0, s))), jump, dense, sub };
}

/** intervalOf for an address, searching only between the first intervals of its /16 (or dense /16's /24) and the next. */
function addressIntervalOf(starts: Float64Array, fast: AddressLookup | undefined, v: number): number {
  if (fast === undefined || !(v >= 0 && v <= 0xffffffff)) return intervalOf(starts, v);
  const h = v >>> 16;
  const s32 = fast.starts;
  const dense = fast.dense;
  let lo = fast.jump[h] as number;
  let hi: number;
  if (lo >= dense) {
    const o = (lo - dense) * SUB_ENTRIES + ((v >>> 8) & 255);
    lo = fast.sub[o] as number;
    hi = fast.sub[o + 1] as number;
  } else {
    hi = fast.jump[h + 1] as number;
    if (hi >= dense) hi = fast.sub[(hi - dense) * SUB_ENTRIES] as number;
  }
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((s32[mid] as number) <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function compileRules(rules: readonly AclRule[], options: CompileOptions = {}): Omit<CompiledAcl, 'evaluate'> {
  const lookupTables = options.lookupTables ?? 'auto';
  const startMs = performance.now();
  const subRules = expandRules(rules);
  const chunkCount = Math.max(1, Math.ceil(subRules.length / CHUNK_BITS));
  const built = [0, 1, 2, 3, 4].map((f) => buildField(subRules, f, chunkCount));
  const tables = built.map((b) => b.table);
  const subToRule = Int32Array.from(subRules, (s) => s.rule);

  const [tSrc, tDst, tProto, tA, tB] = tables as [FieldTable, FieldTable, FieldTable, FieldTable, FieldTable];
  const sSrc = tSrc.starts, iSrc = tSrc.chunkIds, pSrc = tSrc.pool, gSrc = tSrc.agg;
  const sDst = tDst.starts, iDst = tDst.chunkIds, pDst = tDst.pool, gDst = tDst.agg;
  const sPro = tProto.starts, iPro = tProto.chunkIds, pPro = tProto.pool, gPro = tProto.agg;
  const sA = tA.starts, iA = tA.chunkIds, pA = tA.pool, gA = tA.agg;
  const sB = tB.starts, iB = tB.chunkIds, pB = tB.pool, gB = tB.agg;
  const aggWords = Math.ceil(chunkCount / 32);
  const jSrc = jumpTable(sSrc, lookupTables), jDst = jumpTable(sDst, lookupTables);
  const dPro = directTable(sPro, lookupTables, PROTOCOL_DIRECT_SIZE), dA = directTable(sA, lookupTables), dB = directTable(sB, lookupTables);

  function firstMatchFields(
    src: number,
    dst: number,
    protocol: number,
    srcPort: number,
    dstPort: number,
    icmpType: number,
    icmpCode: number,
  ): number {
    let a = 0;
    let b = 0;
    if (protocol === PROTO.tcp || protocol === PROTO.udp) {
      a = srcPort;
      b = dstPort;
    } else if (protocol === PROTO.icmp) {
      a = icmpType;
      b = icmpCode;
    }
    const kSrc = addressIntervalOf(sSrc, jSrc, src);
    const kDst = addressIntervalOf(sDst, jDst, dst);
    // `v >>> 0 === v` holds for integers 0..2^32-1 only; other values take the binary search.
    const kPro = dPro !== undefined && protocol >>> 0 === protocol && protocol < PROTOCOL_DIRECT_SIZE ? (dPro[protocol] as number) : intervalOf(sPro, protocol);
    const kA = dA !== undefined && a >>> 0 === a && a < DIRECT_SIZE ? (dA[a] as number) : intervalOf(sA, a);
    const kB = dB !== undefined && b >>> 0 === b && b < DIRECT_SIZE ? (dB[b] as number) : intervalOf(sB, b);
    const rSrc = kSrc * chunkCount, rDst = kDst * chunkCount, rPro = kPro * chunkCount, rA = kA * chunkCount, rB = kB * chunkCount;
    const gs = kSrc * aggWords, gd = kDst * aggWords, gp = kPro * aggWords, ga = kA * aggWords, gb = kB * aggWords;
    for (let g = 0; g < aggWords; g++) {
      // Chunks not empty in every field; lowest first, so the first hit is the first matching rule.
      let m = (gSrc[gs + g] as number) & (gDst[gd + g] as number) & (gPro[gp + g] as number) & (gA[ga + g] as number) & (gB[gb + g] as number);
      while (m !== 0) {
        const low = m & -m;
        m ^= low;
        const c = g * 32 + 31 - Math.clz32(low);
        const o1 = (iSrc[rSrc + c] as number) * CHUNK_WORDS, o2 = (iDst[rDst + c] as number) * CHUNK_WORDS, o3 = (iPro[rPro + c] as number) * CHUNK_WORDS;
        const o4 = (iA[rA + c] as number) * CHUNK_WORDS, o5 = (iB[rB + c] as number) * CHUNK_WORDS;
        for (let w = 0; w < CHUNK_WORDS; w++) {
          const x =
            (pSrc[o1 + w] as number) & (pDst[o2 + w] as number) & (pPro[o3 + w] as number) & (pA[o4 + w] as number) & (pB[o5 + w] as number);
          if (x !== 0) {
            const bit = 31 - Math.clz32(x & -x);
            return subToRule[c * CHUNK_BITS + w * 32 + bit] as number;
          }
        }
      }
    }
    return -1;
  }

  const bytes =
    tables.reduce((n, t) => n + t.starts.byteLength + t.chunkIds.byteLength + t.pool.byteLength + t.agg.byteLength, 0) +
    subToRule.byteLength +
    [jSrc?.jump, jSrc?.starts, jSrc?.sub, jDst?.jump, jDst?.starts, jDst?.sub, dPro, dA, dB].reduce((n, t) => n + (t?.byteLength ?? 0), 0);
  const stats: CompiledAclStats = {
    ruleCount: rules.length,
    subRuleCount: subRules.length,
    intervals: tables.map((t) => t.starts.length),
    distinctChunks: built.map((b) => b.distinct),
    bytes,
    buildMs: performance.now() - startMs,
  };
  return {
    firstMatchFields,
    firstMatch: (h) => firstMatchFields(h.src, h.dst, h.protocol, h.srcPort, h.dstPort, h.icmpType, h.icmpCode),
    stats,
  };
}

/** Compiles an ACL once; `evaluate` returns the same decision as `evaluateAclLinear`. */
export function compileAcl(acl: Pick<Acl, 'rules' | 'defaultAction'>, options: CompileOptions = {}): CompiledAcl {
  const compiled = compileRules(acl.rules, options);
  return {
    ...compiled,
    evaluate(h: PacketHeader): AclDecision {
      const i = compiled.firstMatch(h);
      const rule = i < 0 ? undefined : acl.rules[i];
      return { action: rule ? rule.action : acl.defaultAction, rule };
    },
  };
}
