import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderDiagnostic, type Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { applyPlan } from '../../src/readdress/apply.js';
import { parseIpv4 } from '../../src/net/ipv4.js';
import { loadPlan } from '../../src/readdress/plan-format.js';

const FIXTURES = 'test/readdress/fixtures';
const TOWN = `${FIXTURES}/town.yaml`;

/** Every diagnostic of loading the plan and, when it loads, applying it to the town: `CODE@file:line:column`, warnings marked. */
async function diagnosticsOf(plan: string): Promise<{ keys: string[]; all: Diagnostic[] }> {
  const loaded = await loadPlan(`${FIXTURES}/${plan}`);
  const all = [...loaded.diagnostics];
  if (loaded.plan) all.push(...(await applyPlan(TOWN, loaded.plan)).diagnostics);
  const keys = all.map((d) => `${d.code}@${path.basename(d.location?.file ?? '')}:${d.location?.line}:${d.location?.column}${d.severity === 'warning' ? ' (warning)' : ''}`);
  return { keys, all };
}

describe('plan file diagnostics (file:line:column, code)', () => {
  it.each([
    ['bad-unknown-key.yaml', ['PLAN010@bad-unknown-key.yaml:7:47']],
    ['bad-version.yaml', ['PLAN004@bad-version.yaml:2:7']],
    ['bad-length.yaml', ['PLAN042@bad-length.yaml:7:34']],
    ['bad-prefix-text.yaml', ['PLAN041@bad-prefix-text.yaml:7:17', 'PLAN040@bad-prefix-text.yaml:9:17']],
    ['bad-duplicate-step.yaml', ['PLAN030@bad-duplicate-step.yaml:7:11']],
    ['bad-syntax.yaml', ['PLAN001@bad-syntax.yaml:8:1']],
    ['bad-missing-key.yaml', ['PLAN011@bad-missing-key.yaml:7:9']],
    ['bad-step-name.yaml', ['PLAN014@bad-step-name.yaml:5:11']],
  ])('%s', async (plan, expected) => {
    const { keys, all } = await diagnosticsOf(plan);
    expect(keys).toEqual(expected);
    for (const d of all) expect(d.expected && d.hint, renderDiagnostic(d)).toBeTruthy();
  });

  it.each([
    ['warn-empty-step.yaml', 'PLAN043@warn-empty-step.yaml:7:5 (warning)'],
    ['warn-tag.yaml', 'PLAN008@warn-tag.yaml:6:19 (warning)'],
    ['warn-utf8.yaml', 'PLAN007@warn-utf8.yaml:4:18 (warning)'],
  ])('%s: a warning, and the plan still applies', async (plan, expected) => {
    const { keys, all } = await diagnosticsOf(plan);
    expect(keys.filter((k) => k.includes(plan))).toEqual([expected]);
    expect(all.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('suggests the key that was meant', async () => {
    const { all } = await diagnosticsOf('bad-unknown-key.yaml');
    expect(all[0]?.hint).toBe('did you mean "segment"?');
    expect(all[0]?.expected).toBe('one of "from", "segment", "to", "to-segment"');
  });

  it('a missing file is PLAN002, a folder PLAN006', async () => {
    expect((await loadPlan(`${FIXTURES}/no-such-plan.yaml`)).diagnostics.map((d) => d.code)).toEqual(['PLAN002']);
    expect((await loadPlan(FIXTURES)).diagnostics.map((d) => d.code)).toEqual(['PLAN006']);
  });

  it('a topology file given as the plan is not a plan', async () => {
    const { diagnostics, plan } = await loadPlan(TOWN);
    expect(plan).toBeUndefined();
    expect(diagnostics.map((d) => d.code)).toEqual(['PLAN010']);
    expect(diagnostics[0]?.message).toBe('this file is a segproof topology, not a re-addressing plan');
    expect(diagnostics[0]?.location).toEqual({ file: TOWN, line: 2, column: 1 });
  });
});

describe('plan against the topology (PLAN05x, PLAN06x)', () => {
  it.each([
    ['bad-overlap.yaml', ['PLAN060@bad-overlap.yaml:8:9']],
    ['bad-not-one-to-one.yaml', ['PLAN061@bad-not-one-to-one.yaml:8:9']],
    ['bad-host-collides.yaml', ['PLAN061@bad-host-collides.yaml:9:9']],
    ['bad-unknown-names.yaml', ['PLAN050@bad-unknown-names.yaml:7:9', 'PLAN053@bad-unknown-names.yaml:9:9', 'PLAN054@bad-unknown-names.yaml:10:9', 'PLAN051@bad-unknown-names.yaml:12:9', 'PLAN052@bad-unknown-names.yaml:13:9', 'PLAN052@bad-unknown-names.yaml:14:9', 'PLAN055@bad-unknown-names.yaml:15:17']],
    ['bad-not-covering.yaml', ['PLAN056@bad-not-covering.yaml:7:9', 'PLAN062@bad-not-covering.yaml:7:9', 'PLAN062@bad-not-covering.yaml:7:9', 'PLAN062@bad-not-covering.yaml:7:9', 'PLAN062@bad-not-covering.yaml:7:9']],
    ['bad-outside-target.yaml', ['PLAN062@bad-outside-target.yaml:7:9']],
    ['bad-collision-segment.yaml', ['PLAN063@bad-collision-segment.yaml:7:9', 'PLAN063@bad-collision-segment.yaml:7:9', 'PLAN063@bad-collision-segment.yaml:7:9']],
    ['bad-collision-owned.yaml', ['PLAN063@bad-collision-owned.yaml:7:9']],
    ['bad-split.yaml', ['PLAN064@town.yaml:48:60', 'PLAN064@town.yaml:77:54']],
    ['bad-pool-member.yaml', ['PLAN064@town.yaml:77:54']],
  ])('%s', async (plan, expected) => {
    const { keys, all } = await diagnosticsOf(plan);
    expect(keys.filter((k) => !k.endsWith('(warning)'))).toEqual(expected);
    for (const d of all) expect(d.expected && d.hint, renderDiagnostic(d)).toBeTruthy();
  });

  it('names the colliding space: a segment of the same logical network, and LGWAN\'s owned block', async () => {
    const segment = (await diagnosticsOf('bad-collision-segment.yaml')).all.filter((d) => d.code === 'PLAN063').map((d) => d.message);
    expect(segment.some((m) => m.includes('segment lg_users') && m.includes('segment inet_servers'))).toBe(true);
    const owned = (await diagnosticsOf('bad-collision-owned.yaml')).all.find((d) => d.code === 'PLAN063');
    expect(owned?.message).toContain('external lgwan (owns)');
  });

  it('space inside the Internet\'s 0.0.0.0/0 is not a collision: the default route owns nothing specifically', async () => {
    const { all } = await diagnosticsOf('ok-into-internet-space.yaml');
    expect(all.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('a host exception may take a free address of its renumbered segment', async () => {
    const loaded = await loadPlan(`${FIXTURES}/ok-host-free-slot.yaml`);
    const result = await applyPlan(TOWN, loaded.plan!);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.topology?.nodes.get('app')?.interfaces.get('lan')?.address).toBe(parseIpv4('10.5.1.200'));
    expect(result.topology?.nodes.get('mail')?.interfaces.get('lan')?.address).toBe(parseIpv4('10.5.1.11'));
  });

  it('an aggregate that no longer holds the renumbered prefix is a warning where it is written', async () => {
    const { keys, all } = await diagnosticsOf('warn-aggregate.yaml');
    expect(keys).toEqual(['PLAN065@town.yaml:40:19 (warning)']);
    expect(all[0]?.message).toContain('10.1.0.0/16 holds 10.1.1.0/24 but not 10.5.1.0/24');
  });

  it('a relocated host leaving a rewritten literal is a warning at each literal it leaves', async () => {
    const { keys } = await diagnosticsOf('warn-host-leaves.yaml');
    expect(keys.filter((k) => k.startsWith('PLAN066'))).toEqual(['PLAN066@objects.yaml:5:14 (warning)', 'PLAN066@town.yaml:48:86 (warning)']);
  });
});
