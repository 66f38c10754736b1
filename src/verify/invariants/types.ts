/** An invariant: its ID, its guideline basis, and the check. */
import type { SegmentationModel } from '../../topology/model.js';
import type { VerifyContext } from '../context.js';
import type { CellCount, ResultStatus, Violation } from '../result.js';

export interface InvariantOutcome {
  readonly status: ResultStatus;
  readonly violations?: readonly Violation[];
  readonly notes?: readonly string[];
  readonly exceptionsUsed?: readonly string[];
  /** Matrix views: every cell of the view that applies here, with its count of violations. */
  readonly cells?: readonly CellCount[];
}

export interface Invariant {
  readonly id: string;
  readonly title: string;
  /** Where the guideline says it: anchors in docs/guideline-basis.md. */
  readonly basis: string;
  readonly check: (ctx: VerifyContext, model: SegmentationModel) => InvariantOutcome;
}

/** Collects layer outcomes into one invariant outcome. */
export function combine(parts: readonly { violations: readonly Violation[]; notes: readonly string[]; exceptionsUsed: readonly string[] }[], extraNotes: readonly string[] = []): InvariantOutcome {
  const violations = parts.flatMap((p) => p.violations);
  return {
    status: violations.length ? 'fail' : 'pass',
    violations,
    notes: [...extraNotes, ...parts.flatMap((p) => p.notes)],
    exceptionsUsed: [...new Set(parts.flatMap((p) => p.exceptionsUsed))],
  };
}
