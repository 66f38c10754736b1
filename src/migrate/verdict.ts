/** Whether a migration holds, and the first state (in migration order) that does not. */
import { reportHolds } from '../verify/result.js';
import type { MigrationReport, StateReport } from './model.js';

export function stateHolds(s: StateReport): boolean {
  return reportHolds(s.verify) && s.temporal.every((t) => t.status !== 'fail');
}

export function firstFailingState(report: MigrationReport): StateReport | undefined {
  return report.states.find((s) => !stateHolds(s));
}

export function migrationHolds(report: MigrationReport): boolean {
  return report.states.every(stateHolds) && report.sequence.every((c) => c.status !== 'fail');
}
