/**
 * `segproof diff --fail-on … --junit --sarif --markdown` end to end on a small city: a gate that matches
 * exits 1 and every output names the opening rule and its line; the same file twice exits 0; bad gates and
 * unwritable outputs are exit 2 before any work.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDiffCommand } from '../../src/cli/commands/diff.js';
import { memoryIo } from '../../src/cli/io.js';

const city = path.resolve(import.meta.dirname, '../replay/fixtures/small-city.yaml');
let dir: string;
let opened: string;
let openedLine: number;

async function diff(args: string[]) {
  const io = memoryIo();
  let code = -1;
  const program = new Command('segproof').exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerDiffCommand(program, io, (c) => (code = c));
  await program.parseAsync(['node', 'segproof', 'diff', ...args, '--no-status', '--no-flow']);
  return { code, out: io.out.join('\n'), err: io.err.join('\n') };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'segproof-gates-cli-'));
  const text = readFileSync(city, 'utf8');
  const after = text.replace(
    '          - { name: block_all, action: deny }',
    '          - { name: temporary-vendor-access, action: permit, dst: 10.3.0.5, service: tcp/443 }\n          - { name: block_all, action: deny }',
  );
  expect(after).not.toBe(text);
  opened = path.join(dir, 'opened.yaml');
  writeFileSync(opened, after);
  openedLine = after.split('\n').findIndex((l) => l.includes('temporary-vendor-access')) + 1;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('segproof diff with gates and outputs', () => {
  it('new-permit:to=MN trips (exit 1) on exactly the new INET → MN reach, with the rule and its line in every output', async () => {
    const sarif = path.join(dir, 'out.sarif');
    const junit = path.join(dir, 'out.xml');
    const markdown = path.join(dir, 'out.md');
    const r = await diff([city, opened, '--fail-on', 'new-permit:to=MN', '--fail-on', 'removed-permit', '--sarif', sarif, '--junit', junit, '--markdown', markdown]);
    expect(r.err).not.toMatch(/: error /);
    expect(r.code).toBe(1);
    expect(r.out).toContain('gate new-permit:to=MN: TRIPPED');
    expect(r.out).toContain('gate removed-permit: passed');
    expect(r.out).toContain(`temporary-vendor-access of ACL inet_to_mn [zone-pair INET -> MN] at ${opened}:${openedLine}`);
    const log = JSON.parse(readFileSync(sarif, 'utf8')) as { runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
    const reach = log.runs[0]!.results.filter((x) => x.ruleId === 'SPD001');
    expect(reach.length).toBeGreaterThan(0);
    expect(reach.every((x) => x.level === 'error' && x.locations[0]!.physicalLocation.region.startLine === openedLine)).toBe(true);
    expect(readFileSync(junit, 'utf8')).toContain('type="new-permit:to=MN"');
    expect(readFileSync(markdown, 'utf8')).toContain('**❌ 1 of 2 gates tripped**');

    const json = await diff([city, opened, '--fail-on', 'new-permit:to=MN', '--json']);
    const report = JSON.parse(json.out) as { changes: { classPair: string; direction: string }[]; gates: { gate: string; tripped: boolean; matches: unknown[] }[] };
    expect(report.gates[0]).toMatchObject({ gate: 'new-permit:to=MN', tripped: true });
    expect(report.gates[0]!.matches).toHaveLength(report.changes.filter((c) => c.direction === 'new' && c.classPair.endsWith('>MN')).length);
    expect(new Set(report.changes.map((c) => c.classPair))).toEqual(new Set(['INET>MN']));
  }, 30_000);

  it('a file compared with itself exits 0 whatever the gates', async () => {
    const r = await diff([city, city, '--fail-on', 'any', '--fail-on', 'new-permit:to=MN', '--fail-on', 'regression']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('gate any: passed');
  }, 30_000);

  it('bad gates, a second file with --git and unwritable outputs are exit 2 before any work', async () => {
    const bad = await diff([city, opened, '--fail-on', 'new-permit:to=MM']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('DIFF001');
    expect(bad.out).toBe('');
    const two = await diff([city, opened, '--git', 'HEAD']);
    expect(two.code).toBe(2);
    expect(two.err).toContain('--git compares one file with its own earlier version');
    const one = await diff([city]);
    expect(one.code).toBe(2);
    const missing = path.join(dir, 'no-such-folder', 'out.sarif');
    const unwritable = await diff([city, opened, '--sarif', missing]);
    expect(unwritable.code).toBe(2);
    expect(unwritable.err).toContain('CLI002');
    expect(existsSync(missing)).toBe(false);
    const same = await diff([city, opened, '--sarif', path.join(dir, 'x'), '--markdown', path.join(dir, 'x')]);
    expect(same.code).toBe(2);
    expect(same.err).toContain('names a file another output writes too');
  }, 30_000);
});
