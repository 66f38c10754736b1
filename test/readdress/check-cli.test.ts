/** `segproof readdress check` on the command line: exit codes, JSON, --strict, --flows, bad input, the temporary copy. */
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { registerReaddressCheck } from '../../src/cli/commands/readdress-check.js';

const dir = 'test/readdress/fixtures-check';
const town = path.join(dir, 'town.yaml');
const planFile = path.join(dir, 'plan.yaml');

async function check(args: string[]) {
  const io = memoryIo();
  let code = -1;
  const program = new Command('segproof').exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  const readdress = program.command('readdress');
  registerReaddressCheck(readdress, io, (c) => (code = c));
  await program.parseAsync(['node', 'segproof', 'readdress', 'check', ...args]);
  return { code, out: io.out.join('\n'), err: io.err.join('\n') };
}

const scratchFolders = () => readdirSync(tmpdir()).filter((f) => f.startsWith('segproof-readdress-check-'));

describe('segproof readdress check', () => {
  it('exit 0 on a faithful renumbering, given or applied in memory; the temporary copy is removed', async () => {
    const given = await check([town, planFile, '--renumbered', path.join(dir, 'town-renumbered.yaml')]);
    expect(given.code).toBe(0);
    expect(given.out).toContain('equal: 10 sources');
    const before = scratchFolders();
    const applied = await check([town, planFile]);
    expect(applied.code).toBe(0);
    expect(applied.out).toContain('(renumbered by test/readdress/fixtures-check/plan.yaml)');
    expect(scratchFolders()).toEqual(before);
  });

  it('exit 1 on a look-alike, with the witness and the rule\'s file:line in text and JSON', async () => {
    const file = path.join(dir, 'lookalike-route-next-hop.yaml');
    const text = await check([town, planFile, '--renumbered', file]);
    expect(text.code).toBe(1);
    expect(text.out).toContain('Unexplained differences:');
    expect(text.out).toContain(`route 10.21.10.0/24 via 10.20.0.2 on core (vrf default) at fw (${file}:29)`);
    expect(text.out.trim().endsWith('FAIL')).toBe(true);
    const json = await check([town, planFile, '--renumbered', file, '--json']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.out) as { ok: boolean; unexplained: number; reach: { witness: { renumbered: { side: { decidingRule: { location: string } } } } }[] };
    expect(report.ok).toBe(false);
    expect(report.unexplained).toBeGreaterThan(0);
    expect(report.reach.some((d) => d.witness.renumbered.side.decidingRule.location === `${file}:29`)).toBe(true);
  });

  it('--flows lists the rows whose fate changes and rows without a sender', async () => {
    const r = await check([town, planFile, '--renumbered', path.join(dir, 'lookalike-nat-left.yaml'), '--flows', path.join(dir, 'flows.csv')]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('1 row without a sender in the original version (not replayed): line 7 10.20.20.200 -> 10.20.10.10');
    expect(r.out).toContain('1 of 4 flow rows (1 flows) changed fate');
    expect(r.out).toContain('line 4 172.16.0.10:49152 -> 172.16.0.100:8443 tcp');
  });

  it('differences the plan explains pass, and fail with --strict', async () => {
    const explained = path.join(dir, 'plan-redesignate.yaml');
    const plain = await check([town, explained, '--renumbered', path.join(dir, 'lookalike-acl-literal.yaml')]);
    expect(plain.out).toContain('Expected by the plan:');
    expect(plain.code).toBe(0);
    const strict = await check([town, explained, '--renumbered', path.join(dir, 'lookalike-acl-literal.yaml'), '--strict']);
    expect(strict.code).toBe(1);
    // The log's row from the re-designated terminals changes fate by intent too.
    const flows = ['--flows', path.join(dir, 'flows.csv')];
    const logged = await check([town, explained, '--renumbered', path.join(dir, 'lookalike-acl-literal.yaml'), ...flows]);
    expect(logged.code).toBe(0);
    expect(logged.out).toContain('rows from or to re-designated segments or relocated nodes (expected by the plan): 2');
    expect(logged.out).toContain('line 3 10.20.20.10:49152 -> 10.20.10.11:445 tcp (after: 10.20.20.10 -> 10.21.10.11)');
    expect((await check([town, explained, '--renumbered', path.join(dir, 'lookalike-acl-literal.yaml'), ...flows, '--strict'])).code).toBe(1);
    // Without the re-designation the same row fails the check.
    expect((await check([town, planFile, '--renumbered', path.join(dir, 'lookalike-acl-literal.yaml'), ...flows])).code).toBe(1);
  });

  it('exit 2 on bad input: an unknown step, a plan that does not apply, an unreadable flow log', async () => {
    const step = await check([town, planFile, '--step', '7']);
    expect(step.code).toBe(2);
    expect(step.err).toContain('CLI001');
    const noApply = await check([path.join(dir, 'town-renumbered.yaml'), planFile]);
    expect(noApply.code).toBe(2);
    expect(noApply.err).toContain('RDC001');
    expect(noApply.err).toContain('plan.yaml:7:9: error PLAN056');
    const flows = await check([town, planFile, '--renumbered', path.join(dir, 'town-renumbered.yaml'), '--flows', path.join(dir, 'missing.csv')]);
    expect(flows.code).toBe(2);
    expect(flows.err).toContain('FLOW001');
  });
});
