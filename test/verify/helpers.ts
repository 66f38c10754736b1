/** Runs `segproof verify` in-process with captured output. */
import { Command } from 'commander';
import { registerVerifyCommand } from '../../src/cli/commands/verify.js';
import { memoryIo } from '../../src/cli/io.js';

export async function runVerify(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  let code = -1;
  const program = new Command('segproof').exitOverride();
  registerVerifyCommand(program, io, (c) => {
    code = c;
  });
  await program.parseAsync(['node', 'segproof', 'verify', ...args]);
  return { code, out: io.out.join('\n'), err: io.err.join('\n') };
}
