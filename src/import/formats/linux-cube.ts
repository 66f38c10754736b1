/**
 * Header-space cubes for the Linux importers: a conjunction of one set per header field (source,
 * destination, protocol, ports, ICMP type/code). A netfilter rule's match is a union of cubes; a rule
 * after a RETURN is a cube minus the returned cubes, split into disjoint cubes. Every cube converts to
 * one segproof ACL rule (source list × destination list × service list).
 *
 * Invariant: ports are constrained only when the protocol set lies within {tcp, udp} and ICMP
 * type/code only when it is {icmp}, so that the cube means the same to segproof's service matcher,
 * which ignores ports of other protocols.
 */
import { ALL_ADDRESSES, addressSetComplement, addressSetIsAll, addressSetIsEmpty, type AddressSet } from '../../net/address-set.js';
import { PROTO } from '../../net/ports.js';
import { mergeRanges } from '../../net/ranges.js';
import { addressRefs as prefixRefs } from '../address-refs.js';

/** Sorted, disjoint, non-adjacent inclusive ranges over 0..max (protocols, ports, ICMP type·256+code). */
export type Ranges = readonly (readonly [number, number])[];

export const PORT_MAX = 65535;
export const PROTO_MAX = 255;
/** ICMP type and code as one number: type × 256 + code. */
export const ICMP_MAX = 65535;

export function ranges(input: Iterable<readonly [number, number]>): Ranges {
  return mergeRanges(input);
}

export function rangesIntersect(a: Ranges, b: Ranges): Ranges {
  const out: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as readonly [number, number];
    const y = b[j] as readonly [number, number];
    const lo = Math.max(x[0], y[0]);
    const hi = Math.min(x[1], y[1]);
    if (lo <= hi) out.push([lo, hi]);
    if (x[1] < y[1]) i++;
    else j++;
  }
  return out;
}

export function rangesComplement(a: Ranges, max: number): Ranges {
  const out: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of a) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= max) out.push([next, max]);
  return out;
}

export function rangesIsFull(a: Ranges, max: number): boolean {
  return a.length === 1 && a[0]?.[0] === 0 && a[0]?.[1] === max;
}



export interface Cube {
  readonly src: AddressSet;
  readonly dst: AddressSet;
  readonly proto: Ranges;
  readonly sport: Ranges;
  readonly dport: Ranges;
  readonly icmp: Ranges;
}

const FULL_PORTS: Ranges = [[0, PORT_MAX]];
const FULL_PROTO: Ranges = [[0, PROTO_MAX]];
const FULL_ICMP: Ranges = [[0, ICMP_MAX]];
export const TCP_UDP: Ranges = ranges([[PROTO.tcp, PROTO.tcp], [PROTO.udp, PROTO.udp]]);
const ICMP_ONLY: Ranges = [[PROTO.icmp, PROTO.icmp]];

export const ALL_CUBE: Cube = Object.freeze({ src: ALL_ADDRESSES, dst: ALL_ADDRESSES, proto: FULL_PROTO, sport: FULL_PORTS, dport: FULL_PORTS, icmp: FULL_ICMP });

/** A cube with the given fields, the rest unconstrained. */
export function cube(fields: Partial<Cube>): Cube {
  return { ...ALL_CUBE, ...fields };
}

export function cubeIsEmpty(c: Cube): boolean {
  return addressSetIsEmpty(c.src) || addressSetIsEmpty(c.dst) || c.proto.length === 0 || c.sport.length === 0 || c.dport.length === 0 || c.icmp.length === 0;
}

export function isAllCube(c: Cube): boolean {
  return (
    addressSetIsAll(c.src) &&
    addressSetIsAll(c.dst) &&
    rangesIsFull(c.proto, PROTO_MAX) &&
    rangesIsFull(c.sport, PORT_MAX) &&
    rangesIsFull(c.dport, PORT_MAX) &&
    rangesIsFull(c.icmp, ICMP_MAX)
  );
}

/** Keeps the invariant: ports only with tcp/udp, ICMP type only with icmp. */
function normalise(c: Cube): Cube {
  let proto = c.proto;
  if (!rangesIsFull(c.sport, PORT_MAX) || !rangesIsFull(c.dport, PORT_MAX)) proto = rangesIntersect(proto, TCP_UDP);
  if (!rangesIsFull(c.icmp, ICMP_MAX)) proto = rangesIntersect(proto, ICMP_ONLY);
  return proto === c.proto ? c : { ...c, proto };
}

/** Intersection of two normalised sets; already normalised, so built without sorting. */
function intersectAddresses(a: AddressSet, b: AddressSet): AddressSet {
  if (a === b || addressSetIsAll(b)) return a;
  if (addressSetIsAll(a)) return b;
  const out: (readonly [number, number])[] = [];
  const x = a.ranges;
  const y = b.ranges;
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const p = x[i] as readonly [number, number];
    const q = y[j] as readonly [number, number];
    const lo = p[0] > q[0] ? p[0] : q[0];
    const hi = p[1] < q[1] ? p[1] : q[1];
    if (lo <= hi) out.push(lo === p[0] && hi === p[1] ? p : lo === q[0] && hi === q[1] ? q : [lo, hi]);
    if (p[1] < q[1]) i++;
    else j++;
  }
  return { ranges: out };
}

function rangesOverlap(x: Ranges, y: Ranges): boolean {
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const p = x[i] as readonly [number, number];
    const q = y[j] as readonly [number, number];
    if (p[0] <= q[1] && q[0] <= p[1]) return true;
    if (p[1] < q[1]) i++;
    else j++;
  }
  return false;
}

/** Whether two cubes share a packet, without building their intersection. */
export function cubesOverlap(a: Cube, b: Cube): boolean {
  if (a === b) return true;
  if (!rangesOverlap(a.src.ranges, b.src.ranges) || !rangesOverlap(a.dst.ranges, b.dst.ranges)) return false;
  if (!rangesOverlap(a.proto, b.proto)) return false;
  if (!rangesOverlap(a.sport, b.sport) || !rangesOverlap(a.dport, b.dport) || !rangesOverlap(a.icmp, b.icmp)) return false;
  return intersectCubes(a, b) !== undefined;
}

export function intersectCubes(a: Cube, b: Cube): Cube | undefined {
  if (!rangesOverlap(a.src.ranges, b.src.ranges) || !rangesOverlap(a.dst.ranges, b.dst.ranges) || !rangesOverlap(a.proto, b.proto)) return undefined;
  const c: Cube = normalise({
    src: intersectAddresses(a.src, b.src),
    dst: intersectAddresses(a.dst, b.dst),
    proto: a.proto === b.proto || rangesIsFull(b.proto, PROTO_MAX) ? a.proto : rangesIsFull(a.proto, PROTO_MAX) ? b.proto : rangesIntersect(a.proto, b.proto),
    sport: a.sport === b.sport || rangesIsFull(b.sport, PORT_MAX) ? a.sport : rangesIsFull(a.sport, PORT_MAX) ? b.sport : rangesIntersect(a.sport, b.sport),
    dport: a.dport === b.dport || rangesIsFull(b.dport, PORT_MAX) ? a.dport : rangesIsFull(a.dport, PORT_MAX) ? b.dport : rangesIntersect(a.dport, b.dport),
    icmp: a.icmp === b.icmp || rangesIsFull(b.icmp, ICMP_MAX) ? a.icmp : rangesIsFull(a.icmp, ICMP_MAX) ? b.icmp : rangesIntersect(a.icmp, b.icmp),
  });
  return cubeIsEmpty(c) ? undefined : c;
}

/** Pairwise intersections of two unions of cubes. */
export function intersectUnions(a: readonly Cube[], b: readonly Cube[]): Cube[] {
  const out: Cube[] = [];
  for (const x of a) for (const y of b) {
    const c = intersectCubes(x, y);
    if (c) out.push(c);
  }
  return out;
}

/** `a` minus `b` as disjoint cubes (at most six), field by field. */
export function subtractCube(a: Cube, b: Cube): Cube[] {
  const both = intersectCubes(a, b);
  if (!both) return [a];
  const out: Cube[] = [];
  const push = (c: Cube) => {
    const n = normalise(c);
    if (!cubeIsEmpty(n)) out.push(n);
  };
  push({ ...a, src: intersectAddresses(a.src, addressSetComplement(b.src)) });
  push({ ...a, src: both.src, dst: intersectAddresses(a.dst, addressSetComplement(b.dst)) });
  push({ ...a, src: both.src, dst: both.dst, proto: rangesIntersect(a.proto, rangesComplement(b.proto, PROTO_MAX)) });
  const p = both.proto;
  push({ ...a, src: both.src, dst: both.dst, proto: p, sport: rangesIntersect(a.sport, rangesComplement(b.sport, PORT_MAX)) });
  push({ ...a, src: both.src, dst: both.dst, proto: p, sport: both.sport, dport: rangesIntersect(a.dport, rangesComplement(b.dport, PORT_MAX)) });
  push({ ...a, src: both.src, dst: both.dst, proto: p, sport: both.sport, dport: both.dport, icmp: rangesIntersect(a.icmp, rangesComplement(b.icmp, ICMP_MAX)) });
  return out;
}

/** Every cube of `from` minus every cube of `minus`. */
export function subtractUnion(from: readonly Cube[], minus: readonly Cube[]): Cube[] {
  let out = [...from];
  for (const m of minus) {
    if (out.length === 0) break;
    const next: Cube[] = [];
    for (const c of out) {
      if (!cubesOverlap(c, m)) next.push(c);
      else next.push(...subtractCube(c, m));
    }
    out = next;
  }
  return out;
}




/** Whether a header lies in the cube (ports and ICMP as the invariant says). */
export function cubeContains(c: Cube, h: { src: number; dst: number; protocol: number; srcPort: number; dstPort: number; icmpType: number; icmpCode: number }): boolean {
  const inRanges = (r: Ranges, v: number) => r.some(([lo, hi]) => v >= lo && v <= hi);
  if (!inRanges(c.src.ranges, h.src) || !inRanges(c.dst.ranges, h.dst) || !inRanges(c.proto, h.protocol)) return false;
  if (h.protocol === PROTO.tcp || h.protocol === PROTO.udp) return inRanges(c.sport, h.srcPort) && inRanges(c.dport, h.dstPort);
  if (h.protocol === PROTO.icmp) return inRanges(c.icmp, h.icmpType * 256 + h.icmpCode);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Rendering as segproof address and service references.

/** Address references: `any`, prefixes, or `a.b.c.d-e.f.g.h` ranges that are no single prefix. */
export function addressRefs(set: AddressSet): string[] {
  return addressSetIsAll(set) ? ['any'] : prefixRefs(set);
}

function portText(r: readonly [number, number]): string {
  return r[0] === 0 && r[1] === PORT_MAX ? 'any' : r[0] === r[1] ? String(r[0]) : `${r[0]}-${r[1]}`;
}

/** Service references for the cube's protocol, ports and ICMP fields (`any` when unconstrained). */
export function serviceRefs(c: Cube): string[] {
  if (rangesIsFull(c.proto, PROTO_MAX)) return ['any'];
  const out: string[] = [];
  for (const [lo, hi] of c.proto) {
    for (let p = lo; p <= hi; p++) {
      if (p === PROTO.tcp || p === PROTO.udp) {
        const name = p === PROTO.tcp ? 'tcp' : 'udp';
        const sportsAny = rangesIsFull(c.sport, PORT_MAX);
        for (const s of c.sport) for (const d of c.dport) out.push(sportsAny ? `${name}/${portText(d)}` : `${name}/${portText(s)}:${portText(d)}`);
      } else if (p === PROTO.icmp) {
        if (rangesIsFull(c.icmp, ICMP_MAX)) out.push('icmp');
        else out.push(...icmpRefs(c.icmp));
      } else out.push(String(p));
    }
  }
  return out;
}

/** ICMP type·256+code ranges as `icmp/T` (every code) and `icmp/T/C`. */
function icmpRefs(r: Ranges): string[] {
  const out: string[] = [];
  for (const [lo, hi] of r) {
    let v = lo;
    while (v <= hi) {
      const type = v >> 8;
      const code = v & 255;
      if (code === 0 && hi >= type * 256 + 255) {
        out.push(`icmp/${type}`);
        v = type * 256 + 256;
      } else {
        out.push(`icmp/${type}/${code}`);
        v++;
      }
    }
  }
  return out;
}
