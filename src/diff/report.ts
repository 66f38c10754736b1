/**
 * The data model of `segproof diff <before> <after>`: what changed between two versions of a topology,
 * exactly (from the symbolic engine), with one concrete witness per change traced in both versions.
 *
 * This file is the contract between the diff computation (src/diff/diff.ts), its renderers (text, JSON,
 * JUnit, SARIF, Markdown) and the gates (src/diff/gates.ts). Everything in it is plain JSON data: `--json`
 * prints a DiffReport as it is. Fields are only ever added (optional), never renamed or removed;
 * `DIFF_REPORT_VERSION` changes if that ever has to happen.
 */
import type { Disposition } from '../engine/disposition.js';
import type { PacketHeader } from '../net/header.js';
import type { HeaderBox } from '../symbolic/header-set.js';
import type { ZoneClass } from '../topology/format.js';
import type { ResultStatus } from '../verify/result.js';

export const DIFF_REPORT_VERSION = 1;

/** Zone classes whose changes are listed first (and that the usual gates watch). */
export const CRITICAL_CLASSES: readonly ZoneClass[] = ['MN', 'MN_GC', 'LG', 'LGWAN'];

/** One side of the comparison. */
export interface DiffSide {
  /** The file as given on the command line. */
  readonly file: string;
  /** The topology's `name`. */
  readonly name: string;
  readonly model?: string | undefined;
  /** The scenario whose properties were compared (scenarios/<basename>.yaml or --scenario), if any. */
  readonly scenarioFile?: string | undefined;
}

/**
 * What a source or destination is:
 * - `host`: a single host; `pool`: a host with `count` > 1 (its members are one endpoint);
 * - `segment`: an unnamed host on a segment (the attacker's forged sender; sources only);
 * - `external`: an external network; `gateway`: screen-transfer, sanitiser, relay, proxy, mail-relay, zt-pep;
 * - `network-device`: a router, firewall or dedicated line (its own management addresses).
 */
export type EndpointKind = 'host' | 'pool' | 'segment' | 'external' | 'gateway' | 'network-device';

/**
 * How packets count as reaching a destination: `delivered` to a host, pool member or a network device's own
 * address; `exits-network` at an external network that owns the destination; `terminated-at-gateway` at a
 * gateway that accepts the session. All three are "reach".
 */
export type ReachKind = 'delivered' | 'exits-network' | 'terminated-at-gateway';

/** The rule that decided a witness packet's fate at one node. */
export interface DecidingRule {
  /** The node where it was decided. */
  readonly node: string;
  /** ACL, gateway or PEP policy name (engine/trace.ts DecidingRule.policy). */
  readonly policy: string;
  /** The rule's name; undefined when the ACL's default or a built-in behaviour decided. */
  readonly rule?: string | undefined;
  /** In words: `rule deny-and-log of ACL INET_TO_MN`. */
  readonly description: string;
  /** `file:line` of the rule (or of the ACL / node when a default decided); undefined when unknown. */
  readonly location?: string | undefined;
  readonly file?: string | undefined;
  readonly line?: number | undefined;
}

/** A witness packet's fate in one version. */
export interface WitnessSide {
  /** False when the witness's start does not exist in this version (nothing is sent then). */
  readonly sent: boolean;
  /** The disposition of the first ECMP branch that reaches the destination, else of the first branch. */
  readonly disposition?: Disposition | undefined;
  /** Where the trace ended. */
  readonly at?: string | undefined;
  readonly reason?: string | undefined;
  /** True when some branch reaches the change's destination (delivered, exits-network or terminated). */
  readonly reaches: boolean;
  /** The rule that decided it: the dropping rule, or for a reached packet the permitting rule that differs from the other version's decision. */
  readonly decidingRule?: DecidingRule | undefined;
  /** Nodes the packet went through, in order (first branch shown). */
  readonly path: readonly string[];
}

/** One concrete flow from a change's header set, traced with the concrete simulator in both versions. */
export interface ChangeWitness {
  /** The start: a node name, `node>router` when the attacker chose the next hop, or a segment name. */
  readonly start: string;
  readonly startKind: 'node' | 'segment';
  /** The next hop the sender chose instead of its routes (attacker capability), if any. */
  readonly via?: string | undefined;
  readonly header: PacketHeader;
  /** `tcp 10.30.0.10:49152 → 10.10.10.14:445`. */
  readonly text: string;
  readonly before: WitnessSide;
  readonly after: WitnessSide;
  /** True when the source address is not one of the start node's own (the attacker forges it; never for a segment's unnamed host). */
  readonly spoofed?: boolean | undefined;
  /**
   * True when the simulator confirms the change: for `new` it reaches the destination after and not before,
   * for `removed` the reverse. False would be an engine disagreement (the property tests hold this to true).
   */
  readonly confirmed: boolean;
}

/** A set of headers one source newly reaches (or no longer reaches) at one destination. */
export interface ReachChange {
  readonly direction: 'new' | 'removed';
  /** Source name: node (host, pool, external, gateway, network device) or segment. */
  readonly source: string;
  readonly sourceKind: EndpointKind;
  /** Zone classes of the source: its zone's and those of every segment it has an interface on; sorted. */
  readonly sourceClass: readonly ZoneClass[];
  /** Destination node (the owner of the destination addresses: a host, pool, external, gateway or network device). */
  readonly destination: string;
  readonly destinationKind: EndpointKind;
  readonly destinationClass: readonly ZoneClass[];
  /** How the changed headers reach (or reached) the destination. */
  readonly reach: readonly ReachKind[];
  /** True when MN, MN_GC, LG or LGWAN is on either side (these changes sort first). */
  readonly critical: boolean;
  /** `sourceClass>destinationClass`, e.g. `INET>MN` (classes joined with `+`): the group the text output lists it under. */
  readonly classPair: string;
  /** The changed headers as the source sends them, as ranges, one box per line (HeaderSet.describe). */
  readonly headers: string;
  /**
   * The same as boxes: sorted disjoint inclusive ranges per field. Only well-formed headers are meant (no ports
   * without TCP/UDP, no ICMP type/code without ICMP), so an absent field is any value its protocols carry.
   */
  readonly boxes: readonly HeaderBox[];
  /** True when `boxes` was cut short (`headers` then ends with a `…` line). */
  readonly truncated: boolean;
  /** Number of headers in the set (a float; exact below 2^53). */
  readonly size: number;
  /** True when the source or the destination exists in one version only. */
  readonly endpointOnlyInOneVersion: boolean;
  /** One flow of the set traced in both versions; absent only when no witness could be picked. */
  readonly witness?: ChangeWitness | undefined;
}

/** One link of an information-flow chain (flowgraph/graph.ts FlowEdge, in words). */
export interface ChainLink {
  readonly from: string;
  readonly to: string;
  /** Channel kind: packet, control, pixels, relayed-data, sanitised-data, clipboard … */
  readonly channel: string;
  readonly reply: boolean;
  readonly because: string;
}

/**
 * An information-flow chain across at least one gateway: data from `source` can arrive at `target` over
 * `links` (one shortest chain of its version). Appeared/disappeared compare (source, target, channel).
 */
export interface ChainSummary {
  /** Stable identity: `source => target (channel)`. */
  readonly key: string;
  readonly source: string;
  readonly target: string;
  readonly sourceClass: readonly ZoneClass[];
  readonly targetClass: readonly ZoneClass[];
  /** The channel arriving at the target. */
  readonly channel: string;
  /** Gateways on the chain, in order. */
  readonly gateways: readonly string[];
  readonly links: readonly ChainLink[];
  readonly critical: boolean;
}

/** An invariant (R1, F3, P7 …) or scenario property whose status differs between the versions. */
export interface StatusChange {
  readonly id: string;
  readonly kind: 'invariant' | 'property';
  readonly title: string;
  /** `absent` when the check does not exist in that version (another model, another scenario). */
  readonly before: ResultStatus | 'absent';
  readonly after: ResultStatus | 'absent';
  /** Violations listed in each version (0 when absent). */
  readonly violationsBefore: number;
  readonly violationsAfter: number;
  /** The check fails after and did not before. */
  readonly regression: boolean;
  /** The check failed before and does not after. */
  readonly fixed: boolean;
  /** First violation summaries after (regressions) or before (fixes), at most 3. */
  readonly summaries: readonly string[];
}

/**
 * A rule whose effective match set changed (from src/lint/acl-changes.ts): added, removed, edited, or
 * shadowed/unshadowed by another change. `kind` is lint's word for it.
 */
export interface RuleChange {
  readonly node: string;
  readonly acl: string;
  readonly rule: string;
  readonly kind: string;
  /** `file:line` in each version (absent where the rule does not exist). */
  readonly before?: string | undefined;
  readonly after?: string | undefined;
  /** Lint's one-line explanation, when it gives one. */
  readonly detail?: string | undefined;
}

export interface DiffReport {
  readonly version: typeof DIFF_REPORT_VERSION;
  readonly before: DiffSide;
  readonly after: DiffSide;
  /** Reach changes: critical first, then by class pair, source, destination, direction (`new` first). */
  readonly changes: readonly ReachChange[];
  /** Information-flow chains across gateways that appear or disappear. */
  readonly flowDelta: { readonly appeared: readonly ChainSummary[]; readonly disappeared: readonly ChainSummary[] };
  /** Every invariant and scenario property whose status differs (same status: not listed). */
  readonly statusChanges: readonly StatusChange[];
  /** Rules whose effective match set changed (empty until src/lint/acl-changes.ts is available; see `partial`). */
  readonly ruleChanges: readonly RuleChange[];
  /** Sources and destinations that exist in one version only: node names, and segments as `segment:NAME`. */
  readonly endpoints: { readonly onlyBefore: readonly string[]; readonly onlyAfter: readonly string[] };
  /** Parts of the comparison that were not computed, in words (empty or absent: complete). */
  readonly partial?: readonly string[] | undefined;
  /** How the run went: time, cache use. Not part of the comparison. */
  readonly stats?: DiffStats | undefined;
}

export interface DiffStats {
  readonly durationMs: number;
  /** Where the time went: per-source reach, witnesses (both versions traced), statuses (two verifications), flow delta, rule changes. */
  readonly phasesMs?: { readonly reach: number; readonly witnesses: number; readonly statuses: number; readonly flow: number; readonly rules: number } | undefined;
  /** Symbolic runs (per-source propagations and verification's runs) served from the cache (this or the other version's, proved unaffected) vs computed. */
  readonly sourcesReused: number;
  readonly sourcesComputed: number;
}

/** True when the two versions do not differ in anything the diff compares. */
export function diffIsEmpty(report: DiffReport): boolean {
  return (
    report.changes.length === 0 &&
    report.flowDelta.appeared.length === 0 &&
    report.flowDelta.disappeared.length === 0 &&
    report.statusChanges.length === 0 &&
    report.ruleChanges.length === 0 &&
    report.endpoints.onlyBefore.length === 0 &&
    report.endpoints.onlyAfter.length === 0
  );
}
