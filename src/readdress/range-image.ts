/**
 * What one step's address function does to a literal range (a prefix, a range, a pool): moves it as a
 * whole, leaves it, or splits it. A literal can be rewritten only when the step translates all of it by
 * one offset; host exceptions inside it are reported separately (the literal follows its prefix, the host
 * leaves it). This is the range view of `stepMapping` (mapping.ts) for prefix mappings; a test checks the
 * two agree address by address.
 */
import { prefixFirst, prefixLast, type Ipv4 } from '../net/ipv4.js';
import type { PlanStep, PrefixMapping } from './plan.js';

/** One offset over a run of addresses: the longest prefix mapping that holds them, or none. */
export interface Piece {
  readonly first: Ipv4;
  readonly last: Ipv4;
  readonly mapping: PrefixMapping | undefined;
  /** New address minus old address on this run (0 where no mapping applies). */
  readonly offset: number;
}

export type RangeImage =
  /** No mapping touches the range. */
  | { readonly kind: 'unchanged' }
  /** One mapping (or several with one offset) moves all of it; or a wide mapping holding it, when the narrower ones inside land within its image. */
  | { readonly kind: 'moved'; readonly first: Ipv4; readonly last: Ipv4; readonly mappings: readonly PrefixMapping[] }
  /**
   * The range holds mapped prefixes whole but is not inside one (an aggregate such as a 10.0.0.0/8 route):
   * it stays as written; `escaping` are the mappings whose new prefix it no longer covers.
   */
  | { readonly kind: 'aggregate'; readonly inner: readonly PrefixMapping[]; readonly escaping: readonly PrefixMapping[] }
  /** Parts of the range go different ways: it cannot be rewritten as one literal. */
  | { readonly kind: 'split'; readonly by: readonly PrefixMapping[] };

/** The prefix mapping deciding `ip`: the longest `from` holding it (mapping.ts sorts the same way). */
export function decidingMapping(mappings: readonly PrefixMapping[], ip: Ipv4): PrefixMapping | undefined {
  let best: PrefixMapping | undefined;
  for (const m of mappings) {
    if (ip >= prefixFirst(m.from) && ip <= prefixLast(m.from) && (best === undefined || m.from.length > best.from.length)) best = m;
  }
  return best;
}

/** Splits [first, last] at every mapping boundary into runs with one deciding mapping each. */
export function pieces(mappings: readonly PrefixMapping[], first: Ipv4, last: Ipv4): Piece[] {
  const cuts = new Set<number>([first]);
  for (const m of mappings) {
    const a = prefixFirst(m.from);
    const b = prefixLast(m.from) + 1;
    if (a > first && a <= last) cuts.add(a);
    if (b > first && b <= last) cuts.add(b);
  }
  const starts = [...cuts].sort((x, y) => x - y);
  return starts.map((start, i) => {
    const end = i + 1 < starts.length ? (starts[i + 1] as number) - 1 : last;
    const mapping = decidingMapping(mappings, start);
    return { first: start, last: end, mapping, offset: mapping ? mapping.to.network - mapping.from.network : 0 };
  });
}

export function rangeImage(step: Pick<PlanStep, 'mappings'>, first: Ipv4, last: Ipv4): RangeImage {
  const runs = pieces(step.mappings, first, last);
  const offsets = new Set(runs.map((r) => r.offset));
  const used = [...new Set(runs.flatMap((r) => (r.mapping ? [r.mapping] : [])))];
  if (offsets.size === 1) {
    const offset = runs[0]?.offset ?? 0;
    return offset === 0 ? { kind: 'unchanged' } : { kind: 'moved', first: first + offset, last: last + offset, mappings: used };
  }
  // Mixed offsets: an aggregate only if every mapping involved lies wholly inside the range. One that holds
  // the whole range (with a narrower one inside going elsewhere) or reaches out of it splits the range.
  const inside = (m: PrefixMapping) => prefixFirst(m.from) >= first && prefixLast(m.from) <= last;
  const holdsAll = (m: PrefixMapping) => prefixFirst(m.from) <= first && prefixLast(m.from) >= last;
  // A range inside a wide mapping whose narrower mappings all land inside the wide one's image of the range
  // (a summary route over re-packed segments) moves with the wide mapping: its image holds every new address.
  const wide = used.filter(holdsAll).sort((a, b) => b.from.length - a.from.length)[0];
  if (wide) {
    const offset = wide.to.network - wide.from.network;
    const [lo, hi] = [first + offset, last + offset];
    if (runs.every((r) => r.first + r.offset >= lo && r.last + r.offset <= hi)) return { kind: 'moved', first: lo, last: hi, mappings: used };
    return { kind: 'split', by: used };
  }
  if (used.some((m) => !inside(m))) return { kind: 'split', by: used };
  const escaping = used.filter((m) => prefixFirst(m.to) < first || prefixLast(m.to) > last);
  return { kind: 'aggregate', inner: used, escaping };
}

/** Host exceptions (and relocations, given as hosts) that take an address of [first, last] somewhere else than its run goes. */
export function leavingHosts(step: Pick<PlanStep, 'mappings'>, hosts: ReadonlyMap<Ipv4, Ipv4>, first: Ipv4, last: Ipv4): { from: Ipv4; to: Ipv4 }[] {
  const out: { from: Ipv4; to: Ipv4 }[] = [];
  for (const [from, to] of hosts) {
    if (from < first || from > last) continue;
    const m = decidingMapping(step.mappings, from);
    const followed = m ? from + (m.to.network - m.from.network) : from;
    if (followed !== to) out.push({ from, to });
  }
  return out.sort((a, b) => a.from - b.from);
}
