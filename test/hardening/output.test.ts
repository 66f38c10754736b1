/**
 * src/cli/output.ts: outputs are checked before the work and written atomically; a write that fails
 * (or a process that exits) midway leaves the previous file or folder and no temporary.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkOutputs, writeFailure, writeFileAtomic, writeFolderAtomic, writeTextAtomic } from '../../src/cli/output.js';
import { renderDiagnostic } from '../../src/diagnostics/diagnostic.js';
import { segproofModules } from '../support/own-process.js';

const root = path.resolve(import.meta.dirname, '../..');
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'segproof-output-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const isNft = (name: string) => name.endsWith('.nft');

describe('writeFileAtomic', () => {
  it('a write that throws midway leaves the previous file intact and no temporary file', async () => {
    const target = path.join(dir, 'fates.jsonl');
    writeFileSync(target, 'previous complete content\n');
    await expect(writeFileAtomic(target, async (sink) => {
      await sink.write('{"index":0}\n'.repeat(10_000));
      throw new Error('killed midway');
    })).rejects.toThrow('killed midway');
    expect(readFileSync(target, 'utf8')).toBe('previous complete content\n');
    expect(readdirSync(dir)).toEqual(['fates.jsonl']);
  });

  it('a failed first write leaves no file at all', async () => {
    const target = path.join(dir, 'new.xml');
    await expect(writeFileAtomic(target, () => {
      throw new Error('no');
    })).rejects.toThrow('no');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('replaces the file only when complete, keeps its mode, and writes through a symbolic link', async () => {
    const real = path.join(dir, 'report.xml');
    writeFileSync(real, 'old');
    chmodSync(real, 0o640);
    const link = path.join(dir, 'link.xml');
    symlinkSync(real, link);
    await writeTextAtomic(link, 'new');
    expect(readFileSync(real, 'utf8')).toBe('new');
    expect(statSync(real).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir).sort()).toEqual(['link.xml', 'report.xml']);
  });

  it('a process that exits midway leaves the previous file and removes its temporary', () => {
    const target = path.join(dir, 'out.yaml');
    writeFileSync(target, 'previous\n');
    const modules = segproofModules();
    const script = `
      import { writeFileAtomic } from ${JSON.stringify(pathToFileURL(path.join(modules.folder, 'cli/output.js')).href)};
      await writeFileAtomic(${JSON.stringify(target)}, async (sink) => { await sink.write('partial'); process.exit(3); });
    `;
    const r = spawnSync(process.execPath, [...modules.nodeOptions, '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(3);
    expect(readFileSync(target, 'utf8')).toBe('previous\n');
    expect(readdirSync(dir)).toEqual(['out.yaml']);
  });

  it('a device is written in place, and a full disk is reported as CLI004', async () => {
    const error = await writeTextAtomic('/dev/full', 'x').catch((e: unknown) => e);
    expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
    expect(renderDiagnostic(writeFailure({ option: '--out', path: '/dev/full' }, error))).toBe(
      '<input>: error CLI004: --out "/dev/full" could not be written (the disk is full); the previous file, if any, is unchanged.\n'
      + '  expected: an output that can be written completely\n  hint: free some space or choose another path, then run again',
    );
  });
});

describe('writeFolderAtomic', () => {
  it('a failure midway leaves the previous folder as it was and no temporary folder', async () => {
    const target = path.join(dir, 'nft');
    mkdirSync(target);
    writeFileSync(path.join(target, 'fw.nft'), 'old rules');
    await expect(writeFolderAtomic(target, async (folder) => {
      writeFileSync(path.join(folder, 'fw.nft'), 'new rules');
      throw new Error('killed midway');
    }, isNft)).rejects.toThrow('killed midway');
    expect(readdirSync(dir)).toEqual(['nft']);
    expect(readdirSync(target)).toEqual(['fw.nft']);
    expect(readFileSync(path.join(target, 'fw.nft'), 'utf8')).toBe('old rules');
  });

  it('replaces a folder of a previous run as a whole (no stale files of removed nodes)', async () => {
    const target = path.join(dir, 'nft');
    mkdirSync(target);
    writeFileSync(path.join(target, 'removed-node.nft'), 'stale');
    await writeFolderAtomic(target, async (folder) => writeFileSync(path.join(folder, 'fw.nft'), 'new'), isNft);
    expect(readdirSync(target)).toEqual(['fw.nft']);
    expect(readdirSync(dir)).toEqual(['nft']);
  });

  it('never deletes files it did not write', async () => {
    const target = path.join(dir, 'nft');
    mkdirSync(target);
    writeFileSync(path.join(target, 'notes.txt'), 'mine');
    await expect(writeFolderAtomic(target, async (folder) => writeFileSync(path.join(folder, 'fw.nft'), 'new'), isNft)).rejects.toThrow(/notes\.txt/);
    expect(readdirSync(target)).toEqual(['notes.txt']);
    expect(readdirSync(dir)).toEqual(['nft']);
  });
});

describe('checkOutputs', () => {
  const codes = async (targets: Parameters<typeof checkOutputs>[0], inputs: string[] = []) =>
    (await checkOutputs(targets, inputs)).map((d) => `${d.code} ${d.message}`);

  it('a missing folder, a folder where a file is expected and a file inside a file are CLI002', async () => {
    writeFileSync(path.join(dir, 'plain'), '');
    mkdirSync(path.join(dir, 'sub'));
    expect(await codes([
      { option: '--out', path: path.join(dir, 'missing', 'x.jsonl'), kind: 'file' },
      { option: '--junit', path: path.join(dir, 'sub'), kind: 'file' },
      { option: '-o', path: path.join(dir, 'plain', 'x.yaml'), kind: 'file' },
      { option: '--emit-nft', path: path.join(dir, 'plain'), kind: 'folder' },
    ])).toEqual([
      `CLI002 --out "${path.join(dir, 'missing', 'x.jsonl')}": the folder "${path.join(dir, 'missing')}" does not exist.`,
      `CLI002 --junit "${path.join(dir, 'sub')}" is a folder.`,
      `CLI002 -o "${path.join(dir, 'plain', 'x.yaml')}": a part of the path is a file, not a folder.`,
      `CLI002 --emit-nft "${path.join(dir, 'plain')}" is a file, not a folder.`,
    ]);
  });

  it('a folder holding files segproof did not write is refused', async () => {
    mkdirSync(path.join(dir, 'nft'));
    writeFileSync(path.join(dir, 'nft', 'README'), '');
    expect(await codes([{ option: '--emit-nft', path: path.join(dir, 'nft'), kind: 'folder', replaceable: isNft }])).toEqual([
      `CLI002 --emit-nft "${path.join(dir, 'nft')}" already holds other files (README); segproof replaces the folder as a whole and will not delete them.`,
    ]);
  });

  it.skipIf(process.getuid?.() === 0)('a read-only folder is CLI002', async () => {
    mkdirSync(path.join(dir, 'ro'), 0o555);
    expect((await codes([{ option: '--out', path: path.join(dir, 'ro', 'x'), kind: 'file' }]))[0]).toMatch(/^CLI002 .* is not writable/);
  });

  it('an output that is an input, by another spelling, a symbolic link or a hard link, is CLI003', async () => {
    const topology = path.join(dir, 'city.yaml');
    writeFileSync(topology, 'segproof: 1\n');
    symlinkSync(topology, path.join(dir, 'alias.yaml'));
    linkSync(topology, path.join(dir, 'hard.yaml'));
    mkdirSync(path.join(dir, 'inc'));
    writeFileSync(path.join(dir, 'inc', 'zones.nft'), '');
    const inputs = [path.relative(process.cwd(), topology), path.join(dir, 'inc', 'zones.nft')];
    expect(await codes([
      { option: '--out', path: path.join(dir, 'inc', '..', 'city.yaml'), kind: 'file' },
      { option: '--junit', path: path.join(dir, 'alias.yaml'), kind: 'file' },
      { option: '-o', path: path.join(dir, 'hard.yaml'), kind: 'file' },
      { option: '--emit-nft', path: path.join(dir, 'inc'), kind: 'folder', replaceable: isNft },
      { option: '--out', path: path.join(dir, 'fresh.jsonl'), kind: 'file' },
    ], inputs)).toEqual([
      `CLI003 --out "${path.join(dir, 'inc', '..', 'city.yaml')}" would overwrite the input file "${inputs[0]}".`,
      `CLI003 --junit "${path.join(dir, 'alias.yaml')}" would overwrite the input file "${inputs[0]}".`,
      `CLI003 -o "${path.join(dir, 'hard.yaml')}" would overwrite the input file "${inputs[0]}".`,
      `CLI003 --emit-nft "${path.join(dir, 'inc')}" would overwrite the input file "${inputs[1]}".`,
    ]);
  });
});
