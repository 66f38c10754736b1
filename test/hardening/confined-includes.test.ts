/**
 * Includes are confined and only regular files are read: real files, folders, symbolic links and FIFOs
 * in a temporary folder. Values of a file that is not a topology appear only as short escaped excerpts.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { renderDiagnostics, type Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { loadTopology, type LoadResult } from '../../src/topology/load.js';
import { readScenario } from '../../src/verify/scenario/load.js';

const HEADER = `segproof: 1
name: t
zones:
  inet: { class: INET }
  mn: { class: MN }
segments:
  inet-lan: { zone: inet, prefix: 10.30.0.0/24 }
`;
const PART = 'segments:\n  mn-lan: { zone: mn, prefix: 10.10.0.0/24 }\n';

let dir: string; // dir/city/main.yaml, dir/city/parts/…, dir/outside/…, dir/elsewhere (the working directory)
const city = () => path.join(dir, 'city');
/** A working directory that contains neither the topology nor the outside folder. */
const elsewhere = () => path.join(dir, 'elsewhere');

function write(rel: string, text: string): string {
  const file = path.join(dir, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

function topologyIncluding(name: string, include: string): string {
  return write(`city/${name}`, `${HEADER}include: [${JSON.stringify(include)}]\n`);
}

function problems(r: LoadResult): readonly Diagnostic[] {
  return r.ok ? r.warnings : r.diagnostics;
}

/** Runs with `cwd` as working directory: confinement counts the working directory as allowed. */
async function inDir<T>(cwd: string, run: () => Promise<T>): Promise<T> {
  const before = process.cwd();
  process.chdir(cwd);
  try {
    return await run();
  } finally {
    process.chdir(before);
  }
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  const code = await main(['node', 'segproof', ...args], io);
  return { code, out: io.out.join('\n'), err: io.err.join('\n') };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'segproof-confine-'));
  write('city/parts/mn.yaml', PART);
  write('outside/mn.yaml', PART);
  mkdirSync(path.join(dir, 'elsewhere'));
  write('outside/passwd.txt', 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nbin:x:2:2:bin:/bin:/usr/sbin/nologin\n');
  write('outside/secret.txt', 'root:$6$saltsalt$0123456789abcdefghijklmnopqrstuvwxyzABCDEFGH:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n');
  symlinkSync(path.join(dir, 'outside', 'mn.yaml'), path.join(dir, 'city', 'parts', 'link.yaml'));
  symlinkSync(path.join(dir, 'outside'), path.join(dir, 'city', 'parts', 'linked-folder'));
  execFileSync('mkfifo', [path.join(dir, 'city', 'parts', 'fifo.yaml')]);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('includes are confined to allowed folders', () => {
  it('reads an include inside the main file\'s folder', async () => {
    const r = await inDir(elsewhere(), () => loadTopology(topologyIncluding('ok.yaml', 'parts/mn.yaml')));
    expect(r.ok, renderDiagnostics(problems(r))).toBe(true);
  });

  it('refuses "../outside/…" with TOPO005 at the include entry, without reading it', async () => {
    const file = topologyIncluding('up.yaml', '../outside/mn.yaml');
    const r = await inDir(elsewhere(), () => loadTopology(file));
    expect(r.ok).toBe(false);
    const [d] = problems(r);
    expect(d?.code).toBe('TOPO005');
    expect(d?.location).toMatchObject({ file, line: 8, column: 11 });
    expect(d?.expected).toContain('--include-root');
    expect(d?.hint).toContain('--include-root <dir>');
  });

  it('refuses an absolute path such as /etc/passwd, and never prints its content', async () => {
    const r = await inDir(elsewhere(), () => loadTopology(topologyIncluding('passwd.yaml', '/etc/passwd')));
    expect(problems(r).map((d) => d.code)).toEqual(['TOPO005']);
    expect(renderDiagnostics(problems(r))).not.toContain('root:');
  });

  it('refuses a symbolic link inside the folder that leads outside (file or folder), judged by realpath', async () => {
    for (const include of ['parts/link.yaml', 'parts/linked-folder/mn.yaml']) {
      const r = await inDir(elsewhere(), () => loadTopology(topologyIncluding('link.yaml', include)));
      const [d] = problems(r);
      expect(d?.code).toBe('TOPO005');
      expect(d?.message).toContain('a symbolic link leads to');
    }
  });

  it('allows another folder with includeRoots (--include-root), and the working directory', async () => {
    const file = topologyIncluding('up2.yaml', '../outside/mn.yaml');
    const viaRoot = await inDir(elsewhere(), () => loadTopology(file, { includeRoots: [path.join(dir, 'outside')] }));
    expect(viaRoot.ok, renderDiagnostics(problems(viaRoot))).toBe(true);
    const viaLink = await inDir(elsewhere(), () => loadTopology(topologyIncluding('link2.yaml', 'parts/link.yaml'), { includeRoots: [path.join(dir, 'outside')] }));
    expect(viaLink.ok, renderDiagnostics(problems(viaLink))).toBe(true);
    const viaCwd = await inDir(dir, () => loadTopology(file));
    expect(viaCwd.ok, renderDiagnostics(problems(viaCwd))).toBe(true);
  });

  it('an allowed file that is not a topology is not quoted line by line, at most as one short excerpt', async () => {
    const outside = { includeRoots: [path.join(dir, 'outside')] };
    // Parses as a mapping whose keys are the lines: one diagnostic, no line of it.
    const shadow = await inDir(elsewhere(), () => loadTopology(topologyIncluding('secret.yaml', '../outside/secret.txt'), outside));
    expect(problems(shadow).map((d) => d.code)).toEqual(['TOPO010']);
    expect(problems(shadow)[0]?.message).toBe('this file is not a segproof topology: none of its 2 top-level keys is a section of the format');
    expect(renderDiagnostics(problems(shadow))).not.toMatch(/root:|daemon/);
    // Parses as one long string: quoted as its first 40 characters.
    const passwd = await inDir(elsewhere(), () => loadTopology(topologyIncluding('passwd2.yaml', '../outside/passwd.txt'), outside));
    const text = renderDiagnostics(problems(passwd));
    expect(text).toContain('error TOPO012: the file is string "root:x:0:0:root:/root:/bin/bash daemon:x…"');
    expect(text).not.toContain('/usr/sbin/nologin');
  });
});

describe('only regular files are read', () => {
  it('refuses a FIFO include at once with TOPO006 (no writer: reading it would block forever)', async () => {
    const r = await inDir(elsewhere(), () => loadTopology(topologyIncluding('fifo.yaml', 'parts/fifo.yaml')));
    const [d] = problems(r);
    expect(d?.code).toBe('TOPO006');
    expect(d?.message).toContain('a named pipe (FIFO)');
  }, 5000);

  it('refuses a FIFO or /dev/zero named on the command line with TOPO006 and exit code 2', async () => {
    for (const file of [path.join(city(), 'parts', 'fifo.yaml'), '/dev/zero']) {
      const r = await cli(['validate', file]);
      expect(r.code).toBe(2);
      expect(r.err).toContain('error TOPO006');
      expect(r.err).toContain('not a regular file');
      expect(r.err).toContain('hint: ');
    }
  }, 5000);

  it('refuses /dev/zero as an include even when /dev is an allowed root', async () => {
    const r = await inDir(elsewhere(), () => loadTopology(topologyIncluding('zero.yaml', '/dev/zero'), { includeRoots: ['/dev'] }));
    expect(problems(r).map((d) => d.code)).toEqual(['TOPO006']);
    expect(problems(r)[0]?.message).toContain('a character device');
  }, 5000);

  it('refuses a FIFO given as a scenario with SCEN001', async () => {
    const r = await readScenario(path.join(city(), 'parts', 'fifo.yaml'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics[0]?.message).toContain('not a regular file');
  }, 5000);
});

describe('--include-root on the command line', () => {
  const commands = ['validate', 'describe', 'trace', 'verify', 'replay', 'emulate'];

  it('is an option of every command that loads a topology', async () => {
    for (const command of commands) {
      const r = await cli([command, '--help']);
      expect(r.out, command).toContain('--include-root <dir>');
    }
  });

  it('repeats, lets validate read the allowed folder, and is bad input when it is not a folder', async () => {
    const file = topologyIncluding('cli.yaml', '../outside/mn.yaml');
    const refused = await inDir(elsewhere(), () => cli(['validate', file]));
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('error TOPO005');
    const allowed = await inDir(elsewhere(), () => cli(['validate', file, '--include-root', '/usr', '--include-root', path.join(dir, 'outside')]));
    expect(allowed.code, allowed.err).toBe(0);
    const missing = await cli(['validate', file, '--include-root', path.join(dir, 'no-such-folder')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('error CLI001: --include-root');
  });
});
