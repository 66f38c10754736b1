/**
 * `segproof … | head -1`: the reader takes the first line and goes away. Every kind of output (help, JSON,
 * reports far larger than a pipe's buffer) then ends quietly: no EPIPE stack trace, the command's own exit code.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliProcessArgs } from '../support/own-process.js';

const root = path.resolve(import.meta.dirname, '../..');

/** Runs the CLI from source as its own process and closes its stdout after the first line, as `head -1` does. */
function firstLineThenClose(args: string[]): Promise<{ code: number | null; first: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, cliProcessArgs(args), {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) child.stdout.destroy();
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, first: out.split('\n')[0]!, err }));
  });
}

const city = 'topologies/beta-prime-city.yaml';
const broken = 'topologies/broken/acl-opens-mn-to-inet.yaml';

describe('output read by `head -1`', () => {
  const cases: [string, string[], number, RegExp][] = [
    ['--help', ['--help'], 0, /^Usage: segproof/],
    ['describe --json', ['describe', city, '--json'], 0, /^\{$/],
    ['replay --all-pairs --json', ['replay', city, '--all-pairs', '--workers', '1', '--json'], 0, /^\{$/],
    // About 300 KB of text and 1 MB of JSON: most of it is written after the reader has gone.
    ['a long verify report', ['verify', broken], 1, /^Verifying /],
    ['a generated town (230 KB of YAML)', ['generate', '--staff', '700'], 0, /^# Synthetic municipality/],
    ['a long verify report in JSON', ['verify', broken, '--json'], 1, /^\{$/],
  ];
  for (const [name, args, code, first] of cases) {
    it(`${name}: ends quietly with exit ${code}`, async () => {
      const r = await firstLineThenClose(args);
      expect(r.first).toMatch(first);
      // Diagnostics of the input itself may appear on stderr; a write error or a stack trace may not.
      expect(r.err).not.toMatch(/EPIPE|cannot write|^\s+at /m);
      expect(r.code).toBe(code);
    }, 60_000);
  }
});
