/**
 * The address function a plan defines: old address → new address, per step and composed over steps.
 * Host mappings win over prefix mappings; a relocation maps the moved interface's old address; an address
 * no entry names keeps itself. Everything that renames addresses (apply, check, replay with a plan,
 * migrate's business flows) reads this one definition.
 */
import { prefixContains, type Ipv4, type Prefix } from '../net/ipv4.js';
import type { PlanStep, ReaddressPlan } from './plan.js';

export type AddressMap = (ip: Ipv4) => Ipv4;

/** The mapping of one step; `relocatedFrom` gives the old address of each relocation (the model knows it). */
export function stepMapping(step: PlanStep, relocatedFrom: ReadonlyMap<string, Ipv4> = new Map()): AddressMap {
  const hosts = new Map<Ipv4, Ipv4>(step.hosts.map((h) => [h.from, h.to]));
  for (const r of step.relocations) {
    const old = relocatedFrom.get(relocationKey(r.node, r.interface));
    if (old !== undefined && !hosts.has(old)) hosts.set(old, r.address);
  }
  // Longest `from` first, so a narrower mapping inside a wider one wins.
  const prefixes = [...step.mappings].sort((a, b) => b.from.length - a.from.length);
  return (ip) => {
    const host = hosts.get(ip);
    if (host !== undefined) return host;
    for (const m of prefixes) if (prefixContains(m.from, ip)) return mapThroughPrefix(m.from, m.to, ip);
    return ip;
  };
}

/** The mapping of steps `0..upTo` (inclusive) applied in order; the whole plan when `upTo` is omitted. */
export function planMapping(plan: ReaddressPlan, relocatedFrom: ReadonlyMap<string, Ipv4> = new Map(), upTo = plan.steps.length - 1): AddressMap {
  const maps = plan.steps.slice(0, upTo + 1).map((s) => stepMapping(s, relocatedFrom));
  return (ip) => maps.reduce((a, m) => m(a), ip);
}

export function mapThroughPrefix(from: Prefix, to: Prefix, ip: Ipv4): Ipv4 {
  return (to.network + (ip - from.network)) >>> 0;
}

/** Key of a relocation in `relocatedFrom`: `node` or `node.interface`. */
export function relocationKey(node: string, iface: string | undefined): string {
  return iface === undefined ? node : `${node}.${iface}`;
}
