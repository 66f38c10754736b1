/**
 * The scenario's declared exceptions as the page lists them: what each exempts, the justification an
 * approver signed, its expiry day when it has one, and the checks that used it in this run. Exceptions
 * whose day had passed when the scenario was read are listed as expired (they were not applied).
 */
import { formatLocation } from '../../diagnostics/diagnostic.js';
import { formatService } from '../../net/ports.js';
import type { CheckResult } from '../../verify/result.js';
import type { Scenario, ScenarioException } from '../../verify/scenario/model.js';
import type { ExceptionData } from './page-data.js';

function scopeOf(e: ScenarioException): string {
  const parts = [`${e.from.text} → ${e.to.text}`];
  if (e.through?.length) parts.push(`through ${e.through.join(', ')}`);
  if (e.services?.length) parts.push(`services ${e.services.map(formatService).join(', ')}`);
  if (e.channels?.length) parts.push(`channels ${e.channels.join(', ')}`);
  return parts.join('; ');
}

function row(e: ScenarioException, results: readonly CheckResult[], expired: boolean): ExceptionData {
  return {
    name: e.name,
    justification: e.justification,
    expires: e.expires,
    expired,
    appliesTo: e.appliesTo ? e.appliesTo.join(', ') : 'every check',
    scope: scopeOf(e),
    location: e.location && formatLocation(e.location),
    usedBy: expired ? [] : results.filter((r) => r.exceptionsUsed.includes(e.name)).map((r) => r.id),
  };
}

/** Every exception of the scenario, in force or expired, in file order. */
export function exceptionRows(scenario: Scenario | undefined, results: readonly CheckResult[]): ExceptionData[] {
  if (!scenario) return [];
  const rows = [...scenario.exceptions.map((e) => ({ e, expired: false })), ...scenario.expired.map((e) => ({ e, expired: true }))];
  const line = (e: ScenarioException): number => e.location?.line ?? 0;
  return rows.sort((a, b) => line(a.e) - line(b.e)).map(({ e, expired }) => row(e, results, expired));
}
