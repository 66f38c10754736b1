/**
 * Filler rules that make a firewall policy look like a real one grown over years: narrow permits
 * between named objects, broad logged denies, rules shadowed by earlier ones (duplicates, subsets,
 * contradicting subsets), overlapping port ranges and boundary ports (0, 1023/1024, 65535).
 *
 * Where filler may go is decided by the caller (municipality.ts): the rules themselves are only as safe
 * as the ACL binding they are put under.
 */
import { formatIpv4, type Prefix } from '../../net/ipv4.js';
import type { RawRule } from '../format.js';
import type { Rng } from './prng.js';

export interface RulePools {
  /** Address references (segment, node or address-object names) a rule may use as source. */
  readonly sources: readonly string[];
  /** Address references a rule may use as destination. */
  readonly destinations: readonly string[];
  /** Prefixes inside which literal hosts and narrow prefixes are drawn. */
  readonly prefixes: readonly Prefix[];
  /** Service references: object names and literal specs. */
  readonly services: readonly string[];
}

const BOUNDARY_SERVICES = [
  'tcp/0-1', 'tcp/1', 'tcp/1023', 'tcp/1024', 'tcp/65535', 'tcp/1-1023', 'tcp/1024-65535', 'tcp/1023-1024',
  'udp/0-1', 'udp/65535', 'udp/0-1023', 'udp/1024-65535', 'tcp/1024-65535:443', 'icmp/8', 'icmp/0', 'icmp/3/4', 'gre', 'esp',
];

const BROAD_SERVICES = ['any', 'tcp', 'udp', 'icmp'];

export type FillerMode = 'mixed' | 'deny-only';

/**
 * `count` rules named `<prefix><n>` from `firstNumber`. In `deny-only` mode every rule denies, so the
 * rules cannot open anything whatever their addresses.
 */
export function fillerRules(rng: Rng, count: number, pools: RulePools, mode: FillerMode, namePrefix: string, firstNumber = 1): RawRule[] {
  const rules: RawRule[] = [];
  let lastRange: [number, number] = [8000, 8100];
  // Literal addresses come from a table drawn once: real policies reuse addresses, and 2M fresh strings
  // would double the garbage collector's work at 200 firewalls × 10,000 rules.
  const literalCount = Math.min(512, Math.max(8, count));
  const literals: Literals = {
    hosts: Array.from({ length: literalCount }, () => hostLiteral(rng, pools.prefixes)),
    narrow: Array.from({ length: literalCount }, () => narrowPrefix(rng, pools.prefixes)),
  };
  const names = ruleNames(namePrefix, firstNumber + count);
  for (let i = 0; i < count; i++) {
    const name = names[firstNumber + i] as string;
    const shape = rng.next();
    let rule: RawRule;
    if (shape < 0.4) {
      rule = { name, action: 'permit', src: pickAddress(rng, pools.sources, literals), dst: pickHostOrRef(rng, pools.destinations, literals), service: pickService(rng, pools) };
    } else if (shape < 0.55) {
      rule = { name, action: 'deny', src: rng.chance(0.3) ? 'any' : rng.pick(pools.sources), dst: rng.chance(0.3) ? 'any' : rng.pick(pools.destinations), service: rng.pick(BROAD_SERVICES), log: true };
    } else if (shape < 0.7 && rules.length > 0) {
      rule = shadowOf(rng, rules[rng.int(0, rules.length - 1)] as RawRule, name, pools);
    } else if (shape < 0.85) {
      const first = Math.min(65000, lastRange[0] + rng.int(-200, 200));
      const last = Math.min(65535, Math.max(first, lastRange[1] + rng.int(-100, 300)));
      lastRange = [Math.max(1, first), last];
      rule = { name, action: rng.chance(0.7) ? 'permit' : 'deny', src: pickAddress(rng, pools.sources, literals), dst: pickAddress(rng, pools.destinations, literals), service: `${rng.chance(0.8) ? 'tcp' : 'udp'}/${lastRange[0]}-${lastRange[1]}` };
    } else {
      rule = { name, action: rng.chance(0.5) ? 'permit' : 'deny', src: pickAddress(rng, pools.sources, literals), dst: pickHostOrRef(rng, pools.destinations, literals), service: rng.pick(BOUNDARY_SERVICES) };
    }
    if (mode === 'deny-only' && rule.action === 'permit') rule.action = 'deny';
    rules.push(rule);
  }
  return rules;
}

/** Rule names shared by every firewall (`p1`, `p2`, …), so 200 firewalls do not each allocate their own. */
const NAME_CACHE = new Map<string, string[]>();

function ruleNames(prefix: string, upTo: number): readonly string[] {
  let names = NAME_CACHE.get(prefix);
  if (!names) NAME_CACHE.set(prefix, (names = []));
  for (let n = names.length; n <= upTo; n++) names.push(`${prefix}${n}`);
  return names;
}

/** A rule covered by `earlier`: a duplicate, or the same match narrowed; sometimes with the opposite action. */
function shadowOf(rng: Rng, earlier: RawRule, name: string, pools: RulePools): RawRule {
  const action = rng.chance(0.4) ? (earlier.action === 'permit' ? 'deny' : 'permit') : earlier.action;
  // A narrower service is only certain when the earlier rule matched any service.
  const service = earlier.service === undefined || earlier.service === 'any' ? pickService(rng, pools) : earlier.service;
  const rule: RawRule = { name, action, service, description: `covered by ${earlier.name}` };
  if (earlier.src !== undefined) rule.src = earlier.src;
  if (earlier.dst !== undefined) rule.dst = earlier.dst;
  return rule;
}

function pickService(rng: Rng, pools: RulePools): string | string[] {
  if (rng.chance(0.15)) return [rng.pick(pools.services), rng.pick(pools.services)];
  return rng.pick(pools.services);
}

interface Literals {
  readonly hosts: readonly string[];
  readonly narrow: readonly string[];
}

function pickAddress(rng: Rng, refs: readonly string[], literals: Literals): string | string[] {
  const r = rng.next();
  if (r < 0.6) return rng.pick(refs);
  if (r < 0.8) return rng.pick(literals.narrow);
  if (r < 0.9) return [rng.pick(refs), rng.pick(literals.narrow)];
  return rng.pick(literals.hosts);
}

function pickHostOrRef(rng: Rng, refs: readonly string[], literals: Literals): string | string[] {
  return rng.chance(0.5) ? rng.pick(literals.hosts) : pickAddress(rng, refs, literals);
}

/** A single usable address inside one of the prefixes (never its network or broadcast address). */
function hostLiteral(rng: Rng, prefixes: readonly Prefix[]): string {
  const p = rng.pick(prefixes);
  const size = 2 ** (32 - p.length);
  return formatIpv4(p.network + (size > 2 ? rng.int(1, size - 2) : 0));
}

/** A canonical /24–/30 (never wider than the segment) inside one of the prefixes. */
function narrowPrefix(rng: Rng, prefixes: readonly Prefix[]): string {
  const p = rng.pick(prefixes);
  const length = Math.max(p.length, rng.int(24, 30));
  const blocks = 2 ** (length - p.length);
  const network = p.network + rng.int(0, blocks - 1) * 2 ** (32 - length);
  return `${formatIpv4(network)}/${length}`;
}
