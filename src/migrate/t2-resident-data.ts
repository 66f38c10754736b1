/**
 * T2: resident data leaves a system before the system becomes INET (P3 holds for it in the step before
 * its re-designation: 住民情報 moved to an LG file server first), and no host in INET holds resident data
 * in any state of the migration.
 */
import { P3_REQUIREMENTS } from '../verify/invariants/inventory.js';
import type { CheckResult, Violation } from '../verify/result.js';
import type { MigrationStep } from './model.js';
import { hostClasses, type Redesignated } from './redesignated.js';

export function checkT2(steps: readonly MigrationStep[], redesignated: readonly Redesignated[]): CheckResult {
  const t0 = performance.now();
  const violations: Violation[] = [];
  for (const r of redesignated) {
    const missing = P3_REQUIREMENTS.filter((q) => !q.ok(r.before.inventory[q.key]));
    if (missing.length === 0) continue;
    const previous = steps[r.step - 1]?.label ?? `step ${r.step - 1}`;
    violations.push({
      summary: `${r.before.name} becomes INET at ${steps[r.step]?.label ?? r.step}, but in ${previous} its inventory has ${missing.map((q) => `${String(q.key)} ${r.before.inventory[q.key] === undefined ? 'not declared' : JSON.stringify(r.before.inventory[q.key])} (required: ${q.want})`).join('; ')}: resident data must be moved to LG before the re-designation.`,
      location: r.before.location,
    });
  }
  let inet = 0;
  for (const step of steps) {
    for (const node of step.topology.nodes.values()) {
      if (node.kind !== 'host' || !hostClasses(step.topology, node).has('INET')) continue;
      inet++;
      if (node.inventory.holdsResidentData === true) {
        violations.push({ summary: `${node.name} is INET in ${step.label} and its inventory says holdsResidentData: true.`, location: node.location });
      }
    }
  }
  return {
    id: 'T2', kind: 'invariant', title: 'resident data is moved out before a system becomes INET, and never held in INET',
    basis: 'docs/guideline-basis.md#b-migration-invariants', status: violations.length ? 'fail' : 'pass',
    notes: [`${redesignated.length} re-designated host(s) checked in the step before; ${inet} INET host definition(s) across ${steps.length} steps`],
    violations, exceptionsUsed: [], durationMs: performance.now() - t0,
  };
}
