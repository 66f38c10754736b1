/**
 * What became of each exception in one verification: applied (and where), in force but exempting
 * nothing, or expired. Auditors read this; an unused exception is a warning (SCEN011) because it
 * either names the wrong flow or approves a flow that no longer exists.
 */
import { sortDiagnostics, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { CheckResult, ExceptionRecord } from '../result.js';
import type { Scenario, ScenarioException } from './model.js';

export function exceptionRecords(scenario: Scenario | undefined, results: readonly CheckResult[]): ExceptionRecord[] {
  if (!scenario) return [];
  const record = (e: ScenarioException, status: ExceptionRecord['status'], appliedIn: string[]): ExceptionRecord => ({
    name: e.name, justification: e.justification, expires: e.expires, status, appliesTo: e.appliesTo, appliedIn, location: e.location,
  });
  const inForce = scenario.exceptions.map((e) => {
    const appliedIn = results.filter((r) => r.exceptionsUsed.includes(e.name)).map((r) => r.id);
    return record(e, appliedIn.length ? 'applied' : 'unused', appliedIn);
  });
  const expired = scenario.expired.map((e) => record(e, 'expired', []));
  const line = (r: ExceptionRecord) => r.location?.line ?? 0;
  return [...inForce, ...expired].sort((a, b) => line(a) - line(b));
}

/** SCEN011 for every exception in force that exempted nothing. */
export function unusedExceptionWarnings(records: readonly ExceptionRecord[]): Diagnostic[] {
  return records
    .filter((r) => r.status === 'unused')
    .map((r) => ({
      code: 'SCEN011' as const,
      severity: 'warning' as const,
      message: `exception "${r.name}" exempted nothing: no check ${r.appliesTo ? `it applies to (${r.appliesTo.join(', ')}) ` : ''}met a packet or flow it names`,
      location: r.location,
      expected: 'an exception that matches a flow some check would otherwise report',
      hint: 'check its from, to, service and channels against the flow it approves; remove it if that flow no longer exists (or the checks it applies to did not run)',
    }));
}

/** The scenario's load warnings and the unused-exception warnings, in file order. */
export function scenarioWarnings(scenario: Scenario | undefined, records: readonly ExceptionRecord[]): Diagnostic[] {
  return sortDiagnostics([...(scenario?.warnings ?? []), ...unusedExceptionWarnings(records)]);
}
