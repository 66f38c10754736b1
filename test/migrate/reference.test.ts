/**
 * The reference β′ migration holds in every step and every half-applied state of its plan's cut-over
 * orders, with T1–T5 and its business flows carried through the plan's address mapping.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFlows } from '../../src/replay/import.js';
import { firstFailingState, migrationHolds } from '../../src/migrate/verdict.js';
import { REFERENCE, ROOT, failures, plan, run } from './support.js';

describe('the reference migration', () => {
  it('holds in its 4 steps and every half-applied cut-over state, with business flows mapped by the plan', async () => {
    const flowsFile = path.join(ROOT, 'topologies/beta-prime-migration/flows.csv');
    const imported = await importFlows(flowsFile, { keepLines: true });
    expect(imported.ok).toBe(true);
    const report = await run(REFERENCE, { plan: await plan('topologies/beta-prime-migration/plan.yaml'), flows: { file: flowsFile, set: imported.flows!, lines: imported.lines } });
    expect(failures(report)).toEqual({ states: {}, sequence: [] });
    expect(report.diagnostics).toEqual([]);
    expect(migrationHolds(report)).toBe(true);
    expect(firstFailingState(report)).toBeUndefined();
    // One state per listed change but the last, per transition: 15, 13 and 5 entries in the plan.
    expect(report.states.filter((s) => s.kind === 'half-applied')).toHaveLength(14 + 12 + 4);
    const byId = Object.fromEntries(report.sequence.map((c) => [c.id, c]));
    expect(byId.T1?.status).toBe('pass');
    expect(byId.T1?.notes.join()).toContain('inet-terminals at step2-redesignate');
    expect(byId.T5?.notes.join()).toContain('10.30.20.0/24');
    expect(byId.flows?.status).toBe('pass');
    // The LGWAN mail flow is down while the mail server moves, and back afterwards.
    const down = report.states.filter((s) => s.flowsDown.some((f) => f.includes('flows.csv:8'))).map((s) => s.name);
    expect(down.length).toBeGreaterThan(0);
    expect(down.every((n) => n.startsWith('step0-alpha → step1-new-lg'))).toBe(true);
    // Half-applied states between α and β′ are held to β′, the stricter model.
    expect(report.states.find((s) => s.name.startsWith('step1-new-lg → '))?.verify.model).toBe('beta-prime');
  });
});
