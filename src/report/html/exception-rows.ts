/**
 * The scenario's declared exceptions as the page lists them: what each exempts, the justification an
 * approver signed, its expiry day when it has one, and the checks that used it in this run. Exceptions
 * whose day has passed are listed as expired (they were not applied).
 */
import { formatLocation } from '../../diagnostics/diagnostic.js';
import { formatService } from '../../net/ports.js';
import type { CheckResult } from '../../verify/result.js';
import type { Scenario, ScenarioException } from '../../verify/scenario/model.js';
import type { ExceptionData } from './page-data.js';

/** Expiry is optional in scenario files: read it where the scenario model carries it. */
function expiresOf(e: ScenarioException): string | undefined {
  const value = (e as { readonly expires?: unknown }).expires;
  return typeof value === 'string' ? value : undefined;
}

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
    expires: expiresOf(e),
    expired,
    appliesTo: e.appliesTo ? e.appliesTo.join(', ') : 'every check',
    scope: scopeOf(e),
    location: e.location && formatLocation(e.location),
    usedBy: expired ? [] : results.filter((r) => r.exceptionsUsed.includes(e.name)).map((r) => r.id),
  };
}

/**
 * Every exception of the scenario in file order. `today` (YYYY-MM-DD) marks an exception expired when
 * the scenario model does not set it apart already.
 */
export function exceptionRows(scenario: Scenario | undefined, results: readonly CheckResult[], today?: string): ExceptionData[] {
  if (!scenario) return [];
  const setApart = (scenario as { readonly expired?: readonly ScenarioException[] }).expired ?? [];
  const isExpired = (e: ScenarioException): boolean => {
    const day = expiresOf(e);
    return today !== undefined && day !== undefined && day < today;
  };
  const rows = [...scenario.exceptions.map((e) => row(e, results, isExpired(e))), ...setApart.map((e) => row(e, results, true))];
  const line = (r: ExceptionData): number => Number(/:(\d+)(?::\d+)?$/.exec(r.location ?? '')?.[1] ?? 0);
  return rows.sort((a, b) => line(a) - line(b));
}
