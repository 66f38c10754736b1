/** What a command needs from the outside world, so commands can be run in tests without a process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stdout is an interactive terminal (progress bars only then, never under CI). */
  readonly interactive: boolean;
}

export const EXIT = Object.freeze({ ok: 0, violation: 1, badInput: 2 } as const);

export function processIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
    stderr: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
    interactive: Boolean(process.stdout.isTTY) && !process.env.CI,
  };
}

/** Captures output in memory, for tests. */
export function memoryIo(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), interactive: false };
}
