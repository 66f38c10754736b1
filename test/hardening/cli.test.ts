/**
 * The exit policy for flow files (replay and emulate --flows) and the output checks of every command,
 * run in-process: bad rows fail the run unless allowed, nothing replayed fails it, an unusable file is bad
 * input; outputs are checked before the work, never overwrite an input, and a failed write still prints
 * the report with exit 2.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerEmulateCommand } from '../../src/cli/commands/emulate.js';
import { registerReplayCommand } from '../../src/cli/commands/replay.js';
import { registerVerifyCommand } from '../../src/cli/commands/verify.js';
import type { RegisterCommand } from '../../src/cli/commands/index.js';
import { memoryIo } from '../../src/cli/io.js';

const root = path.resolve(import.meta.dirname, '../..');
const city = path.join(root, 'test/replay/fixtures/small-city.yaml');
const gateway = path.join(root, 'test/emulate/fixtures/firewall-gateway.yaml');

async function run(register: RegisterCommand, name: string, args: string[]) {
  const io = memoryIo();
  let code = -1;
  const program = new Command('segproof').exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  register(program, io, (c) => (code = c));
  await program.parseAsync(['node', 'segproof', name, ...args]);
  return { code, out: io.out.join('\n'), err: io.err.join('\n') };
}
const replay = (args: string[]) => run(registerReplayCommand, 'replay', args);
const emulate = (args: string[]) => run(registerEmulateCommand, 'emulate', args);
const verify = (args: string[]) => run(registerVerifyCommand, 'verify', args);

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'segproof-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
}

const HEADER = 'src,dst,proto,sport,dport\n';
const GOOD = '10.1.0.10,10.2.0.5,tcp,49152,443\n10.1.0.5,10.3.0.5,tcp,49153,22\n';
const BAD = '10.1.0.10,10.2.0.256,tcp,1,443\n';

describe('replay: exit policy for flow files', () => {
  it('a clean flow file is ok, exit 0', async () => {
    const r = await replay([city, file('good.csv', HEADER + GOOD), '--workers', '1', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ ok: true, complete: true, badRows: 0, inputRows: 2, flows: 2 });
  });

  it('bad rows are counted and reported and fail the run (exit 1), never shown as complete', async () => {
    const flows = file('mixed.csv', HEADER + GOOD + BAD);
    const json = await replay([city, flows, '--workers', '1', '--json']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.out);
    expect(report).toMatchObject({ ok: false, complete: false, badRows: 1, inputRows: 3, flows: 2 });
    expect(report.diagnostics.map((d: { code: string; location: { line: number } }) => `${d.code}@${d.location.line}`)).toEqual(['FLOW002@4']);
    const text = await replay([city, flows, '--workers', '1']);
    expect(text.code).toBe(1);
    expect(text.out).toContain('PARTIAL INPUT: 1 of 3 flow rows were bad and not replayed; the counts below leave them out.');
    expect(text.err).toContain('1 of 3 flow rows bad and skipped: the run fails (exit 1); --allow-bad-rows accepts them, --strict stops at the first.');
  });

  it('--allow-bad-rows accepts them (exit 0) but the report still says the input was partial', async () => {
    const r = await replay([city, file('mixed.csv', HEADER + GOOD + BAD), '--workers', '1', '--allow-bad-rows', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ ok: true, complete: false, badRows: 1 });
  });

  it('every row bad: nothing replayed, exit 1 even with --allow-bad-rows', async () => {
    const flows = file('all-bad.csv', HEADER + BAD + BAD);
    for (const extra of [[], ['--allow-bad-rows']]) {
      const r = await replay([city, flows, '--workers', '1', ...extra]);
      expect(r.code).toBe(1);
      expect(r.out).toContain('NOTHING REPLAYED');
    }
  });

  it('an unusable flow file (no rows, wrong JSON types are not fatal but an empty file is) is exit 2', async () => {
    const empty = await replay([city, file('empty.csv', HEADER), '--workers', '1']);
    expect(empty.code).toBe(2);
    expect(empty.err).toContain('error FLOW008: flow file holds no flow rows');
    expect(empty.out).toBe('');
    const typed = await replay([city, file('typed.jsonl', '{"src":"10.1.0.10","dst":"10.2.0.5","proto":"tcp","sport":"1","dport":443}\n{"src":"10.1.0.10","dst":"10.2.0.5","proto":"tcp","sport":1,"dport":443}\n'), '--workers', '1', '--json']);
    expect(typed.code).toBe(1);
    expect(JSON.parse(typed.out)).toMatchObject({ ok: false, badRows: 1, flows: 1 });
  });
});

describe('replay --out', () => {
  it('is checked before the replay: a missing folder or a folder target is exit 2 with CLI002 and no report', async () => {
    const flows = file('good.csv', HEADER + GOOD);
    const missing = await replay([city, flows, '--workers', '1', '--out', path.join(dir, 'nope', 'fates.jsonl')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('error CLI002: --out');
    expect(missing.err).toContain('does not exist.');
    expect(missing.out).toBe('');
    const folder = await replay([city, flows, '--workers', '1', '--out', dir]);
    expect(folder.code).toBe(2);
    expect(folder.err).toContain(`error CLI002: --out "${dir}" is a folder.`);
  });

  it('refuses to overwrite the flow file or the topology (through a link), exit 2 with CLI003, inputs untouched', async () => {
    const flows = file('good.csv', HEADER + GOOD);
    const same = await replay([city, flows, '--workers', '1', '--out', flows]);
    expect(same.code).toBe(2);
    expect(same.err).toContain(`error CLI003: --out "${flows}" would overwrite the input file "${flows}".`);
    expect(readFileSync(flows, 'utf8')).toBe(HEADER + GOOD);
    symlinkSync(city, path.join(dir, 'link.yaml'));
    const topo = await replay([city, flows, '--workers', '1', '--out', path.join(dir, 'link.yaml')]);
    expect(topo.code).toBe(2);
    expect(topo.err).toContain('error CLI003');
  });

  it('writes the fates whole, with no temporary left', async () => {
    const out = path.join(dir, 'fates.jsonl');
    const r = await replay([city, file('good.csv', HEADER + GOOD), '--workers', '1', '--out', out]);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(2);
    expect(readdirSync(dir).sort()).toEqual(['fates.jsonl', 'good.csv']);
  });

  it('names the file line of every fate, so skipped bad rows show as gaps', async () => {
    const out = path.join(dir, 'fates.jsonl');
    const r = await replay([city, file('mixed.csv', HEADER + BAD + GOOD), '--workers', '1', '--allow-bad-rows', '--out', out]);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l).line)).toEqual([3, 4]);
  });

  it('a write that fails at the end still prints the report, and exits 2 with CLI004', async () => {
    const r = await replay([city, file('good.csv', HEADER + GOOD), '--workers', '1', '--out', '/dev/full']);
    expect(r.code).toBe(2);
    expect(r.out).toContain('replayed 2 flow rows');
    expect(r.err).toContain('error CLI004: --out "/dev/full" could not be written (the disk is full)');
    const json = await replay([city, file('good2.csv', HEADER + GOOD), '--workers', '1', '--out', '/dev/full', '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.out)).toMatchObject({ ok: false, flows: 2 });
  });
});

describe('verify --junit', () => {
  const broken = path.join(root, 'topologies/broken/acl-opens-mn-to-inet.yaml');

  it('refuses to overwrite the topology (exit 2, CLI003) and leaves it untouched', async () => {
    const copy = file('city.yaml', readFileSync(broken, 'utf8'));
    const r = await verify([copy, '--junit', copy]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('error CLI003: --junit');
    expect(readFileSync(copy, 'utf8')).toBe(readFileSync(broken, 'utf8'));
  });

  it('a JUnit file that cannot be written still prints the report, exit 2', async () => {
    const r = await verify([broken, '--junit', '/dev/full']);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/R1/);
    expect(r.err).toContain('error CLI004: --junit "/dev/full" could not be written (the disk is full)');
  });
});

describe('emulate --flows and --emit-nft (plan only, no root needed)', () => {
  const FLOWS = 'src,dst,proto,sport,dport\n10.30.0.100,10.20.0.10,tcp,40000,443\n';

  it('bad rows are reported and counted and fail the run (exit 1) unless --allow-bad-rows', async () => {
    const flows = file('probes.csv', FLOWS + '10.30.0.100,10.20.0.300,tcp,40000,443\n');
    const r = await emulate([gateway, '--plan-only', '--flows', flows, '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.out);
    expect(out).toMatchObject({ ok: false, flowRows: 2, badRows: 1 });
    expect(out.diagnostics[0]).toMatchObject({ code: 'FLOW002', location: { line: 3 } });
    const text = await emulate([gateway, '--plan-only', '--flows', flows]);
    expect(text.code).toBe(1);
    expect(text.err).toContain(`${flows}:3:`);
    expect(text.err).toContain('1 of 2 flow rows bad and skipped: the run fails (exit 1)');
    const allowed = await emulate([gateway, '--plan-only', '--flows', flows, '--allow-bad-rows', '--json']);
    expect(allowed.code).toBe(0);
    expect(JSON.parse(allowed.out)).toMatchObject({ ok: true, badRows: 1 });
  });

  it('no flow that can be sent: exit 1, nothing emulated; an empty file: exit 2', async () => {
    const r = await emulate([gateway, '--plan-only', '--flows', file('none.csv', 'src,dst,proto,sport,dport\n10.30.0.100,10.20.0.10,gre,0,0\n')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/none\.csv:2: not sent: /);
    expect(r.err).toContain('can be sent as a probe');
    const empty = await emulate([gateway, '--plan-only', '--flows', file('empty.jsonl', '')]);
    expect(empty.code).toBe(2);
    expect(empty.err).toContain('FLOW008');
  });

  it('--emit-nft into a folder with foreign files or over the flow file is refused before any work', async () => {
    mkdirSync(path.join(dir, 'nft'));
    writeFileSync(path.join(dir, 'nft', 'keep.txt'), 'mine');
    const r = await emulate([gateway, '--plan-only', '--emit-nft', path.join(dir, 'nft'), '--sample', '3']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('error CLI002: --emit-nft');
    expect(readdirSync(path.join(dir, 'nft'))).toEqual(['keep.txt']);
    const flows = file('probes.csv', FLOWS);
    const over = await emulate([gateway, '--plan-only', '--flows', flows, '--emit-nft', dir]);
    expect(over.code).toBe(2);
    expect(over.err).toContain('error CLI003: --emit-nft');
  });

  it('--emit-nft replaces a previous run\'s folder as a whole', async () => {
    const out = path.join(dir, 'nft');
    mkdirSync(out);
    writeFileSync(path.join(out, 'old-node.nft'), 'stale');
    const r = await emulate([gateway, '--plan-only', '--emit-nft', out, '--sample', '3']);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['fw.nft', 'internet.nft', 'payroll.nft', 'term.nft', 'vdi-gw.nft', 'web.nft']);
    expect(readdirSync(dir)).toEqual(['nft']);
  });
});
