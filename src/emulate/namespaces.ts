/**
 * Creating and removing the run's namespaces, and making sure they go away: on success, on error and on
 * SIGINT/SIGTERM. Only names that start with a run prefix (`sp` + 6 hex) are ever deleted.
 */
import type { ChildProcess } from 'node:child_process';
import { isRunPrefix } from './names.js';
import { run, runSync } from './exec.js';
import { forgetRun, orphanRecords, staleRuns, type StaleRun } from './registry.js';

export async function listNamespaces(): Promise<string[]> {
  const out = await run('ip', ['netns', 'list']);
  return parseNamespaceList(out);
}

export function listNamespacesSync(): string[] {
  return parseNamespaceList(runSync('ip', ['netns', 'list']) ?? '');
}

/** `ip netns list` prints `name` or `name (id: 3)` per line. */
export function parseNamespaceList(text: string): string[] {
  return text.split('\n').map((l) => l.trim().split(/\s+/)[0] ?? '').filter((n) => n !== '');
}

export function belongsToRun(namespace: string, prefix: string): boolean {
  return isRunPrefix(prefix) && (namespace.startsWith(`${prefix}-`) || namespace.startsWith(`${prefix}.`));
}

/** Removes every namespace of a run (asynchronously); returns those that could not be removed. */
export async function removeRunNamespaces(prefix: string): Promise<string[]> {
  if (!isRunPrefix(prefix)) throw new Error(`refusing to remove namespaces: "${prefix}" is not a run prefix`);
  const mine = (await listNamespaces()).filter((n) => belongsToRun(n, prefix));
  if (mine.length > 0) await run('ip', ['-force', '-batch', '-'], deleteBatch(mine)).catch(() => undefined);
  return (await listNamespaces()).filter((n) => belongsToRun(n, prefix));
}

export function removeRunNamespacesSync(prefix: string): void {
  if (!isRunPrefix(prefix)) return;
  const mine = listNamespacesSync().filter((n) => belongsToRun(n, prefix));
  if (mine.length > 0) runSync('ip', ['-force', '-batch', '-'], deleteBatch(mine));
}

/** One `ip -force -batch` deletes them all (one process, not one per namespace); -force goes on past a failure. */
function deleteBatch(namespaces: readonly string[]): string {
  return namespaces.map((n) => `netns del ${n}\n`).join('');
}

/**
 * Removes the namespaces of runs whose process is gone (registry.ts) and their records; returns what was
 * found, with the namespaces that could not be removed. Live runs, including other processes', are kept.
 */
export async function removeStaleRuns(includeKept = false): Promise<{ removed: StaleRun[]; failed: string[] }> {
  const present = await listNamespaces();
  const removed = staleRuns(present, includeKept);
  const failed: string[] = [];
  for (const stale of removed) {
    failed.push(...(await removeRunNamespaces(stale.prefix)));
    forgetRun(stale.prefix);
  }
  for (const prefix of orphanRecords(present)) forgetRun(prefix);
  return { removed, failed };
}

/**
 * Tracks what a run started so that a signal or an exit tears it down: agent processes are killed by their
 * pid, then the namespaces are deleted synchronously. On a signal the process then exits with 128 + signal
 * number; on `process.exit` (a test runner ending its worker, say) the exit goes on after the cleanup.
 */
export class RunGuard {
  private readonly children = new Set<ChildProcess>();
  private readonly onSignal: (signal: NodeJS.Signals) => void;
  private active = false;

  private readonly onExit: () => void;

  constructor(readonly prefix: string) {
    this.onExit = () => {
      this.killChildren();
      removeRunNamespacesSync(this.prefix);
      forgetRun(this.prefix);
    };
    this.onSignal = (signal) => {
      this.onExit();
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    };
  }

  arm(): void {
    if (this.active) return;
    this.active = true;
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, this.onSignal);
    process.on('exit', this.onExit);
  }

  disarm(): void {
    this.active = false;
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(s, this.onSignal);
    process.off('exit', this.onExit);
  }

  track(child: ChildProcess): void {
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
  }

  killChildren(): void {
    for (const c of this.children) {
      // `ip netns exec` execs the agent, so its pid is the agent's and leads the group holding its pings.
      if (c.pid !== undefined && c.exitCode === null) {
        try {
          process.kill(-c.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    this.children.clear();
  }
}
