/** `segproof migrate`: exit codes 0 / 1 / 2, the JSON report and the JUnit file. */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { BROKEN, REFERENCE } from './support.js';

const segproof = async (...args: string[]) => {
  const io = memoryIo();
  const code = await main(['node', 'segproof', 'migrate', ...args], io);
  return { code, out: io.out.join(''), err: io.err.join('') };
};

describe('segproof migrate', () => {
  it('exits 0 when every state holds and writes one JUnit testcase per state and migration check', async () => {
    const junit = path.join(mkdtempSync(path.join(os.tmpdir(), 'segproof-migrate-')), 'report.xml');
    const r = await segproof(REFERENCE[2] as string, REFERENCE[3] as string, '--order', 'step3-decommission=virtual-browsers,core-fw,segment:cur_inet_vb', '--junit', junit);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('✓   half-applied step2-redesignate → step3-decommission, 2 of 3 changed (last: core-fw)');
    expect(r.out).toMatch(/The migration holds in every state/);
    const xml = readFileSync(junit, 'utf8');
    expect(xml.match(/<testcase /g)).toHaveLength(4 + 5);
    expect(xml).toContain('failures="0"');
  });

  it('exits 1 on a violation and names it in the JSON report', async () => {
    const r = await segproof(REFERENCE[2] as string, BROKEN('step3-rule-names-old-inet.yaml'), '--json');
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out) as { ok: boolean; sequence: { id: string; status: string }[]; states: { name: string; ok: boolean }[] };
    expect(json.ok).toBe(false);
    expect(json.sequence.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['T5']);
    expect(json.states.map((s) => [s.name, s.ok])).toEqual([['step2-redesignate', true], ['step3-rule-names-old-inet', true]]);
  });

  it('exits 2 and still prints the report when a half-applied state cannot be built', async () => {
    const r = await segproof(REFERENCE[2] as string, REFERENCE[3] as string, '--order', 'step3-decommission=segment:cur_inet_vb,virtual-browsers,core-fw');
    expect(r.code).toBe(2);
    expect(r.out).toContain('Not every state could be built:');
    expect(r.out).toMatch(/MIG006: half-applied state after segment:cur_inet_vb: segment "cur_inet_vb" is removed while core-fw, virtual-browsers still have interfaces on it/);
    expect(r.out).toContain('1 cut-over order(s) stop at a state that cannot be built (the states after it are not checked)');
  });

  it('exits 2 with a located diagnostic on bad input', async () => {
    const one = await segproof(REFERENCE[0] as string);
    expect(one.code).toBe(2);
    expect(one.err).toContain('MIG001');
    const badStep = await segproof(REFERENCE[2] as string, REFERENCE[3] as string, '--order', 'step3-decomission=core-fw');
    expect(badStep.code).toBe(2);
    expect(badStep.err).toMatch(/MIG004.*step3-decomission/);
    expect(badStep.err).toContain('step3-decommission');
    const notChanging = await segproof(REFERENCE[2] as string, REFERENCE[3] as string, '--order', 'step3-decommission=payroll,core-fw');
    expect(notChanging.code).toBe(2);
    expect(notChanging.err).toMatch(/MIG002.*"payroll", which does not change/);
    const planMismatch = await segproof(REFERENCE[2] as string, REFERENCE[3] as string, '--plan', 'topologies/beta-prime-migration/plan.yaml');
    expect(planMismatch.code).toBe(2);
    expect(planMismatch.err).toMatch(/plan.yaml:\d+:\d+: error MIG005: the plan "town-beta-prime" has 3 step\(s\) for 2 step files/);
    const malformed = await segproof(REFERENCE[2] as string, REFERENCE[3] as string, '--order', 'core-fw');
    expect(malformed.code).toBe(2);
    expect(malformed.err).toContain('MIG003');
  });
});
