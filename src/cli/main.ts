/**
 * The segproof command line. Each command lives in `commands/` and returns its exit code:
 * 0 holds / valid, 1 a property is violated, 2 bad input.
 */
import { Command, CommanderError } from 'commander';
import { EXIT, processIo, type CliIo } from './io.js';
import { COMMANDS } from './commands/index.js';
import { MAX_INPUT_FLAGS, maxInputHelp } from '../topology/input-limits.js';

export function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('segproof')
    .description('Prove segment isolation in Japanese local-government networks; trace, replay and emulate flows.')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run "segproof help <command>" for usage)');
  for (const register of COMMANDS) register(program, io, setExitCode);
  // Every command that loads a topology takes the input limit (read by loadTopologyOrReport).
  for (const command of program.commands) {
    if (command.registeredArguments[0]?.name() === 'topology') command.option(MAX_INPUT_FLAGS, maxInputHelp());
  }
  return program;
}

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit with 0; usage errors are bad input.
      return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    throw error;
  }
  return exitCode;
}
