/**
 * Running `ip`, `nft` and the namespace agent: always execFile/spawn with an argument vector, input on stdin,
 * never a shell string. Failures carry the command and its stderr.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

export class CommandError extends Error {
  constructor(
    readonly command: readonly string[],
    readonly stderr: string,
    readonly exitCode: number | null,
  ) {
    super(`${command.join(' ')} failed (exit ${exitCode ?? 'signal'}): ${stderr.trim().split('\n').slice(0, 6).join(' | ')}`);
  }
}

/** Runs a command, feeding `input` on stdin; resolves with stdout. */
export function run(file: string, args: readonly string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(file, [...args], { maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new CommandError([file, ...args], stderr || error.message, typeof error.code === 'number' ? error.code : null));
      else resolve(stdout);
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** Synchronous variant for signal handlers, where the event loop may not run again. */
export function runSync(file: string, args: readonly string[], input?: string): string | undefined {
  try {
    return execFileSync(file, [...args], { encoding: 'utf8', input, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  } catch {
    return undefined;
  }
}

/** Runs async tasks with at most `limit` in flight; rejects with the first failure after all started ones settle. */
export async function inParallel<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (next < items.length && failure === undefined) {
      const i = next++;
      try {
        results[i] = await task(items[i] as T);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure !== undefined) throw failure;
  return results;
}

/** Whether a program can be found on PATH. */
export function hasProgram(name: string): boolean {
  for (const dir of (process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin').split(path.delimiter)) {
    try {
      accessSync(path.join(dir, name), constants.X_OK);
      return true;
    } catch {
      // not in this folder
    }
  }
  return false;
}

/**
 * Arguments that run a program in a named namespace. `nsenter --net` only switches the network namespace
 * (what /proc/sys/net, netlink and sockets see), which is all we need and cheaper than `ip netns exec`,
 * which also sets up a mount namespace. nsenter execs the program, so the pid is the program's.
 */
export function inNamespace(namespace: string, file: string, args: readonly string[]): [string, string[]] {
  return ['nsenter', [`--net=/run/netns/${namespace}`, '--', file, ...args]];
}

export function runInNamespace(namespace: string, file: string, args: readonly string[], input?: string): Promise<string> {
  const [cmd, argv] = inNamespace(namespace, file, args);
  return run(cmd, argv, input);
}

/** Each agent leads its own process group, so a teardown can stop it together with the pings it started. */
export function spawnInNamespace(namespace: string, file: string, args: readonly string[]): ChildProcess {
  const [cmd, argv] = inNamespace(namespace, file, args);
  return spawn(cmd, argv, { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
}
