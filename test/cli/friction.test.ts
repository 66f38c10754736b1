/**
 * What a first-time user meets on the command line, run in-process: bad flow rows never pass as a
 * complete result, --all-pairs with nothing to generate is refused with the reason, and the replay
 * report summarises rule hits per node (every rule with --all-rules, always in JSON).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerReplayCommand } from '../../src/cli/commands/replay.js';
import type { RegisterCommand } from '../../src/cli/commands/index.js';
import { memoryIo } from '../../src/cli/io.js';

const root = path.resolve(import.meta.dirname, '../..');
const city = path.join(root, 'test/replay/fixtures/small-city.yaml');

async function run(register: RegisterCommand, name: string, args: string[]) {
  const io = memoryIo();
  let code = -1;
  const program = new Command('segproof').exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  register(program, io, (c) => (code = c));
  await program.parseAsync(['node', 'segproof', name, ...args]);
  return { code, out: io.out.join('\n'), err: io.err.join('\n') };
}
const replay = (args: string[]) => run(registerReplayCommand, 'replay', args);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'segproof-friction-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
}

describe('replay: bad rows', () => {
  it('make the result not ok and not complete, in text and JSON (exit 1 unless --allow-bad-rows)', async () => {
    const flows = file('mixed.csv', 'src,dst,proto,sport,dport\n10.1.0.10,10.2.0.5,tcp,49152,443\n10.1.0.10,10.2.0.256,tcp,1,443\n');
    const json = await replay([city, flows, '--workers', '1', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toMatchObject({ ok: false, complete: false, badRows: 1, inputRows: 2, flows: 1 });
    const text = await replay([city, flows, '--workers', '1']);
    expect(text.code).toBe(1);
    expect(text.out.split('\n')[0]).toBe('PARTIAL INPUT: 1 of 2 flow rows were bad and not replayed; the counts below leave them out.');
  });
});

describe('replay --all-pairs with nothing to generate', () => {
  const withoutListens = (): string => file('no-listens.yaml', readFileSync(city, 'utf8').replace(/^ {4}listens: .*\n/gm, ''));

  it('is refused with FLOW009 naming the reason and where to fix it (exit 2), in text and JSON', async () => {
    const topology = withoutListens();
    const text = await replay([topology, '--all-pairs', '--workers', '1']);
    expect(text.code).toBe(2);
    expect(text.out).toBe('');
    expect(text.err).toContain(`${topology}:20:3: error FLOW009: --all-pairs generates no flow: no server declares \`listens\` (3 servers checked)`);
    expect(text.err).toContain('hint: add `listens: [tcp/443]`');
    const json = await replay([topology, '--all-pairs', '--workers', '1', '--json']);
    expect(json.code).toBe(2);
    // Bad input goes to stderr, as JSON under --json.
    expect(JSON.parse(json.err)).toMatchObject({ ok: false, diagnostics: [{ code: 'FLOW009' }] });
  });

  it('no server at all is said as such', async () => {
    const topology = file('no-servers.yaml', readFileSync(city, 'utf8').replaceAll('role: server', 'role: terminal'));
    const r = await replay([topology, '--all-pairs', '--workers', '1']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('error FLOW009: --all-pairs generates no flow: no host is a server (role: server)');
  });

  it('a topology with servers that listen replays and passes', async () => {
    const r = await replay([city, '--all-pairs', '--workers', '1', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ ok: true, complete: true });
    expect(JSON.parse(r.out).flows).toBeGreaterThan(0);
  });
});

describe('replay: rule hits', () => {
  it('text shows the most-hit rules per node and counts the rest; --all-rules and JSON list every rule', async () => {
    const summary = await replay([city, '--all-pairs', '--workers', '1']);
    expect(summary.code).toBe(0);
    const lines = summary.out.split('\n');
    const at = lines.findIndex((l) => l.startsWith('rule hits ('));
    expect(lines[at]).toBe('rule hits (7 rules on 1 node, 4 never hit; the 5 most hit per node, --all-rules lists every rule):');
    expect(lines[at + 1]).toMatch(/^ {2}fw: \d+ hits on 7 rules$/);
    // Hit rules only, most hits first; the rest are counted.
    const shown = lines.slice(at + 2).filter((l) => /^ {4}\s*\d+ {2}fw\//.test(l)).map((l) => Number(l.trim().split(' ')[0]));
    expect(shown.length).toBe(3);
    expect([...shown].sort((a, b) => b - a)).toEqual(shown);
    expect(shown.every((n) => n > 0)).toBe(true);
    expect(lines).toContain('      … 4 more rules: 0 hits, 4 never hit');

    const all = await replay([city, '--all-pairs', '--workers', '1', '--all-rules']);
    expect(all.out).toContain('rule hits (7 rules on 1 node, 4 never hit):');
    expect(all.out.match(/ {2}fw\/\S+ \((permit|deny)\)/g)).toHaveLength(7);
    expect(all.out).toContain('NEVER HIT');

    const json = JSON.parse((await replay([city, '--all-pairs', '--workers', '1', '--json'])).out);
    expect(json.rules).toHaveLength(7);
    expect(json.rulesNeverHit).toBe(4);
  });
});
