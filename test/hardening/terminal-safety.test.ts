/**
 * Terminal safety: control characters in names, paths and values never reach a terminal (or an emitted
 * nftables file) raw, and `segproof … | head` ends quietly.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, closeSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTable } from '../../src/cli/table.js';
import { renderDiagnostic, renderDiagnostics } from '../../src/diagnostics/diagnostic.js';
import { escapeBlock, escapeControl, excerpt } from '../../src/diagnostics/escape.js';
import { compileFilteringNode } from '../../src/emulate/nft.js';
import { loadTopology } from '../../src/topology/load.js';
import type { FilteringNode } from '../../src/topology/model.js';
import { cliProcessArgs } from '../support/own-process.js';

const root = path.resolve(import.meta.dirname, '../..');
/** Raw terminal controls: C0 except newline and tab, DEL, C1 (U+009B is CSI), bidi overrides. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const TOPOLOGY = `segproof: 1
name: t
zones:
  inet: { class: INET }
  mn: { class: MN }
segments:
  inet-lan: { zone: inet, prefix: 10.30.0.0/24 }
  mn-lan: { zone: mn, prefix: 10.10.0.0/24 }
nodes:
  fw:
    kind: firewall
    zone: mn
    interfaces:
      inet: { segment: inet-lan, address: 10.30.0.1 }
      mn: { segment: mn-lan, address: 10.10.0.1 }
    acls:
      - name: inet-in
        bind: { interface: inet, direction: in }
        default: deny
        rules:
          - { name: web, action: permit, service: tcp/443 }
`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'segproof-tty-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI from source in its own process; `stdout: 'closed'` closes the pipe before it writes. */
function runCli(args: string[], stdout: 'pipe' | 'closed' | number = 'pipe'): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, cliProcessArgs(args), {
      cwd: root,
      stdio: ['ignore', typeof stdout === 'number' ? stdout : 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    if (stdout === 'closed') child.stdout?.destroy();
    else child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('escaping', () => {
  it('makes every control character visible, once', () => {
    const nasty = 'a\u001b[2Jb\u0007c\u0000d\re\nf\tg\u007fh\u009bi\u202ej';
    const escaped = escapeControl(nasty);
    expect(escaped).toBe('a\\x1b[2Jb\\x07c\\x00d\\re\\nf\\tg\\u007fh\\u009bi\\u202ej');
    expect(escaped).not.toMatch(RAW_CONTROL);
    expect(escapeControl(escaped)).toBe(escaped);
    expect(escapeControl('十日町市 / beta-prime 10.0.0.0/8')).toBe('十日町市 / beta-prime 10.0.0.0/8');
  });

  it('keeps the lines of a block and the meaning of JSON', () => {
    const value = { name: 'x\u009b31m\u007f\u202e', list: ['\u001b]0;title\u0007'] };
    const json = JSON.stringify(value, null, 2);
    const safe = escapeBlock(json);
    expect(safe).not.toMatch(RAW_CONTROL);
    expect(JSON.parse(safe)).toEqual(value);
    expect(escapeBlock('one\n\ttwo\r\n')).toBe('one\n\ttwo\\r\n');
  });

  it('shortens excerpts by code point', () => {
    expect(excerpt('x'.repeat(100))).toBe(`${'x'.repeat(40)}…`);
    expect(excerpt('😀'.repeat(50), 3)).toBe('😀😀😀…');
    expect(excerpt('ab\ncd')).toBe('ab\\ncd');
  });

  it('renders each diagnostic field on one line, escaped', () => {
    const text = renderDiagnostic({
      code: 'TOPO024',
      severity: 'error',
      message: 'unknown name "\u001b[31mred\nfake.yaml:1:1: error TOPO001: forged"',
      location: { file: 'dir\r/evil\u0007.yaml', line: 3, column: 5 },
      expected: 'x\u0000',
      hint: 'y\u009b',
      notes: ['included from a\nb.yaml:1:1'],
    });
    expect(text).not.toMatch(RAW_CONTROL);
    expect(text.split('\n')).toHaveLength(4); // message, expected, hint, note
    expect(text.split('\n')[0]).toBe('dir\\r/evil\\x07.yaml:3:5: error TOPO024: unknown name "\\x1b[31mred\\nfake.yaml:1:1: error TOPO001: forged"');
  });
});

describe('file names with control characters', () => {
  it('are escaped in diagnostics of a missing include', async () => {
    const file = path.join(dir, 'inc.yaml');
    writeFileSync(file, `${TOPOLOGY}include: ["parts/\\e[2Jgone\\nnote: forged.yaml"]\n`);
    const r = await loadTopology(file);
    expect(r.ok).toBe(false);
    const text = renderDiagnostics(r.ok ? [] : r.diagnostics);
    expect(text).toContain('error TOPO002');
    expect(text).toContain('parts/\\x1b[2Jgone\\nnote: forged.yaml');
    expect(text).not.toMatch(RAW_CONTROL);
    expect(text.split('\n').filter((l) => l.startsWith('note: forged'))).toEqual([]);
  });

  it('cannot inject a statement into an emitted nftables rule set', async () => {
    const sub = path.join(dir, 'x\nflush ruleset\n');
    mkdirSync(sub);
    const file = path.join(sub, 'city\u001b.yaml');
    writeFileSync(file, TOPOLOGY);
    const r = await loadTopology(file);
    if (!r.ok) throw new Error(renderDiagnostics(r.diagnostics));
    const nft = compileFilteringNode(r.topology, r.topology.nodes.get('fw') as FilteringNode, (name) => `e-${name}`);
    expect(nft).toContain('\\nflush ruleset\\n/city\\x1b.yaml');
    expect(nft.split('\n').filter((line) => /^\s*flush\b/.test(line))).toEqual([]);
    expect(nft).not.toMatch(RAW_CONTROL);
  });

  it('are escaped in everything the CLI prints (validate, trace)', async () => {
    const sub = path.join(dir, 'esc\u001b]0;pwned\u0007');
    mkdirSync(sub, { recursive: true });
    const file = path.join(sub, 'city\r.yaml');
    writeFileSync(file, TOPOLOGY);
    const validate = await runCli(['validate', file]);
    expect(validate.code).toBe(0);
    expect(validate.out).toContain('esc\\x1b]0;pwned\\x07/city\\r.yaml: valid');
    const trace = await runCli(['trace', file, '--from', 'inet-lan', '--to', '10.10.0.1', '--dport', '443']);
    expect(trace.code, trace.err).toBe(0);
    expect(trace.out).toContain('\\x1b]0;pwned\\x07/city\\r.yaml:');
    for (const text of [validate.out, validate.err, trace.out, trace.err]) expect(text).not.toMatch(RAW_CONTROL);
  }, 60_000);
});

describe('closed or failing stdout', () => {
  it('a reader that went away (`| head`) ends the run quietly with its own exit code', async () => {
    const r = await runCli(['describe', 'topologies/beta-prime-city.yaml'], 'closed');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  }, 60_000);

  it('a stdout that cannot be written (a full disk) is one line on stderr and exit code 2, not a stack trace', async () => {
    const full = openSync('/dev/full', 'w');
    try {
      const r = await runCli(['describe', 'topologies/beta-prime-city.yaml'], full);
      expect(r.err).toBe('segproof: cannot write to stdout (ENOSPC); the output is incomplete.\n');
      expect(r.code).toBe(2);
    } finally {
      closeSync(full);
    }
  }, 60_000);
});

describe('describe', () => {
  it('keeps one table row per segment when a free-text value holds a newline', () => {
    const table = renderTable(['segment', 'site'], [['lan', 'hq\nfake-row  x'], ['dmz', 'dc\u001b[8m']]);
    expect(table.split('\n')).toHaveLength(4);
    expect(table).toContain('hq\\nfake-row  x');
    expect(table).not.toMatch(RAW_CONTROL);
  });
});
