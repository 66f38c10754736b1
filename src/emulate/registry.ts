/**
 * Which process owns which namespaces. Before a run creates its first namespace it records its prefix, its
 * pid and the pid's start time in RUN_DIRECTORY; the record goes once the namespaces are gone. Namespaces
 * whose prefix has no record, or whose recorded process is gone (or the pid now belongs to another
 * process), are debris of a run that died without cleaning up (SIGKILL, an out-of-memory kill, a test
 * runner tearing its worker down) and may be removed by any later run. RUN_DIRECTORY is on /run (tmpfs),
 * which is emptied at boot together with every namespace, so records and namespaces go away together.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isRunPrefix, RUN_PREFIX_PATTERN } from './names.js';

export const RUN_DIRECTORY = process.env.SEGPROOF_RUN_DIR ?? '/run/segproof';

export interface RunRecord {
  readonly prefix: string;
  readonly pid: number;
  /** Field 22 of /proc/<pid>/stat: tells a live owner from a later process that reuses its pid. */
  readonly startTicks: string | undefined;
  readonly startedAt: string;
  readonly command: string;
  /** Left in place on purpose (`--keep`): not debris, removed only by an explicit cleanup. */
  readonly kept?: boolean | undefined;
}

function processStartTicks(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is parenthesised and may contain spaces: count fields after its ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function recordFile(prefix: string): string {
  return path.join(RUN_DIRECTORY, `${prefix}.json`);
}

/** Records that this process owns `prefix`; call before creating any namespace. */
export function recordRun(prefix: string, kept = false): void {
  if (!isRunPrefix(prefix)) throw new Error(`"${prefix}" is not a run prefix`);
  mkdirSync(RUN_DIRECTORY, { recursive: true, mode: 0o700 });
  const record: RunRecord = {
    prefix,
    pid: process.pid,
    startTicks: processStartTicks(process.pid),
    startedAt: new Date().toISOString(),
    command: process.argv.slice(1).join(' ').slice(0, 300),
    ...(kept ? { kept } : {}),
  };
  writeFileSync(recordFile(prefix), `${JSON.stringify(record)}\n`);
}

export function forgetRun(prefix: string): void {
  if (isRunPrefix(prefix)) rmSync(recordFile(prefix), { force: true });
}

export function readRunRecord(prefix: string): RunRecord | undefined {
  try {
    const r = JSON.parse(readFileSync(recordFile(prefix), 'utf8')) as RunRecord;
    return r.prefix === prefix && Number.isInteger(r.pid) ? r : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the process that recorded `prefix` is still running. */
export function runIsAlive(prefix: string): boolean {
  const r = readRunRecord(prefix);
  if (!r) return false;
  const ticks = processStartTicks(r.pid);
  return ticks !== undefined && (r.startTicks === undefined || ticks === r.startTicks);
}

/** The run prefix a namespace name belongs to (`sp1a2b3c-node`, `sp1a2b3c.fabric`), if any. */
export function prefixOfNamespace(namespace: string): string | undefined {
  const prefix = namespace.slice(0, 8);
  const sep = namespace[8];
  return RUN_PREFIX_PATTERN.test(prefix) && (sep === '-' || sep === '.') ? prefix : undefined;
}

export interface StaleRun {
  readonly prefix: string;
  readonly namespaces: readonly string[];
  readonly record: RunRecord | undefined;
}

/** Runs whose namespaces exist although their process is gone (kept runs only when asked for). */
export function staleRuns(namespaces: readonly string[], includeKept = false): StaleRun[] {
  const byPrefix = new Map<string, string[]>();
  for (const n of namespaces) {
    const p = prefixOfNamespace(n);
    if (!p) continue;
    const list = byPrefix.get(p);
    if (list) list.push(n);
    else byPrefix.set(p, [n]);
  }
  const out: StaleRun[] = [];
  for (const [prefix, list] of [...byPrefix].sort()) {
    const record = readRunRecord(prefix);
    if (!runIsAlive(prefix) && (includeKept || record?.kept !== true)) out.push({ prefix, namespaces: list, record });
  }
  return out;
}

/** Records of runs that are gone and left no namespaces (nothing to remove but the record itself). */
export function orphanRecords(namespaces: readonly string[]): string[] {
  let files: string[];
  try {
    files = readdirSync(RUN_DIRECTORY);
  } catch {
    return [];
  }
  const withNamespaces = new Set(namespaces.map(prefixOfNamespace));
  return files
    .map((f) => f.replace(/\.json$/, ''))
    .filter((p) => isRunPrefix(p) && !withNamespaces.has(p) && !runIsAlive(p));
}
