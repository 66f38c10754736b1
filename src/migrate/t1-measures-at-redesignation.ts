/**
 * T1: a terminal or system re-designated INET at a step already carries P1's measures (and P2's, for a
 * server) in that step's inventory, whatever the step's declared model: seed 004 asks for β′ compliance
 * 「移設された時点で」, not once the model is declared.
 */
import type { Violation } from '../verify/result.js';
import { P1_REQUIREMENTS, P2_REQUIREMENTS, type Requirement } from '../verify/invariants/inventory.js';
import type { CheckResult } from '../verify/result.js';
import type { MigrationStep } from './model.js';
import type { Redesignated } from './redesignated.js';

export const T1_BASIS = 'docs/guideline-basis.md#b-migration-invariants';

export function checkT1(steps: readonly MigrationStep[], redesignated: readonly Redesignated[]): CheckResult {
  const t0 = performance.now();
  const violations: Violation[] = [];
  for (const r of redesignated) {
    const requirements: readonly Requirement[] = r.host.role === 'server' ? [...P1_REQUIREMENTS, ...P2_REQUIREMENTS] : P1_REQUIREMENTS;
    const missing = requirements.filter((q) => !q.ok(r.host.inventory[q.key]));
    if (missing.length === 0) continue;
    const step = steps[r.step]?.label ?? `step ${r.step}`;
    violations.push({
      summary: `${r.host.name} becomes INET at ${step} (${r.how}) but its inventory there has ${missing.map((q) => `${String(q.key)} ${r.host.inventory[q.key] === undefined ? 'not declared' : JSON.stringify(r.host.inventory[q.key])} (required: ${q.want})`).join('; ')}.`,
      location: r.host.location,
    });
  }
  return {
    id: 'T1', kind: 'invariant', title: 'terminals and systems re-designated INET carry the INET measures (P1, P2 for servers) at that step',
    basis: T1_BASIS, status: redesignated.length === 0 ? 'not-applicable' : violations.length ? 'fail' : 'pass',
    notes: [redesignated.length === 0 ? 'no host becomes INET at any step' : `${redesignated.length} host(s) become INET: ${redesignated.map((r) => `${r.host.name} at ${steps[r.step]?.label ?? r.step}`).join(', ')}`],
    violations, exceptionsUsed: [], durationMs: performance.now() - t0,
  };
}
