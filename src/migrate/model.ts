/**
 * What a migration check reads and produces: the states (each step, and the half-applied cut-over states
 * between two steps), their verification, the T invariants over the sequence and the business flows.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ReaddressPlan } from '../readdress/plan.js';
import type { Topology } from '../topology/model.js';
import type { CheckResult, VerifyReport } from '../verify/result.js';

export interface MigrationStep {
  /** The step file as given. */
  readonly file: string;
  /** The file's base name without extension: how states are named. */
  readonly label: string;
  readonly topology: Topology;
}

export interface MigrationInput {
  readonly steps: readonly MigrationStep[];
  readonly plan?: ReaddressPlan | undefined;
}

export interface StateReport {
  /** `step2-redesignate`, or `step1-new-lg → step2-redesignate, 5 of 13 changed (last: hp-cms)`. */
  readonly name: string;
  readonly kind: 'step' | 'half-applied';
  /** Index of the step (for a half-applied state: the step it starts from). */
  readonly step: number;
  /** Half-applied states: the entries changed so far, in order. */
  readonly applied: readonly string[];
  /** The verification (pack and, for steps, the scenario; for half-applied states the R/F views of `model`). */
  readonly verify: VerifyReport;
  /** Half-applied states: why this model's pack was applied. */
  readonly modelChoice?: string | undefined;
  /** Per-state T checks (T3) and, for half-applied states, the business flows that are down. */
  readonly temporal: readonly CheckResult[];
  readonly flowsDown: readonly string[];
  /** The state's network as verified (the step's, or the half-applied one built): what `migrate --html` draws. */
  readonly topology?: Topology | undefined;
}

export interface MigrationReport {
  readonly steps: readonly string[];
  readonly plan?: string | undefined;
  readonly states: readonly StateReport[];
  /** T1, T2, T4, T5 and business flows, over the whole sequence. */
  readonly sequence: readonly CheckResult[];
  /** Problems that kept something from being checked (MIG006 and scenario problems): the run is bad input. */
  readonly diagnostics: readonly Diagnostic[];
  readonly notes: readonly string[];
  readonly durationMs: number;
}
