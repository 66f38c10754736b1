/** `segproof emulate` without touching the kernel: --plan-only with --emit-nft, and bad arguments. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerEmulateCommand } from '../../src/cli/commands/emulate.js';
import { memoryIo } from '../../src/cli/io.js';

const here = path.dirname(fileURLToPath(import.meta.url));

async function runCli(args: string[]) {
  const io = memoryIo();
  let code = -1;
  const program = new Command('segproof').exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerEmulateCommand(program, io, (c) => (code = c));
  await program.parseAsync(['node', 'segproof', 'emulate', ...args]);
  return { code, out: io.out.join('\n'), err: io.err.join('\n') };
}

describe('segproof emulate', () => {
  it('--plan-only --emit-nft writes one readable rule set per node without root', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'segproof-nft-'));
    try {
      const r = await runCli([path.join(here, 'fixtures/firewall-gateway.yaml'), '--plan-only', '--emit-nft', dir, '--sample', '10']);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/6 namespaces \+ fabric sp[0-9a-f]{6}\.fabric with 3 bridges/);
      expect(readdirSync(dir).sort()).toEqual(['fw.nft', 'internet.nft', 'payroll.nft', 'term.nft', 'vdi-gw.nft', 'web.nft']);
      const fw = readFileSync(path.join(dir, 'fw.nft'), 'utf8');
      expect(fw).toContain('comment "inet-to-lg: permit rule payroll-https');
      expect(fw).toContain('table inet segproof_probe');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--help explains how large topologies are kept within the kernel neighbour table', async () => {
    const io = memoryIo();
    const program = new Command('segproof').exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
    registerEmulateCommand(program, io, () => undefined);
    await expect(program.parseAsync(['node', 'segproof', 'emulate', '--help'])).rejects.toThrow();
    const help = io.out.join('\n');
    expect(help).toContain('Large topologies:');
    expect(help).toMatch(/gc_thresh3\s+\(now \d+; segproof reads it and never changes it\)/);
    expect(help).toContain('refused (exit 2)');
  });

  it('rejects --flows with --sample and a bad number with exit 2', async () => {
    const file = path.join(here, 'fixtures/firewall-gateway.yaml');
    expect((await runCli([file, '--flows', 'x.csv', '--sample', '3'])).code).toBe(2);
    const bad = await runCli([file, '--sample', 'many']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--sample "many" is not a whole number');
  });
});
