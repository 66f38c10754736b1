/** Each broken migration fails with its T invariant or its half-applied state named. */
import { describe, expect, it } from 'vitest';
import { BROKEN, REFERENCE, failures, plan, run } from './support.js';

const [step0, step1, step2] = REFERENCE as [string, string, string, string];

describe('broken migrations', () => {
  it('terminals re-designated INET without EDR violate T1 at that step', async () => {
    const report = await run([step1, BROKEN('step2-terminals-without-edr.yaml')]);
    const t1 = report.sequence.find((c) => c.id === 'T1');
    expect(t1?.status).toBe('fail');
    expect(t1?.violations.map((v) => v.summary)).toEqual([expect.stringMatching(/^inet-terminals becomes INET at step2-terminals-without-edr \(its segment cur_lg_terminals is re-designated INET_NEW; it was lg-terminals\).*edr not declared/)]);
    expect(t1?.violations[0]?.location?.file).toContain('step2-terminals-without-edr.yaml');
  });

  it('a rule naming 10.30.x left after step 3 violates T5 at its line', async () => {
    const report = await run([step2, BROKEN('step3-rule-names-old-inet.yaml')]);
    expect(failures(report)).toEqual({ states: {}, sequence: ['T5'] });
    const t5 = report.sequence.find((c) => c.id === 'T5');
    expect(t5?.violations).toHaveLength(1);
    expect(t5?.violations[0]?.summary).toMatch(/rule old-virtual-browsers-to-proxy on core-fw \(source\) refers to decommissioned 10\.30\.20\.0\/24 \(segment cur_inet_vb/);
    expect(t5?.violations[0]?.location).toMatchObject({ file: expect.stringContaining('step3-rule-names-old-inet.yaml'), line: expect.any(Number) });
  });

  it('a staging segment in another VRF over the current LG servers violates T3 in that step', async () => {
    const report = await run([step0, BROKEN('step1-overlapping-staging.yaml')]);
    expect(failures(report)).toEqual({ states: { 'step1-overlapping-staging': ['T3'] }, sequence: [] });
    const t3 = report.states[1]?.temporal[0];
    expect(t3?.violations.map((v) => v.summary)).toEqual(['In step1-overlapping-staging, segment new_lg_staging (10.20.10.128/25, VRF lg_staging) overlaps segment cur_lg_servers (10.20.10.0/24, VRF default).']);
  });

  it('moving the INET stayer before its segment is re-designated opens INET → LG in one half-applied state', async () => {
    const broken = await plan(BROKEN('order-opens-inet-to-lg.plan.yaml'));
    // Only the step-2 cut-over, to keep the run short: the plan's second step, between steps 1 and 2.
    const report = await run([step1, step2], { plan: { ...broken, steps: [broken.steps[1]!] } });
    const failing = failures(report);
    expect(Object.keys(failing.states)).toEqual(['step1-new-lg → step2-redesignate, 4 of 13 changed (last: hp-cms)']);
    expect(Object.values(failing.states)[0]).toEqual(expect.arrayContaining(['R3', 'T3']));
    const state = report.states.find((s) => s.name in failing.states);
    expect(state?.applied).toEqual(['segment:cur_lg_terminals', 'lg-terminals', 'inet-terminals', 'hp-cms']);
    const r3 = state?.verify.results.find((r) => r.id === 'R3');
    expect(r3?.violations.some((v) => /^Packets from INET reach (docmgmt|finance|groupware|ad-dc|lg-file|payroll|lgwan-mail) /.test(v.summary))).toBe(true);
    expect(state?.temporal[0]?.violations.map((v) => v.summary)).toContainEqual(expect.stringMatching(/host hp-cms carries two zone labels: zone INET_NEW \(INET\) and lan on cur_lg_servers \(LG\)/));
    expect(failing.sequence).toEqual([]);
  });
});
