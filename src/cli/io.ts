/** What a command needs from the outside world, so commands can be run in tests without a process. */
import { escapeBlock } from '../diagnostics/escape.js';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stdout is an interactive terminal (progress bars only then, never under CI). */
  readonly interactive: boolean;
}

export const EXIT = Object.freeze({ ok: 0, violation: 1, badInput: 2 } as const);

/** Streams whose reader went away or that failed: nothing more is written to them. */
const closedStreams = new Set<NodeJS.WritableStream>();
let streamsGuarded = false;

/**
 * `segproof … | head` closes the pipe early: the EPIPE that follows ends output on that stream quietly,
 * and the command runs to its end (an emulation still removes its namespaces) with its own exit code.
 * Any other failure to write stdout or stderr (a full disk) is reported once on stderr and makes the
 * exit code 2, as the output is incomplete.
 */
function guardStreams(): void {
  if (streamsGuarded) return;
  streamsGuarded = true;
  let failed = false;
  for (const [stream, name] of [[process.stdout, 'stdout'], [process.stderr, 'stderr']] as const) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      closedStreams.add(stream);
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
      if (!failed && stream !== process.stderr && !closedStreams.has(process.stderr)) {
        process.stderr.write(`segproof: cannot write to ${name} (${error.code ?? 'error'}); the output is incomplete.\n`);
      }
      failed = true;
    });
  }
  process.on('exit', () => {
    if (failed) process.exitCode = EXIT.badInput;
  });
}

function writer(stream: NodeJS.WriteStream): (text: string) => void {
  return (text) => {
    if (closedStreams.has(stream) || stream.destroyed) return;
    // The last line of defence for the terminal: control characters in any output become visible escapes.
    const safe = escapeBlock(text);
    stream.write(safe.endsWith('\n') ? safe : `${safe}\n`);
  };
}

export function processIo(): CliIo {
  guardStreams();
  return {
    stdout: writer(process.stdout),
    stderr: writer(process.stderr),
    interactive: Boolean(process.stdout.isTTY) && !process.env.CI,
  };
}

/** Captures output in memory, for tests. */
export function memoryIo(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), interactive: false };
}
