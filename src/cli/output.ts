/**
 * Output files of every command (`replay --out`, `verify --junit`, `emulate --emit-nft`, `generate -o`):
 * checked before the work starts, and written atomically when it is done.
 *
 * Checks (`checkOutputs`): the parent folder exists and is writable, a file target is not a folder, a
 * folder target is not a file and holds nothing but what segproof itself would write there, and no
 * output is (or, for a folder, contains) an input file of the run: paths are compared after resolving
 * symbolic links, and existing files also by device and inode (hard links). Problems are CLI002 / CLI003.
 *
 * Writes (`writeFileAtomic`, `writeFolderAtomic`): into a temporary file (or folder) in the target's
 * own folder, synced, then renamed over the target. A run that fails or is killed leaves the previous
 * file or none, never a truncated one; a failed write removes its temporary file, and a process that
 * exits through `process.exit` removes the ones still open. Only SIGKILL or a power cut can leave a
 * temporary behind: a hidden `.<name>.segproof-*.tmp` next to the target, never the target itself.
 * A target that exists and is not a regular file or folder (a FIFO, /dev/stdout, /dev/null) is written
 * in place: renaming over a device would replace it.
 */
import { randomBytes } from 'node:crypto';
import { rmSync, constants as fsConstants, type Stats } from 'node:fs';
import { access, chmod, mkdtemp, open, readdir, realpath, rename, rm, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';

export interface OutputTarget {
  /** The option that named it, for messages: `--out`, `--junit`, `--emit-nft`, `-o`. */
  readonly option: string;
  readonly path: string;
  readonly kind: 'file' | 'folder';
  /** For a folder: names that may already be in it (they are replaced as a whole). */
  readonly replaceable?: ((name: string) => boolean) | undefined;
}

function outputProblem(code: 'CLI002' | 'CLI003' | 'CLI004', message: string, expected: string, hint: string): Diagnostic {
  return { code, severity: 'error', message, location: undefined, expected, hint };
}

function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

async function statOrUndefined(file: string): Promise<Stats | undefined> {
  try {
    return await stat(file);
  } catch {
    return undefined;
  }
}

/** The real path a target will have: itself when it exists, else its real parent folder + its name. */
async function realTarget(target: string): Promise<string> {
  try {
    return await realpath(target);
  } catch {
    const parent = path.dirname(path.resolve(target));
    try {
      return path.join(await realpath(parent), path.basename(target));
    } catch {
      return path.resolve(target);
    }
  }
}

interface InputIdentity {
  readonly file: string;
  readonly real: string;
  readonly dev: number | undefined;
  readonly ino: number | undefined;
}

async function inputIdentity(file: string): Promise<InputIdentity> {
  const s = await statOrUndefined(file);
  return { file, real: await realTarget(file), dev: s?.dev, ino: s?.ino };
}

/**
 * Checks every output before the work starts; the inputs are the run's own files (topology and its
 * includes, flow file, scenario, expectations), which no output may overwrite. Never throws.
 */
export async function checkOutputs(targets: readonly OutputTarget[], inputs: readonly (string | undefined)[]): Promise<Diagnostic[]> {
  const problems: Diagnostic[] = [];
  const identities = await Promise.all(inputs.filter((f): f is string => f !== undefined && f !== '').map(inputIdentity));
  for (const t of targets) {
    const problem = await checkOutput(t, identities);
    if (problem) problems.push(problem);
  }
  return problems;
}

async function checkOutput(t: OutputTarget, inputs: readonly InputIdentity[]): Promise<Diagnostic | undefined> {
  const what = t.kind === 'file' ? 'a file' : 'a folder';
  if (t.path.trim() === '') {
    return outputProblem('CLI002', `${t.option} names no path.`, `the path of ${what} to write`, `give ${t.option} a path, for example ${t.option} ${t.kind === 'file' ? 'report.out' : 'nft'}`);
  }
  const parent = path.dirname(path.resolve(t.path));
  let existing: Stats | undefined;
  try {
    existing = await stat(t.path);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOTDIR') {
      return outputProblem('CLI002', `${t.option} "${t.path}": a part of the path is a file, not a folder.`, `${what} in an existing folder`, 'check the path');
    }
    if (code !== 'ENOENT') {
      return outputProblem('CLI002', `${t.option} "${t.path}" cannot be used (${code ?? String(error)}).`, `${what} that segproof may write`, 'check the path and its permissions');
    }
  }
  if (existing === undefined) {
    const p = await statOrUndefined(parent);
    if (p === undefined) {
      return outputProblem('CLI002', `${t.option} "${t.path}": the folder "${parent}" does not exist.`, `${what} in an existing folder`, `create the folder first (mkdir -p ${parent}) or choose another path`);
    }
    if (!p.isDirectory()) {
      return outputProblem('CLI002', `${t.option} "${t.path}": "${parent}" is not a folder.`, `${what} in an existing folder`, 'check the path');
    }
  } else if (t.kind === 'file' && existing.isDirectory()) {
    return outputProblem('CLI002', `${t.option} "${t.path}" is a folder.`, 'the path of a file to write', `name a file, for example ${path.join(t.path, 'report.out')}`);
  } else if (t.kind === 'folder' && !existing.isDirectory()) {
    return outputProblem('CLI002', `${t.option} "${t.path}" is a file, not a folder.`, 'the path of a folder to write into', 'choose a new folder name, or remove the file');
  }
  const writable = existing !== undefined && !existing.isFile() && !existing.isDirectory() ? t.path : parent;
  try {
    await access(writable, fsConstants.W_OK);
  } catch (error) {
    return outputProblem('CLI002', `${t.option} "${t.path}": "${writable}" is not writable (${errnoCode(error) ?? String(error)}).`, `${what} in a folder segproof may write to`, 'check the permissions, or choose another path');
  }
  const real = await realTarget(t.path);
  for (const input of inputs) {
    const same = input.real === real || (existing !== undefined && input.ino !== undefined && input.dev === existing.dev && input.ino === existing.ino);
    const inside = t.kind === 'folder' && input.real.startsWith(`${real}${path.sep}`);
    if (same || inside) {
      return outputProblem('CLI003', `${t.option} "${t.path}" would overwrite the input file "${input.file}".`, 'an output path different from every input of the run', 'write the output somewhere else');
    }
  }
  if (t.kind === 'folder' && existing !== undefined) {
    let entries: string[];
    try {
      entries = await readdir(t.path);
    } catch (error) {
      return outputProblem('CLI002', `${t.option} "${t.path}" cannot be read (${errnoCode(error) ?? String(error)}).`, 'a folder segproof may replace', 'check its permissions');
    }
    const foreign = entries.filter((e) => !(t.replaceable?.(e) ?? false));
    if (foreign.length > 0) {
      return outputProblem('CLI002', `${t.option} "${t.path}" already holds other files (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''}); segproof replaces the folder as a whole and will not delete them.`, 'a new folder, an empty one, or one written by segproof before', 'choose a new folder name');
    }
  }
  return undefined;
}

/** Renders a failed write as CLI004 (for the end of a run: the report is printed anyway, exit 2). */
export function writeFailure(t: Pick<OutputTarget, 'option' | 'path'>, error: unknown): Diagnostic {
  const code = errnoCode(error);
  const reason = code === 'ENOSPC' ? 'the disk is full' : code === 'EDQUOT' ? 'the disk quota is exceeded' : code ?? (error instanceof Error ? error.message : String(error));
  return outputProblem('CLI004', `${t.option} "${t.path}" could not be written (${reason}); the previous file, if any, is unchanged.`, 'an output that can be written completely', 'free some space or choose another path, then run again');
}

/** Temporaries still open, removed if the process exits before they are renamed or cleaned up. */
const openTemporaries = new Set<string>();
let exitHookInstalled = false;

function track(temp: string): void {
  openTemporaries.add(temp);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const t of openTemporaries) {
        try {
          rmSync(t, { recursive: true, force: true });
        } catch {
          // Best effort while exiting.
        }
      }
    });
  }
}

function untrack(temp: string): void {
  openTemporaries.delete(temp);
}

function temporaryName(target: string, suffix: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.segproof-${process.pid}-${randomBytes(4).toString('hex')}${suffix}`);
}

export interface OutputSink {
  write(chunk: string): Promise<void>;
}

/**
 * Writes a file atomically: `produce` writes into a temporary file beside the target, which replaces the
 * target only when `produce` has finished; if anything throws, the temporary is removed and the target is
 * left as it was. Symbolic links are followed (the file they point to is replaced, not the link).
 */
export async function writeFileAtomic(target: string, produce: (sink: OutputSink) => Promise<void> | void): Promise<void> {
  const existing = await statOrUndefined(target);
  if (existing !== undefined && !existing.isFile() && !existing.isDirectory()) {
    // A FIFO or device: written in place.
    const handle = await open(target, 'w');
    try {
      await produce(sinkOf(handle));
    } finally {
      await handle.close();
    }
    return;
  }
  const real = await realTarget(target);
  const temp = temporaryName(real, '.tmp');
  track(temp);
  let handle: FileHandle | undefined;
  try {
    handle = await open(temp, 'wx', 0o666);
    if (existing !== undefined) await chmod(temp, existing.mode & 0o7777);
    await produce(sinkOf(handle));
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, real);
    untrack(temp);
  } catch (error) {
    if (handle !== undefined) await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    untrack(temp);
    throw error;
  }
}

/** A string written whole into a file, atomically. */
export function writeTextAtomic(target: string, text: string): Promise<void> {
  return writeFileAtomic(target, (sink) => sink.write(text));
}

function sinkOf(handle: FileHandle): OutputSink {
  return {
    async write(chunk: string): Promise<void> {
      const data = Buffer.from(chunk, 'utf8');
      let offset = 0;
      while (offset < data.length) {
        const { bytesWritten } = await handle.write(data, offset, data.length - offset);
        offset += bytesWritten;
      }
    },
  };
}

/**
 * Writes a folder as a whole: `produce` fills a temporary folder beside the target, which then takes the
 * target's place (the previous folder is moved aside and removed, only when everything in it is
 * `replaceable`). A failure leaves the previous folder, or none; never a half-written one.
 */
export async function writeFolderAtomic(target: string, produce: (folder: string) => Promise<void>, replaceable: (name: string) => boolean): Promise<void> {
  const real = await realTarget(target);
  const prefix = temporaryName(real, '');
  const temp = await mkdtemp(`${prefix}-`);
  track(temp);
  try {
    await produce(temp);
    const existing = await statOrUndefined(real);
    if (existing === undefined) {
      await rename(temp, real);
      untrack(temp);
      return;
    }
    if (!existing.isDirectory()) throw Object.assign(new Error(`${target} is not a folder`), { code: 'ENOTDIR' });
    const foreign = (await readdir(real)).filter((e) => !replaceable(e));
    if (foreign.length > 0) throw Object.assign(new Error(`${target} holds files segproof did not write (${foreign.join(', ')})`), { code: 'ENOTEMPTY' });
    const old = temporaryName(real, '.old');
    await rename(real, old);
    track(old);
    try {
      await rename(temp, real);
    } catch (error) {
      await rename(old, real).catch(() => undefined);
      untrack(old);
      throw error;
    }
    untrack(temp);
    await rm(old, { recursive: true, force: true });
    untrack(old);
  } catch (error) {
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    untrack(temp);
    throw error;
  }
}

