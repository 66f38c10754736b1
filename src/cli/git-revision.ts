/**
 * `segproof diff --git <rev> <file>`: the topology as it is in a git revision, includes and all.
 *
 * The revision's whole tree is checked out into a temporary folder through a temporary index
 * (`git read-tree` + `git checkout-index`; the repository's own index and work tree are never touched),
 * so every include resolves exactly as it would in a checkout of that revision: relative paths, `..`,
 * symbolic links. Include roots inside the repository (the working directory, `--include-root`) are
 * mapped into that tree; roots outside it are read as they are now. The folder is removed as soon as the
 * topology is loaded, and on every other way out: an error, `process.exit`, SIGINT, SIGTERM, SIGHUP.
 *
 * Paths in diagnostics and in the loaded model name the temporary folder; `relabel` turns them into
 * `<rev>:<path in the repository>` in any JSON data made from them (a DiffReport).
 */
import { execFile } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { truncateValue } from '../diagnostics/diagnostic.js';
import { MB, parseMaxInputMb } from '../topology/input-limits.js';
import { loadTopology } from '../topology/load.js';
import type { Topology } from '../topology/model.js';
import type { InputOptions } from './load-topology.js';

export type RevisionLoad<T> =
  | {
      readonly ok: true;
      readonly topology: Topology;
      readonly warnings: readonly Diagnostic[];
      /** `<rev>:<path in the repository>`, for reports. */
      readonly label: string;
      /** Turns paths under the (removed) temporary tree into `<rev>:<path>` in JSON-like data. */
      readonly relabel: <V>(value: V) => V;
      /** What `whileCheckedOut` returned. */
      readonly extra: T | undefined;
    }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

export interface RevisionOptions<T> extends InputOptions {
  /** Runs while the revision's files are still on disk (e.g. to read them again for lint). */
  readonly whileCheckedOut?: ((topology: Topology) => Promise<T>) | undefined;
}

interface GitResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
  /** The spawn itself failed (git not installed). */
  readonly missing: boolean;
}

function git(args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<GitResult> {
  return new Promise((resolve) => {
    execFile('git', [...args], { cwd, env: { ...process.env, ...env, GIT_TERMINAL_PROMPT: '0' }, maxBuffer: 16 * MB, encoding: 'utf8' }, (error, stdout, stderr) => {
      const missing = (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
      resolve({ ok: !error, stdout, stderr, missing });
    });
  });
}

function problem(code: 'DIFF002' | 'DIFF003' | 'DIFF004', message: string, expected: string, hint: string, notes: readonly string[] = []): Diagnostic {
  return { code, severity: 'error', message, location: undefined, expected, hint, notes: notes.filter((n) => n !== '') };
}

function gitSays(r: GitResult): string {
  const text = r.stderr.trim().split('\n').slice(0, 3).join(' ');
  return text === '' ? '' : `git: ${truncateValue(text, 300)}`;
}

/** The nearest existing folder at or above `p` (a file deleted from the work tree still has a repository above it). */
function existingFolder(p: string): string {
  let dir = p;
  while (!existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/** `p` with its existing part resolved through symbolic links, the rest appended. */
async function realPathOf(p: string): Promise<string> {
  const existing = existingFolder(p);
  const real = await realpath(existing).catch(() => existing);
  return path.join(real, path.relative(existing, p));
}

function isInside(child: string, folder: string): boolean {
  const rel = path.relative(folder, child);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

/** Temporary trees still on disk, removed on any way out of the process. */
const live = new Set<string>();
let hooked = false;

function removeLiveTrees(): void {
  for (const dir of live) rmSync(dir, { recursive: true, force: true });
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removeLiveTrees();
  unhook();
  // Die of the same signal, as if this handler had never been there (other handlers still run).
  process.kill(process.pid, signal);
}

function hook(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', removeLiveTrees);
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, onSignal);
}

function unhook(): void {
  if (!hooked) return;
  hooked = false;
  process.off('exit', removeLiveTrees);
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(s, onSignal);
}

/** Loads `file` as it is in revision `rev` of the git repository that holds it. Never throws for bad input. */
export async function loadTopologyAtRevision<T = never>(rev: string, file: string, options: RevisionOptions<T> = {}): Promise<RevisionLoad<T>> {
  const revisionExpected = 'a commit, branch or tag of the repository, such as origin/main, HEAD~1 or a commit hash';
  if (rev === '' || rev.startsWith('-') || /[\0-\x1f\x7f]/.test(rev)) {
    return { ok: false, diagnostics: [problem('DIFF003', `--git "${truncateValue(rev, 60)}" is not a revision`, revisionExpected, 'name a branch, tag or commit')] };
  }
  const maxInput = parseMaxInputMb(options.maxInputMb);
  if (!maxInput.ok) return { ok: false, diagnostics: [{ code: 'CLI001', severity: 'error', message: maxInput.message, location: undefined, expected: 'a number of megabytes such as 64', hint: 'leave it out for the default' }] };

  const absolute = await realPathOf(path.resolve(file));
  const top = await git(['rev-parse', '--show-toplevel'], existingFolder(path.dirname(absolute)));
  if (!top.ok) {
    return {
      ok: false,
      diagnostics: [
        problem(
          'DIFF002',
          top.missing ? 'git is not available: --git needs the git command' : `"${truncateValue(file, 80)}" is not in a git repository`,
          'a topology file inside a git work tree',
          top.missing ? 'install git, or compare two files: segproof diff <before> <after>' : 'run segproof where the repository is checked out, or compare two files: segproof diff <before> <after>',
          [gitSays(top)],
        ),
      ],
    };
  }
  const root = await realPathOf(top.stdout.trim());
  const commit = await git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], root);
  if (!commit.ok) {
    return {
      ok: false,
      diagnostics: [problem('DIFF003', `unknown git revision "${truncateValue(rev, 60)}"`, revisionExpected, 'fetch it first (in CI: actions/checkout with fetch-depth: 0, or git fetch origin main)', [gitSays(commit)])],
    };
  }
  const hash = commit.stdout.trim();
  const inRepo = path.relative(root, absolute).split(path.sep).join('/');
  const label = `${rev}:${inRepo}`;
  const present = await git(['cat-file', '-e', `${hash}:${inRepo}`], root);
  if (!present.ok) {
    return {
      ok: false,
      diagnostics: [problem('DIFF004', `${inRepo} does not exist in revision ${truncateValue(rev, 60)}`, 'a file that the revision holds', `a new file has nothing to compare with; list the revision's files with: git ls-tree -r --name-only ${rev}`)],
    };
  }

  const scratch = await mkdtemp(path.join(os.tmpdir(), 'segproof-git-'));
  live.add(scratch);
  hook();
  try {
    const tree = path.join(scratch, 'tree');
    const env = { GIT_INDEX_FILE: path.join(scratch, 'index') };
    const read = await git(['read-tree', hash], root, env);
    const out = read.ok ? await git(['checkout-index', '--all', '--force', `--prefix=${tree}${path.sep}`], root, env) : read;
    if (!out.ok) {
      return { ok: false, diagnostics: [problem('DIFF003', `cannot check out revision ${truncateValue(rev, 60)}`, revisionExpected, 'check that git can read the repository', [gitSays(out)])] };
    }
    // Include roots inside the repository are the same folders in the revision's tree.
    const intoTree = async (dir: string): Promise<string> => {
      const real = await realPathOf(path.resolve(dir));
      return isInside(real, root) ? path.join(tree, path.relative(root, real)) : dir;
    };
    const includeRoots = [...new Set([await intoTree(process.cwd()), ...(await Promise.all((options.includeRoot ?? []).map(intoTree)))])];
    const mainFile = path.join(tree, ...inRepo.split('/'));
    const result = await loadTopology(mainFile, { includeRoots, maxInputBytes: maxInput.mb * MB });
    const relabel = relabeller(tree, rev);
    if (!result.ok) return { ok: false, diagnostics: relabel(result.diagnostics) };
    const extra = options.whileCheckedOut ? await options.whileCheckedOut(result.topology) : undefined;
    return { ok: true, topology: result.topology, warnings: relabel(result.warnings), label, relabel, extra };
  } finally {
    await rm(scratch, { recursive: true, force: true });
    live.delete(scratch);
    if (live.size === 0) unhook();
  }
}

/** Replaces `<tree>/<path>` with `<rev>:<path>` in every string of JSON-like data (plain objects, arrays). */
function relabeller(tree: string, rev: string): <V>(value: V) => V {
  const prefix = `${tree}${path.sep}`;
  const fix = (s: string): string => (s.includes(prefix) ? s.split(prefix).join(`${rev}:`) : s);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return fix(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return <V>(value: V): V => walk(value) as V;
}
