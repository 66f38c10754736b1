/**
 * The segproof command line. Each command lives in `commands/` and returns its exit code:
 * 0 holds / valid, 1 a property is violated, 2 bad input.
 */
import { Command, CommanderError } from 'commander';
import { EXIT, processIo, type CliIo } from './io.js';
import { COMMANDS, type CommandEntry, type RegisterCommand } from './commands/index.js';
import { MAX_INPUT_FLAGS, maxInputHelp } from '../topology/input-limits.js';

/**
 * The program with the commands `argv` can reach: the one it names, or every command when it names
 * none it knows (help, --version, a misspelling), so help lists them all and usage errors suggest names.
 */
export async function buildProgram(io: CliIo, setExitCode: (code: number) => void, argv: readonly string[] = []): Promise<Command> {
  const program = new Command('segproof')
    .description('Prove segment isolation in Japanese local-government networks; trace, replay and emulate flows.')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run "segproof help <command>" for usage)');
  const named = argv.slice(2).find((arg) => !arg.startsWith('-'));
  const chosen = COMMANDS.filter((entry) => typeof entry !== 'function' && entry.name === named);
  const registers = await Promise.all((chosen.length > 0 ? chosen : COMMANDS).map(async (entry) => ({ entry, register: await registerOf(entry) })));
  for (const { entry, register } of registers) {
    register(program, io, setExitCode);
    if (typeof entry !== 'function' && !program.commands.some((c) => c.name() === entry.name)) {
      throw new Error(`command table: the module listed as "${entry.name}" registers no command of that name`);
    }
  }
  if (chosen.length > 0) for (const entry of COMMANDS) if (typeof entry === 'function') entry(program, io, setExitCode);
  // Every command that loads a topology takes the input limit (read by loadTopologyOrReport).
  for (const command of program.commands) {
    if (command.registeredArguments[0]?.name() === 'topology') command.option(MAX_INPUT_FLAGS, maxInputHelp());
  }
  return program;
}

async function registerOf(entry: CommandEntry): Promise<RegisterCommand> {
  return typeof entry === 'function' ? entry : entry.load();
}

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = await buildProgram(io, (code) => {
    exitCode = code;
  }, argv);
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
