/**
 * What verification produces: one result per property or invariant, each with a status that says
 * whether the check was actually performed. Nothing is reported as passed that was not checked.
 */
import type { Diagnostic, SourceLocation } from '../diagnostics/diagnostic.js';
import type { PacketHeader } from '../net/header.js';
import type { Trace } from '../engine/trace.js';

export type ResultStatus =
  /** Checked exhaustively and holds. */
  | 'pass'
  /** Checked and violated; `violations` says how. */
  | 'fail'
  /** Does not apply to this model or this network (e.g. no screen-transfer gateway to check). */
  | 'not-applicable'
  /** Applies, but the model does not carry what the check needs. */
  | 'not-checkable';

/** One packet that demonstrates a violation, with what the concrete simulator made of it. */
export interface Witness {
  readonly start: string;
  readonly startInterface?: string | undefined;
  /** The next hop the sender chose instead of its routes (attacker capability), if any. */
  readonly via?: string | undefined;
  /** The source MAC the sender forged on its frame (attacker capability: a relay on its segment pins it), if any. */
  readonly mac?: string | undefined;
  readonly header: PacketHeader;
  /** The node the symbolic engine says it reaches. */
  readonly expectedAt: string;
  /** The simulator's traces (one per ECMP branch). */
  readonly traces: readonly Trace[];
  /** Whether a trace ends reached (delivered, exits-network or terminated-at-gateway) at `expectedAt`. */
  readonly replayed: boolean;
}

/** One link of an information-flow chain. */
export interface ChainStep {
  readonly from: string;
  readonly to: string;
  readonly channel: string;
  /** Why the edge exists (gateway setting, packet reachability …). */
  readonly because: string;
  /** The packet that realises this link (for reply-direction links: the forward packet). */
  readonly packet?: Witness | undefined;
}

export interface Violation {
  /** One line: what is wrong. */
  readonly summary: string;
  /** Packet-layer: the violating header set summarised as ranges. */
  readonly headerSummary?: string | undefined;
  readonly witness?: Witness | undefined;
  /** Information-flow layer: the chain from a source to the protected target. */
  readonly chain?: readonly ChainStep[] | undefined;
  /** Where the offending configuration is (a node, a gateway setting, an inventory entry). */
  readonly location?: SourceLocation | undefined;
  readonly details?: readonly string[] | undefined;
}

/**
 * One separation-matrix cell as a view saw it: every violation found in the cell is counted, also those
 * beyond the listed ones, so a cell with violations says so even when the view's list is full.
 */
export interface CellCount {
  /** The cell's ID (`INET>MN`). */
  readonly cell: string;
  /** Violations found in the cell by this view, listed or not. */
  readonly violations: number;
  /** How many of them the view lists. */
  readonly listed: number;
}

export interface CheckResult {
  /** Invariant ID (R1, F3, P7 …) or the scenario property name. */
  readonly id: string;
  readonly kind: 'invariant' | 'property';
  readonly title: string;
  /** Guideline basis (anchors in docs/guideline-basis.md) for invariants; the scenario file position for properties. */
  readonly basis?: string | undefined;
  readonly status: ResultStatus;
  /** Why not applicable / not checkable, and what was checked. */
  readonly notes: readonly string[];
  readonly violations: readonly Violation[];
  /** Exceptions from the scenario that exempted part of this check. */
  readonly exceptionsUsed: readonly string[];
  /** Matrix views (R, F, Z): every cell of the view that applies to this topology, with its exact count. */
  readonly cells?: readonly CellCount[] | undefined;
  readonly durationMs: number;
}

/**
 * A scenario exception as an auditor reads it: `applied` exempted something in the checks listed in
 * `appliedIn`; `unused` was in force and exempted nothing (SCEN011); `expired` was not applied at all
 * because its `expires` day is before `today` (SCEN009).
 */
export interface ExceptionRecord {
  readonly name: string;
  readonly justification: string;
  /** YYYY-MM-DD, the last day it applies; undefined = no end. */
  readonly expires: string | undefined;
  readonly status: 'applied' | 'unused' | 'expired';
  /** The check IDs it may exempt from; undefined = all. */
  readonly appliesTo: readonly string[] | undefined;
  /** The check IDs it did exempt something from, in report order. */
  readonly appliedIn: readonly string[];
  readonly location: SourceLocation | undefined;
}

/** How the scenario was found: `--scenario`, the topology file's name, or none (`searched`: where segproof looked). */
export interface ScenarioChoice {
  readonly by: 'option' | 'file-name' | 'none';
  readonly searched: readonly string[];
}

export interface VerifyReport {
  readonly topology: string;
  readonly topologyFile: string;
  readonly scenarioFile?: string | undefined;
  readonly scenarioChoice?: ScenarioChoice | undefined;
  /** The day exception expiry was judged against (YYYY-MM-DD), when a scenario was used. */
  readonly today?: string | undefined;
  /** Every exception of the scenario, in file order, with what became of it. */
  readonly exceptions: readonly ExceptionRecord[];
  /** Scenario warnings: expired (SCEN009) and unused (SCEN011) exceptions, deprecated spellings (SCEN010). */
  readonly warnings: readonly Diagnostic[];
  readonly model?: string | undefined;
  readonly guidelineVersion?: string | undefined;
  readonly results: readonly CheckResult[];
  readonly durationMs: number;
  /**
   * Why the model is known to be incomplete (partial imports of device configurations): a check
   * that passes on a partial model proves nothing about the devices, so such a report never holds.
   */
  readonly partial: readonly string[];
}

export function reportHolds(report: VerifyReport): boolean {
  return report.partial.length === 0 && report.results.every((r) => r.status !== 'fail');
}
