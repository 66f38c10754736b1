/**
 * A set of flows in columnar typed arrays, all views on one SharedArrayBuffer so worker threads
 * read the same memory without copying. 21 bytes per flow: 10M flows take about 210 MB.
 *
 * For ICMP flows the port columns carry the ICMP type (`srcPort`) and code (`dstPort`).
 */
import { PROTO } from '../net/ports.js';
import type { PacketHeader } from '../net/header.js';

/** Start column value meaning "enter at whatever owns the source address". */
export const START_FROM_SOURCE = -1;

export interface FlowSet {
  readonly size: number;
  readonly buffer: SharedArrayBuffer;
  readonly src: Uint32Array;
  readonly dst: Uint32Array;
  readonly dstPort: Uint16Array;
  readonly srcPort: Uint16Array;
  /** Index into `startNames`, or START_FROM_SOURCE. */
  readonly start: Int32Array;
  /** How many real flows this row stands for (aggregated logs); 1 by default. */
  readonly count: Uint32Array;
  readonly proto: Uint8Array;
  /** Start locations named in the input (`node` or `node.interface`), indexed by the start column. */
  readonly startNames: readonly string[];
}

/** What crosses a thread boundary: the buffer and the size; views are rebuilt on the other side. */
export interface FlowSetTransfer {
  readonly size: number;
  readonly buffer: SharedArrayBuffer;
  readonly startNames: readonly string[];
}

function layout(size: number): { src: number; dst: number; start: number; count: number; srcPort: number; dstPort: number; proto: number; bytes: number } {
  // 4-byte columns first, then 2-byte, then 1-byte: every view stays aligned.
  const src = 0;
  const dst = src + 4 * size;
  const start = dst + 4 * size;
  const count = start + 4 * size;
  const srcPort = count + 4 * size;
  const dstPort = srcPort + 2 * size;
  const proto = dstPort + 2 * size;
  return { src, dst, start, count, srcPort, dstPort, proto, bytes: Math.max(8, proto + size) };
}

export function flowSetFromTransfer(t: FlowSetTransfer): FlowSet {
  const { size, buffer } = t;
  const l = layout(size);
  return {
    size,
    buffer,
    src: new Uint32Array(buffer, l.src, size),
    dst: new Uint32Array(buffer, l.dst, size),
    start: new Int32Array(buffer, l.start, size),
    count: new Uint32Array(buffer, l.count, size),
    srcPort: new Uint16Array(buffer, l.srcPort, size),
    dstPort: new Uint16Array(buffer, l.dstPort, size),
    proto: new Uint8Array(buffer, l.proto, size),
    startNames: t.startNames,
  };
}

export function allocateFlowSet(size: number, startNames: readonly string[] = []): FlowSet {
  return flowSetFromTransfer({ size, buffer: new SharedArrayBuffer(layout(size).bytes), startNames });
}

export function flowSetTransfer(f: FlowSet): FlowSetTransfer {
  return { size: f.size, buffer: f.buffer, startNames: f.startNames };
}

export interface FlowRow {
  src: number;
  dst: number;
  proto: number;
  srcPort: number;
  dstPort: number;
  /** A name from startNames, or undefined to start where the source address lives. */
  start?: string | undefined;
  count?: number | undefined;
}

/**
 * Grows in fixed-size ordinary chunks while the size is unknown (streaming import), then copies once
 * into a shared buffer of the exact size: peak memory is about twice the final set, never more.
 */
export class FlowSetBuilder {
  private static readonly CHUNK = 1 << 20;
  private readonly chunks: { src: Uint32Array; dst: Uint32Array; start: Int32Array; count: Uint32Array; srcPort: Uint16Array; dstPort: Uint16Array; proto: Uint8Array }[] = [];
  private used = FlowSetBuilder.CHUNK;
  private total = 0;
  private readonly startIndex = new Map<string, number>();
  private readonly startNames: string[] = [];

  get size(): number {
    return this.total;
  }

  add(row: FlowRow): void {
    if (this.used === FlowSetBuilder.CHUNK) {
      const n = FlowSetBuilder.CHUNK;
      this.chunks.push({
        src: new Uint32Array(n), dst: new Uint32Array(n), start: new Int32Array(n), count: new Uint32Array(n),
        srcPort: new Uint16Array(n), dstPort: new Uint16Array(n), proto: new Uint8Array(n),
      });
      this.used = 0;
    }
    const c = this.chunks[this.chunks.length - 1]!;
    const i = this.used++;
    c.src[i] = row.src;
    c.dst[i] = row.dst;
    c.proto[i] = row.proto;
    c.srcPort[i] = row.srcPort;
    c.dstPort[i] = row.dstPort;
    c.count[i] = row.count ?? 1;
    c.start[i] = row.start === undefined ? START_FROM_SOURCE : this.startId(row.start);
    this.total++;
  }

  private startId(name: string): number {
    let id = this.startIndex.get(name);
    if (id === undefined) {
      id = this.startNames.length;
      this.startNames.push(name);
      this.startIndex.set(name, id);
    }
    return id;
  }

  build(): FlowSet {
    const out = allocateFlowSet(this.total, [...this.startNames]);
    let at = 0;
    for (const [k, c] of this.chunks.entries()) {
      const n = k === this.chunks.length - 1 ? this.used : FlowSetBuilder.CHUNK;
      out.src.set(c.src.subarray(0, n), at);
      out.dst.set(c.dst.subarray(0, n), at);
      out.start.set(c.start.subarray(0, n), at);
      out.count.set(c.count.subarray(0, n), at);
      out.srcPort.set(c.srcPort.subarray(0, n), at);
      out.dstPort.set(c.dstPort.subarray(0, n), at);
      out.proto.set(c.proto.subarray(0, n), at);
      at += n;
    }
    this.chunks.length = 0;
    return out;
  }
}

/** The packet header of flow `i` (allocates; for the slow path and reports, not the hot loop). */
export function flowHeader(f: FlowSet, i: number): PacketHeader {
  const proto = f.proto[i]!;
  const icmp = proto === PROTO.icmp;
  return {
    src: f.src[i]!,
    dst: f.dst[i]!,
    protocol: proto,
    srcPort: icmp ? 0 : f.srcPort[i]!,
    dstPort: icmp ? 0 : f.dstPort[i]!,
    icmpType: icmp ? f.srcPort[i]! : 0,
    icmpCode: icmp ? f.dstPort[i]! : 0,
  };
}
