/**
 * A Linux router's netfilter rule set, interfaces and routes as one segproof firewall node.
 *
 * segproof ACL rules match addresses and services, never interfaces, so the rule set is specialised
 * per ingress interface X into the `in` ACL of X (ARCHITECTURE.md: packets to the device meet only
 * the `in` ACL of the ingress interface):
 *
 *   1. prerouting filter chains, then INPUT, for destinations the device owns (its addresses and
 *      subnet broadcasts); then INPUT's policy for them;
 *   2. prerouting filter chains, then FORWARD, for every other destination; FORWARD's policy is the
 *      ACL's default.
 *
 * `-i` is decided by X; `-o Y` becomes "the destination is routed out of Y" (longest-prefix match
 * over the routing table, so it is exact); user chains are inlined at every call with the caller's
 * conditions conjoined, and a RETURN excludes what it returned from the rest of the called chain.
 * Base chains on one hook run in priority order, an accept passing the packet on to the next one.
 *
 * Connection state: a segproof flow is a new connection (its first packet: a TCP SYN, a UDP datagram,
 * an ICMP echo request). `NEW` matches it unless the raw table's NOTRACK rules made it `UNTRACKED`;
 * `ESTABLISHED`/`RELATED`/`INVALID` never do. A rule set that accepts ESTABLISHED traffic is a stateful
 * firewall (replies of accepted sessions pass), which segproof models with `stateful: true`.
 *
 * Matches segproof cannot evaluate (MAC addresses, rates, `recent` lists, …) are over-approximated:
 * a rule that permits is widened (the match taken as true), one that denies is narrowed (as false),
 * and a RETURN guard with one is dropped for permits and kept for denies. Widening permits and
 * narrowing denies in a first-match list never lets less through, so isolation verdicts stay sound.
 */
import { createHash } from 'node:crypto';
import { addressSetComplement, addressSetFromRanges, addressSetMinus, addressSetUnion, EMPTY_SET, type AddressSet } from '../../net/address-set.js';
import { formatIpv4, formatPrefix, prefixContains, prefixFirst, prefixLast, type Prefix } from '../../net/ipv4.js';
import type { RawAcl, RawNat, RawNode, RawRoute, RawRule } from '../../topology/format.js';
import type { LineLedger } from '../ledger.js';
import { safeName } from '../names.js';
import type { DeviceInterface } from '../types.js';
import {
  ALL_CUBE,
  addressRefs,
  cube,
  cubesOverlap,
  intersectCubes,
  intersectUnions,
  isAllCube,
  serviceRefs,
  subtractUnion,
  type Cube,
} from './linux-cube.js';
import type { LinuxAddress, LinuxInterface, LinuxRoute } from './linux-ip.js';
import { broadcastAddresses, extraSubnets, primaryAddress } from './linux-ip.js';
import { baseChains, ifaceMatches, type Chain, type ChainType, type CtState, type Hook, type Rule, type Ruleset, type Table, type Term, type Verdict } from './linux-ruleset.js';

/** Flat rules one specialised chain may produce before the import gives up on it (a guard, not a target). */
export const MAX_FLAT_RULES = 400_000;

export interface LinuxDeviceInput {
  readonly device: string;
  readonly ruleset: Ruleset;
  readonly interfaces: readonly LinuxInterface[];
  readonly routes: readonly LinuxRoute[];
  /** The rule set's ledger, for lines the compilation itself decides about. */
  readonly ledger: LineLedger;
}

export interface LinuxDeviceModel {
  readonly node: RawNode;
  /** Address objects the rules name (the device's own addresses, what is routed out of each interface, …). */
  readonly objects: Record<string, string[]>;
  readonly interfaces: DeviceInterface[];
  readonly stats: {
    readonly aclRules: number;
    readonly natRules: number;
    readonly perInterface: Readonly<Record<string, number>>;
    /** Whether FORWARD's ingress-independent end became shared out ACLs. */
    readonly split: boolean;
  };
}

// ---------------------------------------------------------------------------------------------
// Flattening: chains → an ordered list of entries (verdict × condition), first match wins.

interface Guard {
  readonly cubes: readonly Cube[];
  /** The guard's own condition holds an unmodelled match: dropped for permits, kept for denies. */
  readonly unmodelled: boolean;
}

export interface Entry {
  readonly verdict: Verdict;
  readonly cube: Cube;
  /** Unmodelled matches in the entry's own condition (and the calls that led to it). */
  readonly unmodelled: readonly string[];
  readonly guards: readonly Guard[];
  readonly rule: Rule | undefined;
  /** The jumps that led here, outermost first. */
  readonly via: readonly Rule[];
  /** Set for a chain policy: the chain whose policy decided. */
  readonly policyOf?: string | undefined;
}

interface Ctx {
  readonly cond: readonly Cube[];
  readonly unmodelled: readonly string[];
  readonly guards: readonly Guard[];
  readonly via: readonly Rule[];
  readonly stack: readonly string[];
  /** What an accept does: pass on to the next base chain of the hook, or accept. */
  readonly onAccept: (ctx: Ctx, rule: Rule | undefined, policyOf: string | undefined) => void;
}

export interface Env {
  readonly hook: Hook;
  /** The ingress interface's kernel name; undefined for packets the device sends. */
  readonly ingress: string | undefined;
  /** A fixed egress interface (postrouting); undefined where the route decides. */
  readonly egress: string | undefined;
  /** Destinations routed out of interfaces whose name matches (forward hook). */
  readonly routedOut: (match: (name: string) => boolean) => AddressSet;
  readonly local: AddressSet;
  readonly broadcast: AddressSet;
  /** Packets the raw table leaves untracked on this ingress (for `state UNTRACKED` / `NEW`). */
  readonly untracked: readonly Cube[];
}

export class FlattenError extends Error {
  constructor(
    readonly rule: Rule | undefined,
    message: string,
  ) {
    super(message);
  }
}

interface Spec {
  readonly cubes: Cube[];
  /** Exact exclusions (a `NEW` state excludes untracked packets). */
  readonly exclude: Cube[];
  readonly unmodelled: string[];
}

const MULTICAST: AddressSet = addressSetFromRanges([[0xe0000000, 0xefffffff]]);
const LIMITED_BROADCAST: AddressSet = addressSetFromRanges([[0xffffffff, 0xffffffff]]);
/** Sources the kernel drops as martians whatever the rule set says (besides the device's own addresses). */
const MARTIAN_SOURCES: AddressSet = addressSetFromRanges([[0, 0x00ffffff], [0x7f000000, 0x7fffffff], [0xe0000000, 0xefffffff], [0xffffffff, 0xffffffff]]);
const MARTIAN_DESTINATIONS: AddressSet = addressSetFromRanges([[0, 0x00ffffff], [0x7f000000, 0x7fffffff]]);

function addressKindSet(env: Env, kinds: ReadonlySet<string>): { set: AddressSet; exact: boolean } {
  let set: AddressSet = EMPTY_SET;
  let exact = true;
  for (const k of kinds) {
    if (k === 'local') set = addressSetUnion(set, env.local);
    else if (k === 'broadcast') set = addressSetUnion(set, env.broadcast);
    else if (k === 'multicast') set = addressSetUnion(set, MULTICAST);
    else if (k === 'unicast') set = addressSetUnion(set, addressSetComplement(addressSetUnion(env.broadcast, MULTICAST)));
    else exact = false;
  }
  return { set, exact };
}

/** A rule's terms for one ingress interface and hook: a union of cubes, or undefined when it cannot match. */
export function specialise(terms: readonly Term[], env: Env): Spec | undefined {
  let cubes: Cube[] = [ALL_CUBE];
  const exclude: Cube[] = [];
  const unmodelled: string[] = [];
  const narrow = (with_: readonly Cube[]) => {
    cubes = intersectUnions(cubes, with_);
  };
  for (const t of terms) {
    switch (t.type) {
      case 'header':
        narrow(t.cubes);
        break;
      case 'iif': {
        const name = env.ingress ?? '';
        if (t.patterns.some((p) => ifaceMatches(p, name)) === t.negate) return undefined;
        break;
      }
      case 'oif': {
        if (env.egress !== undefined || env.hook === 'input' || env.hook === 'prerouting') {
          const name = env.egress ?? '';
          if (t.patterns.some((p) => ifaceMatches(p, name)) === t.negate) return undefined;
          break;
        }
        const out = env.routedOut((name) => t.patterns.some((p) => ifaceMatches(p, name)));
        narrow([cube({ dst: t.negate ? addressSetComplement(out) : out })]);
        break;
      }
      case 'state': {
        const has = (s: CtState) => t.states.has(s) !== t.negate;
        const fresh = has('new');
        const untracked = has('untracked');
        if (!fresh && !untracked) return undefined;
        if (fresh && !untracked) exclude.push(...env.untracked);
        if (!fresh && untracked) narrow(env.untracked);
        break;
      }
      case 'addrtype': {
        const { set, exact } = addressKindSet(env, t.kinds);
        if (!exact) {
          unmodelled.push(`address type ${[...t.kinds].join(',')}`);
          break;
        }
        const s = t.negate ? addressSetComplement(set) : set;
        narrow([t.field === 'src' ? cube({ src: s }) : cube({ dst: s })]);
        break;
      }
      case 'unmodelled':
        unmodelled.push(t.what);
        break;
      case 'never':
        return undefined;
    }
    if (cubes.length === 0) return undefined;
  }
  return { cubes, exclude, unmodelled };
}

interface Sink {
  readonly entries: Entry[];
}

function emit(sink: Sink, verdict: Verdict, ctx: Ctx, rule: Rule | undefined, policyOf?: string): void {
  for (const c of ctx.cond) {
    sink.entries.push({ verdict, cube: c, unmodelled: ctx.unmodelled, guards: ctx.guards, rule, via: ctx.via, policyOf });
  }
  if (sink.entries.length > MAX_FLAT_RULES) throw new FlattenError(rule, `the rule set expands to more than ${MAX_FLAT_RULES} flat rules`);
}

function walkChain(table: Table, chain: Chain, ctx: Ctx, env: Env, sink: Sink, isBase: boolean): void {
  let guards = ctx.guards;
  for (const rule of chain.rules) {
    const v = rule.verdict;
    if (v.kind === 'unsupported' || v.kind === 'continue') continue;
    const spec = specialise(rule.terms, env);
    if (!spec) continue;
    const cond = intersectUnions(ctx.cond, spec.cubes);
    if (cond.length === 0) continue;
    const unmodelled = spec.unmodelled.length ? [...ctx.unmodelled, ...spec.unmodelled] : ctx.unmodelled;
    const ruleGuards = spec.exclude.length ? [...guards, { cubes: spec.exclude, unmodelled: false }] : guards;
    const here: Ctx = { ...ctx, cond, unmodelled, guards: ruleGuards };
    // What a RETURN (or a goto falling off) takes out of the rest of this chain: the match, exclusions applied.
    const returned = spec.exclude.length ? subtractUnion(cond, spec.exclude) : cond;
    switch (v.kind) {
      case 'accept':
        ctx.onAccept(here, rule, undefined);
        break;
      case 'drop':
      case 'reject':
      case 'notrack':
      case 'snat':
      case 'dnat':
      case 'masquerade':
        emit(sink, v, here, rule);
        break;
      case 'return':
        if (isBase) endOfBase(chain, here, sink, rule);
        else guards = [...guards, { cubes: returned, unmodelled: spec.unmodelled.length > 0 }];
        break;
      case 'jump':
      case 'goto': {
        const callee = table.chains.get(v.chain);
        if (!callee) throw new FlattenError(rule, `${v.kind} to chain "${v.chain}", which ${table.name} does not define`);
        if (callee.base) throw new FlattenError(rule, `${v.kind} to base chain "${v.chain}"`);
        if (ctx.stack.includes(callee.name)) throw new FlattenError(rule, `chains call each other in a loop: ${[...ctx.stack, callee.name].join(' → ')}`);
        walkChain(table, callee, { ...here, via: [...ctx.via, rule], stack: [...ctx.stack, callee.name] }, env, sink, false);
        if (v.kind === 'goto') {
          // Falling off a chain entered by goto returns to the caller's caller: the rest of this chain is skipped.
          if (isBase) endOfBase(chain, here, sink, rule);
          else guards = [...guards, { cubes: returned, unmodelled: spec.unmodelled.length > 0 }];
        }
        break;
      }
    }
  }
  if (isBase) endOfBase(chain, { ...ctx, guards }, sink, undefined);
}

function endOfBase(chain: Chain, ctx: Ctx, sink: Sink, rule: Rule | undefined): void {
  const policy = chain.base?.policy ?? 'accept';
  if (policy === 'accept') ctx.onAccept(ctx, rule, chain.name);
  else emit(sink, { kind: 'drop' }, ctx, rule, chain.name);
}

/**
 * Flattens the base chains of a hook (in priority order) for the packets in `start`: an accept in one
 * passes the packet to the next; the last one's accepts become accept entries.
 */
export function flattenHook(chains: readonly { table: Table; chain: Chain }[], start: readonly Cube[], env: Env): Entry[] {
  const sink: Sink = { entries: [] };
  const run = (index: number, ctx: Ctx) => {
    const link = chains[index];
    if (!link) {
      emit(sink, { kind: 'accept' }, ctx, undefined);
      return;
    }
    const next = (c: Ctx, rule: Rule | undefined, policyOf: string | undefined) => {
      if (index + 1 < chains.length) run(index + 1, { ...c, via: [], stack: [], onAccept: c.onAccept });
      else emit(sink, { kind: 'accept' }, c, rule, policyOf);
    };
    walkChain(link.table, link.chain, { ...ctx, stack: [link.chain.name], onAccept: next }, env, sink, true);
  };
  run(0, { cond: start, unmodelled: [], guards: [], via: [], stack: [], onAccept: () => undefined });
  return sink.entries;
}

/**
 * An entry's packets, with its guards taken out: widened (unmodelled matches taken as true for it,
 * unmodelled guards dropped) or narrowed (an unmodelled match makes it empty, unmodelled guards kept).
 */
export function resolveEntry(e: Entry, mode: 'widen' | 'narrow'): Cube[] {
  if (mode === 'narrow' && e.unmodelled.length > 0) return [];
  let cubes: Cube[] = [e.cube];
  for (const g of e.guards) {
    if (g.unmodelled && mode === 'widen') continue;
    for (const gc of g.cubes) {
      if (!cubesOverlap(e.cube, gc)) continue;
      cubes = subtractUnion(cubes, [gc]);
      if (cubes.length === 0) return cubes;
    }
  }
  return cubes;
}

/** Whether resolving the entry needed an approximation (an unmodelled match that mattered). */
export function entryApproximated(e: Entry): boolean {
  return e.unmodelled.length > 0 || e.guards.some((g) => g.unmodelled && g.cubes.some((c) => cubesOverlap(e.cube, c)));
}

// ---------------------------------------------------------------------------------------------
// Routing: which destinations leave by which interface.

interface RouteTable {
  readonly egressOf: Map<string, AddressSet>;
}

function buildRouteTable(interfaces: readonly LinuxInterface[], routes: readonly LinuxRoute[]): RouteTable {
  const egressOfRoute = (r: LinuxRoute): string | undefined => {
    if (r.type === 'drop') return undefined;
    if (r.dev !== undefined) return r.dev;
    if (r.via === undefined) return undefined;
    const via = r.via;
    return interfaces.find((i) => i.addresses.some((a) => prefixContains(a.prefix, via)))?.name;
  };
  const lengths = [...new Set(routes.map((r) => r.prefix.length))].sort((a, b) => b - a);
  let covered: AddressSet = EMPTY_SET;
  const egressOf = new Map<string, AddressSet>();
  for (const length of lengths) {
    const atLength = routes.filter((r) => r.prefix.length === length);
    const claimed: [number, number][] = [];
    for (const r of atLength) {
      const range: [number, number] = [prefixFirst(r.prefix), prefixLast(r.prefix)];
      claimed.push(range);
      const out = egressOfRoute(r);
      if (out === undefined) continue;
      const fresh = addressSetMinus(addressSetFromRanges([range]), covered);
      egressOf.set(out, addressSetUnion(egressOf.get(out) ?? EMPTY_SET, fresh));
    }
    covered = addressSetUnion(covered, addressSetFromRanges(claimed));
  }
  return { egressOf };
}


// ---------------------------------------------------------------------------------------------
// The device.

function describe(e: Entry, file: string): string {
  const at = e.rule ? `${file}:${e.rule.source.line} (${e.rule.chain})` : `policy of ${e.policyOf ?? 'the chain'}`;
  const via = e.via.length ? ` via ${e.via.map((r) => `${r.chain}:${r.source.line}`).join(' > ')}` : '';
  const approx = entryApproximated(e) ? ` [approximated: ${[...new Set(e.unmodelled)].join(', ') || 'unmodelled RETURN'}]` : '';
  return `${at}${via}${approx}`;
}

/** Rule names from the vendor rule's chain and a hash of its text: stable when other rules are added or moved. */
class RuleNamer {
  private readonly used = new Map<string, number>();
  name(e: Entry): string {
    const base = e.rule ? `${safeName(e.rule.chain)}-${createHash('sha256').update(e.rule.identity).digest('hex').slice(0, 6)}` : `policy-${safeName(e.policyOf?.split(' ')[0] ?? 'chain')}`;
    const n = (this.used.get(base) ?? 0) + 1;
    this.used.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  }
}

function setKey(s: AddressSet): string {
  return s.ranges.map(([a, b]) => `${a}-${b}`).join(',');
}

function cubeKey(c: Cube): string {
  return `${setKey(c.src)}|${setKey(c.dst)}|${c.proto.join()}|${c.sport.join()}|${c.dport.join()}|${c.icmp.join()}`;
}

/** One ACL being written: entries in first-match order become rules; the entry that decides everything left becomes the default. */
export interface AclBuilder {
  readonly rules: RawRule[];
  readonly defaultAction: 'permit' | 'deny';
  add(entries: readonly Entry[], finalIsDefault: boolean): void;
}

/**
 * Entries as segproof rules. Address sets that take many references (the device's own addresses,
 * what is routed out of an interface, long lists) become address objects named after the device.
 */
class EntryWriter {
  private readonly named = new Map<string, string>();
  private readonly defs: Record<string, string[]> = {};
  private readonly preferred = new Map<string, string>();
  private counter = 0;

  constructor(
    private readonly file: string,
    private readonly device: string,
    own: AddressSet,
    routed: (name: string) => AddressSet | undefined,
    interfaceNames: readonly string[],
  ) {
    this.preferred.set(setKey(own), `${device}-own`);
    for (const name of interfaceNames) {
      const set = routed(name);
      if (set && set.ranges.length > 0) this.preferred.set(setKey(set), `${device}-via-${safeName(name)}`);
    }
  }

  objects(): Record<string, string[]> {
    return this.defs;
  }

  private refs(set: AddressSet): string | string[] | undefined {
    const list = addressRefs(set);
    if (list.length === 1 && list[0] === 'any') return undefined;
    if (list.length <= 4) return list.length === 1 ? list[0] : list;
    const key = setKey(set);
    let name = this.named.get(key);
    if (!name) {
      name = this.preferred.get(key) ?? `${this.device}-set-${++this.counter}`;
      this.named.set(key, name);
      this.defs[name] = list;
    }
    return name;
  }

  rule(name: string, action: 'permit' | 'deny', c: Cube, description: string): RawRule {
    const rule: Record<string, unknown> = { name, action };
    const src = this.refs(c.src);
    const dst = this.refs(c.dst);
    const svc = serviceRefs(c);
    if (src !== undefined) rule.src = src;
    if (dst !== undefined) rule.dst = dst;
    if (!(svc.length === 1 && svc[0] === 'any')) rule.service = svc.length === 1 ? svc[0] : svc;
    rule.description = description;
    return rule as unknown as RawRule;
  }

  begin(): AclBuilder {
    const rules: RawRule[] = [];
    const namer = new RuleNamer();
    const builder = {
      rules,
      defaultAction: 'deny' as 'permit' | 'deny',
      add: (entries: readonly Entry[], finalIsDefault: boolean) => {
        // The first entry that decides every packet left ends the list; with `finalIsDefault` it becomes the default.
        const last = entries.findIndex((e) => isFilterAction(e.verdict) && isAllCube(e.cube) && e.guards.length === 0 && e.unmodelled.length === 0);
        entries.forEach((e, i) => {
          if (!isFilterAction(e.verdict) || (last >= 0 && i > last)) return;
          const action = e.verdict.kind === 'accept' ? 'permit' : 'deny';
          if (finalIsDefault && i === last) {
            builder.defaultAction = action;
            return;
          }
          const cubes = resolveEntry(e, action === 'permit' ? 'widen' : 'narrow');
          if (cubes.length === 0) return;
          const description = describe(e, this.file);
          const name = namer.name(e);
          cubes.forEach((c, k) => rules.push(this.rule(k === 0 ? name : `${name}-${pieceSuffix(k)}`, action, c, description)));
        });
      },
    };
    return builder;
  }
}

function pieceSuffix(k: number): string {
  return k < 26 ? String.fromCharCode(97 + k) : `p${k}`;
}

export interface ForwardSplit {
  /** Per ingress interface: prerouting filters and FORWARD up to the shared part. */
  readonly prefix: Map<string, Entry[]>;
  /** Accepts of any ingress's first part, and the device's own sources: the out ACLs let these pass. */
  readonly wide: Entry[];
  /** FORWARD from the first ingress-independent rule on, flattened once. */
  readonly shared: Entry[];
  /** Per ingress, `shared` for the packets in `wide` its first part leaves undecided: the in ACL decides those itself. */
  readonly sharedForWide: Map<string, Entry[]>;
  readonly fallThrough: Entry;
  readonly firstSharedLine: number;
}

/** Shared out ACLs pay off only with enough ingress-independent rules. */
const MIN_SHARED_RULES = 8;

/**
 * Splits FORWARD into a part that depends on the ingress interface and an end that does not: the end
 * becomes one `out` ACL per egress interface instead of a copy in every `in` ACL. Exact: a packet
 * passes iff the first part accepts it, or it falls through and the end accepts it. The out ACLs
 * permit whatever any first part accepts (`wide`), and each in ACL evaluates the end itself for those
 * packets. Needs: one forward chain, no RETURN or goto at its top level before the end, and every
 * untracked packet decided before the end (state matches there then do not depend on the ingress).
 */
function splitForward(
  forwardBase: readonly { table: Table; chain: Chain }[],
  preFilter: readonly { table: Table; chain: Chain }[],
  numbered: readonly LinuxInterface[],
  untrackedOf: ReadonlyMap<string, Cube[]>,
  envOf: (hook: Hook, ingress: string | undefined, untracked: readonly Cube[]) => Env,
): ForwardSplit | undefined {
  if (forwardBase.length !== 1) return undefined;
  const { table, chain } = forwardBase[0] as { table: Table; chain: Chain };
  if (!chain.base) return undefined;
  const memo = new Map<string, boolean>();
  const chainDepends = (c: Chain, stack: string[]): boolean => {
    const known = memo.get(c.name);
    if (known !== undefined) return known;
    if (stack.includes(c.name)) return true;
    const result = c.rules.some((r) => ruleDepends(r, [...stack, c.name]));
    memo.set(c.name, result);
    return result;
  };
  const ruleDepends = (r: Rule, stack: string[]): boolean => {
    if (r.terms.some((t) => t.type === 'iif')) return true;
    if (r.verdict.kind === 'jump' || r.verdict.kind === 'goto') {
      const callee = table.chains.get(r.verdict.chain);
      return !callee || chainDepends(callee, stack);
    }
    return false;
  };
  let k = chain.rules.length;
  while (k > 0 && !ruleDepends(chain.rules[k - 1] as Rule, [chain.name])) k--;
  if (chain.rules.length - k < MIN_SHARED_RULES) return undefined;
  if (chain.rules.slice(0, k).some((r) => r.verdict.kind === 'return' || r.verdict.kind === 'goto')) return undefined;
  const first = chain.rules[k] as Rule;
  const prefixChain: Chain = { name: chain.name, rules: chain.rules.slice(0, k), base: { ...chain.base, policy: 'accept' } };
  const sharedChain: Chain = { name: chain.name, rules: chain.rules.slice(k), base: chain.base };
  const prefix = new Map<string, Entry[]>();
  const decidedOf = new Map<string, Cube[]>();
  const wide: Entry[] = [];
  const seen = new Set<string>();
  for (const itf of numbered) {
    const untracked = untrackedOf.get(itf.name) ?? [];
    const all = flattenHook([...preFilter, { table, chain: prefixChain }], [ALL_CUBE], envOf('forward', itf.name, untracked));
    const end = all[all.length - 1];
    if (!end || end.rule !== undefined || end.policyOf !== chain.name || end.verdict.kind !== 'accept' || !isAllCube(end.cube)) return undefined;
    const entries = all.slice(0, -1).filter((e) => isFilterAction(e.verdict));
    // Every untracked packet must be decided before the shared end.
    if (untracked.length && subtractUnion(untracked, entries.flatMap((e) => resolveEntry(e, 'narrow'))).length > 0) return undefined;
    prefix.set(itf.name, entries);
    decidedOf.set(itf.name, entries.flatMap((e) => resolveEntry(e, e.verdict.kind === 'accept' ? 'widen' : 'narrow')));
    for (const e of entries) {
      if (e.verdict.kind !== 'accept') continue;
      for (const c of resolveEntry(e, 'widen')) {
        const key = `${e.rule?.source.line}|${setKey(c.src)}|${setKey(c.dst)}|${c.proto.join()}|${c.sport.join()}|${c.dport.join()}|${c.icmp.join()}`;
        if (seen.has(key)) continue;
        seen.add(key);
        wide.push({ ...e, cube: c, guards: [], unmodelled: [] });
      }
    }
  }
  const shared = flattenHook([{ table, chain: sharedChain }], [ALL_CUBE], envOf('forward', undefined, []));
  // Per ingress, the packets of `wide` its first part leaves undecided: only those need the end evaluated there.
  // Interfaces leave many of the same packets open: the end is intersected once per distinct open cube.
  const sharedFilters = shared.filter((e) => isFilterAction(e.verdict));
  const byOpenCube = new Map<string, { index: number; entry: Entry }[]>();
  const sharedFor = (w: Cube) => {
    const key = cubeKey(w);
    let list = byOpenCube.get(key);
    if (!list) {
      list = [];
      sharedFilters.forEach((e, index) => {
        const c = intersectCubes(e.cube, w);
        if (c) list?.push({ index, entry: { ...e, cube: c } });
      });
      byOpenCube.set(key, list);
    }
    return list;
  };
  const sharedForWide = new Map<string, Entry[]>();
  for (const name of prefix.keys()) {
    const open = subtractUnion(
      wide.map((w) => w.cube),
      decidedOf.get(name) ?? [],
    );
    // First-match order: by the entry of the end, then by open cube (a stable sort keeps that).
    const pieces = open.flatMap(sharedFor).sort((a, b) => a.index - b.index);
    sharedForWide.set(name, pieces.map((p) => p.entry));
  }
  const fallThrough: Entry = { verdict: { kind: 'accept' }, cube: ALL_CUBE, unmodelled: [], guards: [], rule: undefined, via: [], policyOf: `${chain.name} up to line ${first.source.line} (the rest is the out ACLs)` };
  return { prefix, wide, shared, sharedForWide, fallThrough, firstSharedLine: first.source.line };
}

function isFilterAction(v: Verdict): v is { kind: 'accept' } | { kind: 'drop' } | { kind: 'reject' } {
  return v.kind === 'accept' || v.kind === 'drop' || v.kind === 'reject';
}

function hookChains(ruleset: Ruleset, hook: Hook, type: ChainType) {
  return baseChains(ruleset, hook, type);
}

export function compileLinuxDevice(input: LinuxDeviceInput): LinuxDeviceModel {
  const { ruleset, ledger } = input;
  const file = ledger.file;
  const interfaces = input.interfaces.filter((i) => !i.loopback);
  const numbered = interfaces.filter((i) => i.addresses.length > 0);
  const routes = input.routes;
  const table = buildRouteTable(interfaces, routes);
  const local = addressSetFromRanges([[0x7f000000, 0x7fffffff], ...interfaces.flatMap((i) => i.addresses.map((a) => [a.address, a.address] as const))]);
  const broadcast = addressSetFromRanges(broadcastAddresses(interfaces).map((b) => [b, b] as const));
  const own = addressSetUnion(local, broadcast);
  const routedOut = (match: (name: string) => boolean): AddressSet => {
    let out: AddressSet = EMPTY_SET;
    for (const [name, set] of table.egressOf) if (match(name)) out = addressSetUnion(out, set);
    return addressSetMinus(out, own);
  };
  const envFor = (hook: Hook, ingress: string | undefined, egress: string | undefined, untracked: readonly Cube[]): Env => ({
    hook,
    ingress,
    egress,
    routedOut,
    local,
    broadcast,
    untracked,
  });

  const failed = (error: unknown): void => {
    if (error instanceof FlattenError && error.rule) ledger.unknown(error.rule.source.line, error.message, true);
    else throw error;
  };

  const preFilter = hookChains(ruleset, 'prerouting', 'filter');
  const forwardBase = hookChains(ruleset, 'forward', 'filter');
  const inputChains = [...preFilter, ...hookChains(ruleset, 'input', 'filter')];
  const acls: RawAcl[] = [];
  const nat: RawNat[] = [];
  const perInterface: Record<string, number> = {};
  const writer = new EntryWriter(file, input.device, own, (name) => routedOut((n) => n === name), numbered.map((i) => i.name));

  // The kernel drops these before any chain sees them (martians, with accept_local and route_localnet off).
  const kernel = (policyOf: string, c: Cube): Entry => ({ verdict: { kind: 'drop' }, cube: c, unmodelled: [], guards: [], rule: undefined, via: [], policyOf });
  const martians: Entry[] = [
    kernel('kernel routing: martian source (the device\'s own address, 0.0.0.0/8, 127.0.0.0/8, multicast or broadcast)', cube({ src: addressSetUnion(local, MARTIAN_SOURCES), dst: addressSetComplement(LIMITED_BROADCAST) })),
    kernel('kernel routing: martian destination (0.0.0.0/8, 127.0.0.0/8)', cube({ dst: MARTIAN_DESTINATIONS })),
  ];
  const ownPackets: Entry = { verdict: { kind: 'accept' }, cube: cube({ src: local }), unmodelled: [], guards: [], rule: undefined, via: [], policyOf: 'OUTPUT (the device\'s own packets; forwarded ones with its addresses as source are martians, dropped on the way in)' };

  const toOwn: Entry = { verdict: { kind: 'accept' }, cube: cube({ dst: own }), unmodelled: [], guards: [], rule: undefined, via: [], policyOf: 'INPUT (the device\'s secondary and broadcast addresses, which segproof routes onto the segment; the in ACL decided them)' };

  // Packets the raw table leaves untracked on each ingress: the NOTRACK entries no earlier verdict stopped.
  const untrackedOf = new Map<string, Cube[]>();
  for (const itf of numbered) {
    const untracked: Cube[] = [];
    try {
      const stopped: Cube[] = [];
      for (const e of flattenHook(preFilter, [ALL_CUBE], envFor('prerouting', itf.name, undefined, []))) {
        if (e.verdict.kind === 'notrack') {
          if (e.unmodelled.length > 0 && e.rule) ledger.unknown(e.rule.source.line, `NOTRACK with a match segproof cannot evaluate (${e.unmodelled.join(', ')}): which packets stay untracked is unknown`, true);
          else untracked.push(...subtractUnion(resolveEntry(e, 'narrow'), stopped));
        } else stopped.push(...resolveEntry(e, 'narrow'));
      }
    } catch (error) {
      failed(error);
    }
    untrackedOf.set(itf.name, untracked);
  }

  // The forward path: shared out ACLs when FORWARD ends in rules that do not depend on the ingress.
  let split: ForwardSplit | undefined;
  try {
    split = splitForward(forwardBase, preFilter, numbered, untrackedOf, (hook, ingress, untracked) => envFor(hook, ingress, undefined, untracked));
  } catch (error) {
    failed(error);
  }

  for (const itf of numbered) {
    const ifName = safeName(itf.name);
    const untracked = untrackedOf.get(itf.name) ?? [];
    const acl = writer.begin();
    acl.add(martians, false);
    try {
      // 1. The device's own addresses: prerouting filters, then INPUT, then INPUT's policy.
      acl.add(flattenHook(inputChains, [cube({ dst: own })], envFor('input', itf.name, undefined, untracked)), false);
      // 2. Everything else: prerouting filters, then FORWARD; its policy is the ACL default. With a split,
      //    the ingress-independent end of FORWARD is the egress interfaces' out ACLs, and this ACL keeps it
      //    only for the packets those let through unchecked (what the first part accepts anywhere).
      if (split) acl.add([...(split.prefix.get(itf.name) ?? []), ...(split.sharedForWide.get(itf.name) ?? []), split.fallThrough], true);
      else acl.add(flattenHook([...preFilter, ...forwardBase], [ALL_CUBE], envFor('forward', itf.name, undefined, untracked)), true);
    } catch (error) {
      failed(error);
    }
    perInterface[itf.name] = acl.rules.length;
    acls.push({
      name: `in-${ifName}`,
      bind: { interface: ifName, direction: 'in' },
      default: acl.defaultAction,
      description: `${file}: what ${itf.name} lets in, to ${input.device} (INPUT) or through it (FORWARD${split ? ' up to line ' + split.firstSharedLine : ''})`,
      rules: acl.rules,
    } as RawAcl);

    // Destination NAT on this ingress.
    try {
      const entries = flattenHook(hookChains(ruleset, 'prerouting', 'nat'), [ALL_CUBE], envFor('prerouting', itf.name, undefined, untracked));
      nat.push(...natRules(entries, 'destination', ifName, itf, ledger));
    } catch (error) {
      failed(error);
    }
  }

  if (split) {
    for (const itf of numbered) {
      const out = routedOut((name) => name === itf.name);
      const acl = writer.begin();
      const only = cube({ dst: out });
      const restrict = (entries: readonly Entry[]) => entries.flatMap((e) => {
        if (isAllCube(e.cube) && e.guards.length === 0) return [e];
        const c = intersectCubes(e.cube, only);
        return c ? [{ ...e, cube: c }] : [];
      });
      acl.add([ownPackets, toOwn, ...restrict(split.wide), ...restrict(split.shared)], true);
      perInterface[`${itf.name} (out)`] = acl.rules.length;
      acls.push({
        name: `out-${safeName(itf.name)}`,
        bind: { interface: safeName(itf.name), direction: 'out' },
        default: acl.defaultAction,
        description: `${file}: FORWARD from line ${split.firstSharedLine} on (rules that do not depend on the ingress interface), for what leaves by ${itf.name}; what the ingress part accepts passes here`,
        rules: acl.rules,
      } as RawAcl);
    }
  }
  const aclRules = acls.reduce((n, a) => n + a.rules.length, 0);

  // Source NAT per egress interface.
  for (const itf of numbered) {
    try {
      const entries = flattenHook(hookChains(ruleset, 'postrouting', 'nat'), [ALL_CUBE], envFor('postrouting', undefined, itf.name, []));
      nat.push(...natRules(entries, 'source', safeName(itf.name), itf, ledger));
    } catch (error) {
      failed(error);
    }
  }

  const stateful = decideStateful(ruleset, ledger);
  markLoops(ruleset, ledger);
  markOutput(ruleset, ledger);
  markUnmodelledHooks(ruleset, ledger);

  const deviceInterfaces: DeviceInterface[] = interfaces.map((i) => {
    const primary = primaryAddress(i);
    return {
      name: i.name,
      cidr: primary ? `${formatIpv4(primary.address)}/${primary.prefix.length}` : undefined,
      line: { file: i.file, line: i.line },
    };
  });
  // Further subnets of an interface (their address lines are unknown and verdict-changing, see
  // linux-ip.ts's markSharedLinks): each an interface of its own, `<name>-sec<k>`, as the Cisco importer
  // models secondary addresses, with the in and out ACLs and the NAT of the interface it shares (a
  // packet by either subnet arrives on, or leaves by, the same Linux interface). One that overlaps
  // another interface's subnet is left out (segproof segments are disjoint); its line says why it matters.
  const extras = extraInterfaces(numbered);
  for (const x of extras) {
    const from = safeName(x.of.name);
    const to = safeName(x.name);
    deviceInterfaces.push({ name: x.name, cidr: `${formatIpv4(x.address.address)}/${x.address.prefix.length}`, description: `further subnet of ${x.of.name}`, line: { file: x.of.file, line: x.address.line } });
    for (const acl of acls.filter((a) => 'interface' in a.bind && a.bind.interface === from)) {
      if (!('interface' in acl.bind)) continue;
      acls.push({ ...acl, name: `${acl.bind.direction}-${to}`, bind: { ...acl.bind, interface: to }, description: `${acl.description ?? ''} (also for its subnet ${formatPrefix(x.address.prefix)})` } as RawAcl);
    }
    for (const n of nat.filter((r) => r.interface === from)) {
      const name = n.name.startsWith(`snat-${from}-`) || n.name.startsWith(`dnat-${from}-`) ? `${n.name.slice(0, 5)}${to}-${n.name.slice(5 + from.length + 1)}` : `${n.name}-${to}`;
      nat.push({ ...n, name, interface: to });
    }
  }
  const node = {
    kind: 'firewall',
    stateful,
    description: `Linux netfilter rule set from ${file}`,
    interfaces: Object.fromEntries([...numbered.map((i) => i.name), ...extras.map((x) => x.name)].map((n) => [safeName(n), { segment: '' }])),
    routes: staticRoutes(interfaces, routes, extras),
    acls,
    ...(nat.length ? { nat } : {}),
  } as unknown as RawNode;
  return { node, objects: writer.objects(), interfaces: deviceInterfaces, stats: { aclRules, natRules: nat.length, perInterface, split: split !== undefined } };
}

/** The interfaces segproof adds for further subnets (extraSubnets), those overlapping another interface's subnet left out. */
function extraInterfaces(numbered: readonly LinuxInterface[]): { of: LinuxInterface; name: string; address: LinuxAddress }[] {
  const overlaps = (p: Prefix, q: Prefix) => prefixContains(p, q.network) || prefixContains(q, p.network);
  const taken = numbered.flatMap((i) => {
    const p = primaryAddress(i);
    return p ? [p.prefix] : [];
  });
  const names = new Set(numbered.map((i) => safeName(i.name)));
  const out: { of: LinuxInterface; name: string; address: LinuxAddress }[] = [];
  for (const itf of numbered) {
    extraSubnets(itf).forEach((address, k) => {
      if (taken.some((p) => overlaps(p, address.prefix))) return;
      taken.push(address.prefix);
      let name = `${itf.name}-sec${k + 1}`;
      while (names.has(safeName(name))) name = `${name}_`;
      names.add(safeName(name));
      out.push({ of: itf, name, address });
    });
  }
  return out;
}

/** NAT entries in first-match order as disjoint segproof NAT rules (an accept exempts what it matches). */
function natRules(entries: readonly Entry[], type: 'source' | 'destination', ifName: string, itf: LinuxInterface, ledger: LineLedger): RawNat[] {
  const out: RawNat[] = [];
  const earlier: Cube[] = [];
  const namer = new RuleNamer();
  for (const e of entries) {
    const v = e.verdict;
    if (v.kind === 'accept' || v.kind === 'drop' || v.kind === 'reject') {
      if (e.rule && v.kind !== 'accept') ledger.unknown(e.rule.source.line, 'a drop in the nat table is not modelled', true);
      earlier.push(e.cube);
      continue;
    }
    if (v.kind !== 'snat' && v.kind !== 'dnat' && v.kind !== 'masquerade') continue;
    if ((type === 'source') !== (v.kind !== 'dnat')) continue;
    if (entryApproximated(e)) {
      if (e.rule) ledger.unknown(e.rule.source.line, `NAT with a match segproof cannot evaluate (${e.unmodelled.join(', ') || 'RETURN'}): which packets it translates is unknown`, true);
      earlier.push(e.cube);
      continue;
    }
    const to = v.kind === 'masquerade' ? itf.addresses.find((a) => !a.secondary)?.address : v.to;
    if (to === undefined) {
      if (e.rule) ledger.unknown(e.rule.source.line, `MASQUERADE on ${itf.name}, which has no IPv4 address`, true);
      continue;
    }
    const cubes = subtractUnion(resolveEntry(e, 'narrow'), earlier);
    earlier.push(e.cube);
    const name = namer.name(e);
    cubes.forEach((c, k) => {
      const rule: Record<string, unknown> = { name: `${type === 'source' ? 'snat' : 'dnat'}-${safeName(itf.name)}-${name}${k ? `-${k + 1}` : ''}`, type, interface: ifName };
      const src = addressRefs(c.src);
      const dst = addressRefs(c.dst);
      const svc = serviceRefs(c);
      if (!(src.length === 1 && src[0] === 'any')) rule.src = src;
      if (!(dst.length === 1 && dst[0] === 'any')) rule.dst = dst;
      if (!(svc.length === 1 && svc[0] === 'any')) rule.service = svc;
      rule.translateTo = formatIpv4(to);
      if (v.kind !== 'masquerade' && v.port !== undefined) rule.translatePort = v.port;
      out.push(rule as unknown as RawNat);
    });
  }
  return out;
}

/**
 * Stateful when some forward-hook rule accepts ESTABLISHED packets. Exact when it is the first rule
 * of the first forward chain and matches nothing else; otherwise replies are let through everywhere,
 * which lets at least as much pass (approximated).
 */
function decideStateful(ruleset: Ruleset, ledger: LineLedger): boolean {
  const forward = baseChains(ruleset, 'forward', 'filter');
  let found: Rule | undefined;
  let exact = false;
  forward.forEach(({ table, chain }, chainIndex) => {
    const seen = new Set<string>();
    const visit = (c: Chain, depth: number) => {
      if (seen.has(c.name)) return;
      seen.add(c.name);
      c.rules.forEach((r, i) => {
        const state = r.terms.find((t): t is Extract<Term, { type: 'state' }> => t.type === 'state');
        const established = state !== undefined && state.states.has('established') !== state.negate;
        if (r.verdict.kind === 'accept' && established && !found) {
          found = r;
          const others = r.terms.filter((t) => t !== state && !(t.type === 'header' && t.cubes.length === 1 && isAllCube(t.cubes[0] as Cube)));
          exact = chainIndex === 0 && depth === 0 && i === 0 && others.length === 0;
        }
        if (r.verdict.kind === 'jump' || r.verdict.kind === 'goto') {
          const callee = table.chains.get(r.verdict.chain);
          if (callee) visit(callee, depth + 1);
        }
      });
    };
    visit(chain, 0);
  });
  if (found && !exact) {
    ledger.approximated(found.source.line, 'accepts ESTABLISHED traffic under conditions: segproof lets replies of accepted sessions pass everywhere (stateful: true)');
  }
  return found !== undefined;
}

/** The device's own packets (OUTPUT) are not filtered in segproof: a drop there is approximated as accept. */
function markOutput(ruleset: Ruleset, ledger: LineLedger): void {
  for (const { table, chain } of [...baseChains(ruleset, 'output', 'filter'), ...baseChains(ruleset, 'output', 'route')]) {
    const seen = new Set<string>();
    const visit = (c: Chain) => {
      if (seen.has(c.name)) return;
      seen.add(c.name);
      for (const r of c.rules) {
        if (r.verdict.kind === 'drop' || r.verdict.kind === 'reject') ledger.approximated(r.source.line, 'the device\'s own packets (OUTPUT) are not filtered in segproof: modelled as accepted');
        if (r.verdict.kind === 'jump' || r.verdict.kind === 'goto') {
          const callee = table.chains.get(r.verdict.chain);
          if (callee) visit(callee);
        }
      }
    };
    visit(chain);
    if (chain.base?.policy === 'drop' && chain.source) ledger.approximated(chain.source.line, 'the device\'s own packets (OUTPUT) are not filtered in segproof: policy DROP modelled as ACCEPT');
  }
}

/** Jumps that close a loop of chains (iptables-restore refuses them; a hand-made file may hold one): unknown. */
function markLoops(ruleset: Ruleset, ledger: LineLedger): void {
  for (const table of ruleset.tables) {
    const state = new Map<string, 'open' | 'done'>();
    const visit = (chain: Chain, path: string[]) => {
      state.set(chain.name, 'open');
      for (const r of chain.rules) {
        if (r.verdict.kind !== 'jump' && r.verdict.kind !== 'goto') continue;
        const callee = table.chains.get(r.verdict.chain);
        if (!callee) continue;
        const s = state.get(callee.name);
        if (s === 'open') ledger.unknown(r.source.line, `chains call each other in a loop: ${[...path.slice(path.indexOf(callee.name)), callee.name].join(' → ')}`, true);
        else if (s === undefined) visit(callee, [...path, callee.name]);
      }
      state.set(chain.name, 'done');
    };
    for (const chain of table.chains.values()) if (!state.has(chain.name)) visit(chain, [chain.name]);
  }
}

/** Filters after routing on the way out (postrouting filter chains) are not modelled: a drop there is unknown. */
function markUnmodelledHooks(ruleset: Ruleset, ledger: LineLedger): void {
  for (const { table, chain } of baseChains(ruleset, 'postrouting', 'filter')) {
    const seen = new Set<string>();
    const visit = (c: Chain) => {
      if (seen.has(c.name)) return;
      seen.add(c.name);
      for (const r of c.rules) {
        if (r.verdict.kind === 'drop' || r.verdict.kind === 'reject') ledger.unknown(r.source.line, 'a drop after routing (postrouting filter) is not modelled', true);
        if (r.verdict.kind === 'jump' || r.verdict.kind === 'goto') {
          const callee = table.chains.get(r.verdict.chain);
          if (callee) visit(callee);
        }
      }
    };
    visit(chain);
    if (chain.base?.policy === 'drop' && chain.source) ledger.unknown(chain.source.line, 'a postrouting filter with policy drop is not modelled', true);
  }
}

/**
 * Routes other than the kernel's connected ones, as segproof static routes. Connected in segproof: the
 * primary address's subnet, and each further subnet modelled as an interface of its own (`extras`).
 */
function staticRoutes(interfaces: readonly LinuxInterface[], routes: readonly LinuxRoute[], extras: readonly { of: LinuxInterface; address: LinuxAddress }[]): RawRoute[] {
  const out: RawRoute[] = [];
  const connected = new Set(extras.map((x) => `${formatPrefix(x.address.prefix)} ${x.of.name}`));
  const primaryPrefix = new Map(interfaces.map((i) => [i.name, primaryAddress(i)?.prefix]));
  for (const r of routes) {
    const prefix = formatPrefix(r.prefix);
    if (r.type === 'drop') {
      out.push({ prefix, drop: true } as RawRoute);
      continue;
    }
    if (r.via !== undefined) {
      out.push({ prefix, via: formatIpv4(r.via) } as RawRoute);
      continue;
    }
    if (r.dev === undefined) continue;
    const p = primaryPrefix.get(r.dev);
    // The primary address's subnet and the further ones are segproof's connected routes; a subnet on the
    // link left without an interface of its own (it overlaps another's) needs a route.
    if (connected.has(`${prefix} ${r.dev}`) || (p && p.network === r.prefix.network && p.length === r.prefix.length)) continue;
    out.push({ prefix, interface: safeName(r.dev) } as RawRoute);
  }
  return out;
}

