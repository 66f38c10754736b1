/**
 * A plan's address function as pieces: runs of addresses that one offset moves. mapping.ts defines the
 * function address by address; header sets need it as ranges, so the symbolic comparison can restrict an
 * address field to each run and shift it (header-map.ts). `planAddressMap` is the concrete reference the
 * pieces are tested against, address by address.
 *
 * A plan's total function is not one-to-one: an address a mapping moves to (its new home) also maps to
 * itself when nothing renumbers it. `comparisonMap` takes the part that is: the moved address keeps its
 * new home (the unmoved one there is left out: unused before the plan, else the plan collides), and of
 * the rest every address whose image no other shares. For a plan without collisions that is every address
 * but the new homes nothing renumbers away, onto every address but the old homes nothing moves back into
 * (vacated, unused after it).
 */
import type { Ipv4 } from '../net/ipv4.js';
import type { Topology } from '../topology/model.js';
import { relocationKey, stepMapping, type AddressMap } from './mapping.js';
import type { PlanStep, ReaddressPlan } from './plan.js';
import { pieces as prefixRuns } from './range-image.js';

/** Addresses `first..last` become `first + offset .. last + offset`. */
export interface AddressPiece {
  readonly first: Ipv4;
  readonly last: Ipv4;
  readonly offset: number;
}

/** Sorted, disjoint pieces; an address no piece holds is outside the function's domain. */
export type AddressPieces = readonly AddressPiece[];

const LAST_ADDRESS = 0xffffffff;

/** Where `ip` goes, or undefined outside the domain (binary search). */
export function applyPieces(pieces: AddressPieces, ip: Ipv4): Ipv4 | undefined {
  let lo = 0;
  let hi = pieces.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = pieces[mid] as AddressPiece;
    if (ip < p.first) hi = mid - 1;
    else if (ip > p.last) lo = mid + 1;
    else return ip + p.offset;
  }
  return undefined;
}

/** Neighbouring pieces with one offset become one. */
function normalise(list: readonly AddressPiece[]): AddressPiece[] {
  const sorted = [...list].filter((p) => p.first <= p.last).sort((a, b) => a.first - b.first);
  const out: AddressPiece[] = [];
  for (const p of sorted) {
    const prev = out[out.length - 1];
    if (prev && prev.offset === p.offset && prev.last + 1 === p.first) out[out.length - 1] = { ...prev, last: p.last };
    else out.push(p);
  }
  return out;
}

/** One step's function over every address: host exceptions (and relocations) as single addresses, the rest by the longest prefix mapping. */
export function stepPieces(step: PlanStep, relocatedFrom: ReadonlyMap<string, Ipv4>): AddressPiece[] {
  const hosts = new Map<Ipv4, Ipv4>(step.hosts.map((h) => [h.from, h.to]));
  for (const r of step.relocations) {
    const old = relocatedFrom.get(relocationKey(r.node, r.interface));
    if (old !== undefined && !hosts.has(old)) hosts.set(old, r.address);
  }
  const out: AddressPiece[] = [];
  const points = [...hosts.keys()].sort((a, b) => a - b);
  for (const run of prefixRuns(step.mappings, 0, LAST_ADDRESS)) {
    let from = run.first;
    for (const h of points) {
      if (h < from || h > run.last) continue;
      if (h > from) out.push({ first: from, last: h - 1, offset: run.offset });
      out.push({ first: h, last: h, offset: (hosts.get(h) as Ipv4) - h });
      from = h + 1;
    }
    if (from <= run.last) out.push({ first: from, last: run.last, offset: run.offset });
  }
  return normalise(out);
}

/** `second` after `first`: each piece of `first` split where its image crosses pieces of `second`. */
export function composePieces(first: AddressPieces, second: AddressPieces): AddressPiece[] {
  const out: AddressPiece[] = [];
  for (const p of first) {
    const lo = p.first + p.offset;
    const hi = p.last + p.offset;
    for (const q of second) {
      if (q.last < lo || q.first > hi) continue;
      const a = Math.max(lo, q.first);
      const b = Math.min(hi, q.last);
      out.push({ first: a - p.offset, last: b - p.offset, offset: p.offset + q.offset });
    }
  }
  return normalise(out);
}

/** The interface a relocation moves (the one named, or the node's only one) and its address in `topology`. */
function relocatedAddress(topology: Topology, node: string, iface: string | undefined): Ipv4 | undefined {
  const n = topology.nodes.get(node);
  if (!n) return undefined;
  const name = iface ?? (n.interfaces.size === 1 ? [...n.interfaces.keys()][0] : undefined);
  return name === undefined ? undefined : n.interfaces.get(name)?.address;
}

/**
 * Old address of every relocation of step `k`: the moved interface's address in `original` carried through
 * the steps before (a step sees the topology the earlier steps left).
 */
function relocatedFromAt(plan: ReaddressPlan, original: Topology, k: number, before: (ip: Ipv4) => Ipv4): Map<string, Ipv4> {
  const out = new Map<string, Ipv4>();
  for (const r of (plan.steps[k] as PlanStep).relocations) {
    const address = relocatedAddress(original, r.node, r.interface);
    if (address !== undefined) out.set(relocationKey(r.node, r.interface), before(address));
  }
  return out;
}

function lastStep(plan: ReaddressPlan, upTo: number | undefined): number {
  return Math.min(upTo ?? plan.steps.length - 1, plan.steps.length - 1);
}

/** The plan's function over every address, steps `0..upTo`, as pieces (the fast form). */
export function planPieces(plan: ReaddressPlan, original: Topology, upTo?: number): AddressPiece[] {
  return planFunction(plan, original, upTo).pieces;
}

/**
 * The plan's function as pieces, and the addresses it claims, in renumbered addresses: the new prefixes
 * of its mappings whole (holes that host exceptions or relocations leave in them too) and the new
 * addresses of hosts and relocations.
 */
export function planFunction(plan: ReaddressPlan, original: Topology, upTo?: number): { pieces: AddressPiece[]; claimed: [number, number][] } {
  let total: AddressPiece[] = [{ first: 0, last: LAST_ADDRESS, offset: 0 }];
  let claimed: [number, number][] = [];
  for (let k = 0; k <= lastStep(plan, upTo); k++) {
    const sofar = total;
    const step = plan.steps[k] as PlanStep;
    const relocatedFrom = relocatedFromAt(plan, original, k, (ip) => applyPieces(sofar, ip) as Ipv4);
    const pieces = stepPieces(step, relocatedFrom);
    // What earlier steps claimed moves on with this step; then this step's own claims.
    claimed = imageOf(claimed, pieces);
    for (const run of prefixRuns(step.mappings, 0, LAST_ADDRESS)) if (run.offset !== 0) claimed.push([run.first + run.offset, run.last + run.offset]);
    for (const p of pieces) if (p.first === p.last && p.offset !== 0) claimed.push([p.first + p.offset, p.first + p.offset]);
    claimed = merge(claimed);
    total = composePieces(total, pieces);
  }
  return { pieces: total, claimed };
}

/** The image of address ranges under pieces that cover every address. */
function imageOf(ranges: readonly (readonly [number, number])[], pieces: AddressPieces): [number, number][] {
  const out: [number, number][] = [];
  for (const [a, b] of ranges) {
    for (const p of pieces) {
      if (p.last < a || p.first > b) continue;
      out.push([Math.max(a, p.first) + p.offset, Math.min(b, p.last) + p.offset]);
    }
  }
  return merge(out);
}

/** The same function address by address, through mapping.ts's stepMapping (the reference). */
export function planAddressMap(plan: ReaddressPlan, original: Topology, upTo?: number): AddressMap {
  const maps: AddressMap[] = [];
  for (let k = 0; k <= lastStep(plan, upTo); k++) {
    const sofar = [...maps];
    const before = (ip: Ipv4) => sofar.reduce((a, m) => m(a), ip);
    maps.push(stepMapping(plan.steps[k] as PlanStep, relocatedFromAt(plan, original, k, before)));
  }
  return (ip) => maps.reduce((a, m) => m(a), ip);
}

/** Address ranges as sorted disjoint [first, last] pairs. */
export type AddressRanges = readonly (readonly [number, number])[];

function subtract(pieces: readonly AddressPiece[], ranges: AddressRanges): AddressPiece[] {
  const out: AddressPiece[] = [];
  for (const p of pieces) {
    let from = p.first;
    for (const [a, b] of ranges) {
      if (b < from || a > p.last) continue;
      if (a > from) out.push({ ...p, first: from, last: a - 1 });
      from = b + 1;
      if (from > p.last) break;
    }
    if (from <= p.last) out.push({ ...p, first: from });
  }
  return out;
}

function merge(ranges: (readonly [number, number])[]): [number, number][] {
  const sorted = [...ranges].sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

function minusRanges(a: AddressRanges, b: AddressRanges): [number, number][] {
  return subtract(a.map(([first, last]) => ({ first, last, offset: 0 })), b).map((p) => [p.first, p.last]);
}

/** The one-to-one part of a plan's function, its inverse, and what each side leaves out of the comparison. */
export interface ComparisonMap {
  /** Original address → renumbered address, on every address but `leftOutOriginal`. */
  readonly forward: AddressPieces;
  /** Renumbered address → original address, on every address but `leftOutRenumbered`. */
  readonly inverse: AddressPieces;
  /**
   * New homes nothing renumbers away (unused before the plan, else the plan collides with them), and every
   * address of a plan that maps two moved addresses onto one.
   */
  readonly leftOutOriginal: AddressRanges;
  /** Addresses nothing maps onto one-to-one: old homes nothing moves back into (unused after the plan), and shared images. */
  readonly leftOutRenumbered: AddressRanges;
}

/** Ranges covered by two or more of `ranges`. */
function overlaps(ranges: readonly (readonly [number, number])[]): [number, number][] {
  const events: [number, number][] = [];
  for (const [a, b] of ranges) events.push([a, 1], [b + 1, -1]);
  events.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: [number, number][] = [];
  let depth = 0;
  let from = 0;
  for (const [at, delta] of events) {
    if (depth >= 2 && at > from) out.push([from, at - 1]);
    depth += delta;
    from = at;
  }
  return merge(out);
}

export function comparisonMap(total: AddressPieces, claimed: AddressRanges = []): ComparisonMap {
  const moved = total.filter((p) => p.offset !== 0);
  // A moved address wins its new home over the address that sat there unmoved (unused before the plan);
  // so does the plan's claim on a whole new prefix, holes included (no address moves into a hole).
  const homes = merge([...moved.map((p) => [p.first + p.offset, p.last + p.offset] as const), ...claimed]);
  const candidates = [...moved, ...subtract(total.filter((p) => p.offset === 0), homes)];
  // Then keep every address whose image no other address shares.
  const shared = overlaps(candidates.map((p) => [p.first + p.offset, p.last + p.offset]));
  const forward = normalise(candidates.flatMap((p) => subtract([p], shared.map(([a, b]) => [a - p.offset, b - p.offset] as const))));
  const inverse = normalise(forward.map((p) => ({ first: p.first + p.offset, last: p.last + p.offset, offset: -p.offset })));
  const all: AddressRanges = [[0, LAST_ADDRESS]];
  return {
    forward,
    inverse,
    leftOutOriginal: minusRanges(all, forward.map((p) => [p.first, p.last])),
    leftOutRenumbered: minusRanges(all, inverse.map((p) => [p.first, p.last])),
  };
}
