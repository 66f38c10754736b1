/**
 * The netfilter rule set both Linux importers produce (iptables-save.ts, nftables-json.ts) and
 * linux-compile.ts turns into segproof ACLs and NAT rules: chains of rules, each a conjunction of
 * terms and a verdict, with the configuration line it came from.
 */
import type { LineLedger } from '../ledger.js';
import type { Cube } from './linux-cube.js';

/** Connection-tracking states a `state`/`ct state` match can name. */
export type CtState = 'new' | 'established' | 'related' | 'invalid' | 'untracked' | 'snat' | 'dnat';

/** An interface name as a rule writes it: exact, or a prefix ending in `+` (iptables) / `*` (nft). */
export interface IfacePattern {
  readonly name: string;
  readonly wildcard: boolean;
}

export function ifaceMatches(p: IfacePattern, name: string): boolean {
  return p.wildcard ? name.startsWith(p.name) : name === p.name;
}

/** One conjunct of a rule's match. */
export type Term =
  /** Header fields: the packet lies in one of the cubes (a union: multiport, sets, `--ports`). */
  | { readonly type: 'header'; readonly cubes: readonly Cube[] }
  | { readonly type: 'iif'; readonly patterns: readonly IfacePattern[]; readonly negate: boolean }
  | { readonly type: 'oif'; readonly patterns: readonly IfacePattern[]; readonly negate: boolean }
  | { readonly type: 'state'; readonly states: ReadonlySet<CtState>; readonly negate: boolean }
  /** `addrtype` / `fib … type`: the address is one of the device's own (local), a broadcast, or multicast. */
  | { readonly type: 'addrtype'; readonly field: 'src' | 'dst'; readonly kinds: ReadonlySet<'local' | 'broadcast' | 'multicast' | 'unicast'>; readonly negate: boolean }
  /** A match segproof's packet model cannot evaluate (MAC, rate, recent, …): over-approximated. */
  | { readonly type: 'unmodelled'; readonly what: string }
  /** Never true for a segproof flow (an INVALID state, a non-first fragment, an IPv6-only match). */
  | { readonly type: 'never'; readonly why: string };

export type Verdict =
  | { readonly kind: 'accept' }
  | { readonly kind: 'drop' }
  | { readonly kind: 'reject' }
  | { readonly kind: 'return' }
  | { readonly kind: 'jump'; readonly chain: string }
  | { readonly kind: 'goto'; readonly chain: string }
  /** No effect on the packet's fate (log, counter, mark, no target): evaluation goes on. */
  | { readonly kind: 'continue' }
  | { readonly kind: 'notrack' }
  | { readonly kind: 'snat'; readonly to: number; readonly port?: number | undefined }
  | { readonly kind: 'masquerade' }
  | { readonly kind: 'dnat'; readonly to: number; readonly port?: number | undefined }
  /** A target the importer does not model; the rule is skipped and its line is unknown. */
  | { readonly kind: 'unsupported'; readonly what: string };

export interface SourceLine {
  readonly ledger: LineLedger;
  /** 1-based line (or element, for nftables JSON) in the ledger. */
  readonly line: number;
}

export interface Rule {
  readonly chain: string;
  readonly terms: readonly Term[];
  readonly verdict: Verdict;
  readonly source: SourceLine;
  /**
   * The rule's text without what changes when other rules move (line, handle, counters): segproof rule
   * names derive from it, so two versions of a rule set name their common rules alike (segproof diff).
   */
  readonly identity: string;
}

export type Hook = 'prerouting' | 'input' | 'forward' | 'output' | 'postrouting';
export type ChainType = 'filter' | 'nat' | 'route';

export interface Chain {
  readonly name: string;
  readonly rules: Rule[];
  /** Set for base chains: where netfilter calls them, at which priority, with which policy. */
  base?: { readonly hook: Hook; readonly type: ChainType; readonly priority: number; readonly policy: 'accept' | 'drop' } | undefined;
  readonly source?: SourceLine | undefined;
}

/** A table: its chains by name (jumps stay within one table). */
export interface Table {
  readonly name: string;
  readonly family: string;
  readonly chains: Map<string, Chain>;
}

export interface Ruleset {
  readonly tables: Table[];
}

/** Base chains of one hook and type across tables, in the order netfilter runs them (priority). */
export function baseChains(ruleset: Ruleset, hook: Hook, type: ChainType): { table: Table; chain: Chain }[] {
  const out: { table: Table; chain: Chain }[] = [];
  for (const table of ruleset.tables) for (const chain of table.chains.values()) if (chain.base?.hook === hook && chain.base.type === type) out.push({ table, chain });
  return out.sort((a, b) => (a.chain.base?.priority ?? 0) - (b.chain.base?.priority ?? 0));
}

/** iptables' fixed tables and base chains, with the priorities iptables-nft gives them. */
export const IPTABLES_BASE: Readonly<Record<string, Readonly<Record<string, { hook: Hook; type: ChainType; priority: number }>>>> = {
  raw: { PREROUTING: { hook: 'prerouting', type: 'filter', priority: -300 }, OUTPUT: { hook: 'output', type: 'filter', priority: -300 } },
  mangle: {
    PREROUTING: { hook: 'prerouting', type: 'filter', priority: -150 },
    INPUT: { hook: 'input', type: 'filter', priority: -150 },
    FORWARD: { hook: 'forward', type: 'filter', priority: -150 },
    OUTPUT: { hook: 'output', type: 'route', priority: -150 },
    POSTROUTING: { hook: 'postrouting', type: 'filter', priority: -150 },
  },
  nat: {
    PREROUTING: { hook: 'prerouting', type: 'nat', priority: -100 },
    INPUT: { hook: 'input', type: 'nat', priority: 100 },
    OUTPUT: { hook: 'output', type: 'nat', priority: -100 },
    POSTROUTING: { hook: 'postrouting', type: 'nat', priority: 100 },
  },
  filter: {
    INPUT: { hook: 'input', type: 'filter', priority: 0 },
    FORWARD: { hook: 'forward', type: 'filter', priority: 0 },
    OUTPUT: { hook: 'output', type: 'filter', priority: 0 },
  },
  security: {
    INPUT: { hook: 'input', type: 'filter', priority: 50 },
    FORWARD: { hook: 'forward', type: 'filter', priority: 50 },
    OUTPUT: { hook: 'output', type: 'filter', priority: 50 },
  },
};

/** ICMP type names iptables and nft accept, with their type (and code, where the name fixes one). */
export const ICMP_TYPES: Readonly<Record<string, readonly [number, number | undefined]>> = {
  'echo-reply': [0, undefined],
  pong: [0, undefined],
  'destination-unreachable': [3, undefined],
  'network-unreachable': [3, 0],
  'host-unreachable': [3, 1],
  'protocol-unreachable': [3, 2],
  'port-unreachable': [3, 3],
  'fragmentation-needed': [3, 4],
  'source-route-failed': [3, 5],
  'network-unknown': [3, 6],
  'host-unknown': [3, 7],
  'network-prohibited': [3, 9],
  'host-prohibited': [3, 10],
  'TOS-network-unreachable': [3, 11],
  'TOS-host-unreachable': [3, 12],
  'communication-prohibited': [3, 13],
  'host-precedence-violation': [3, 14],
  'precedence-cutoff': [3, 15],
  'source-quench': [4, undefined],
  redirect: [5, undefined],
  'network-redirect': [5, 0],
  'host-redirect': [5, 1],
  'TOS-network-redirect': [5, 2],
  'TOS-host-redirect': [5, 3],
  'echo-request': [8, undefined],
  ping: [8, undefined],
  'router-advertisement': [9, undefined],
  'router-solicitation': [10, undefined],
  'time-exceeded': [11, undefined],
  'ttl-exceeded': [11, undefined],
  'ttl-zero-during-transit': [11, 0],
  'ttl-zero-during-reassembly': [11, 1],
  'parameter-problem': [12, undefined],
  'ip-header-bad': [12, 0],
  'required-option-missing': [12, 1],
  'timestamp-request': [13, undefined],
  'timestamp-reply': [14, undefined],
  'info-request': [15, undefined],
  'info-reply': [16, undefined],
  'address-mask-request': [17, undefined],
  'address-mask-reply': [18, undefined],
};

/** Protocol names netfilter accepts beyond segproof's own (net/ports.ts). */
export const EXTRA_PROTOCOLS: Readonly<Record<string, number>> = {
  all: -1,
  ip: 0,
  igmp: 2,
  ipip: 4,
  egp: 8,
  pup: 12,
  idp: 22,
  dccp: 33,
  ipv6: 41,
  rsvp: 46,
  ah: 51,
  'ipv6-icmp': 58,
  eigrp: 88,
  ospf: 89,
  ospfigp: 89,
  pim: 103,
  vrrp: 112,
  l2tp: 115,
  sctp: 132,
  udplite: 136,
  mpls: 137,
};
