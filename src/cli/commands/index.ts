import type { Command } from 'commander';
import type { CliIo } from '../io.js';

/** A command module adds itself to the program; its action reports its exit code through `setExitCode`. */
export type RegisterCommand = (program: Command, io: CliIo, setExitCode: (code: number) => void) => void;

/**
 * A command known by name whose module is imported only when it runs (or when help lists every command):
 * each module pulls in its engines, so importing them all would cost every command the start-up of all.
 */
export interface LazyCommand {
  /** The name the module gives `program.command(…)`; main.ts checks that they agree. */
  readonly name: string;
  readonly load: () => Promise<RegisterCommand>;
}

/** Lazy entries, or a register function (imported eagerly, registered on every run). */
export type CommandEntry = LazyCommand | RegisterCommand;

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'validate', load: async () => (await import('./validate.js')).registerValidateCommand },
  { name: 'describe', load: async () => (await import('./describe.js')).registerDescribeCommand },
  { name: 'trace', load: async () => (await import('./trace.js')).registerTraceCommand },
  { name: 'verify', load: async () => (await import('./verify.js')).registerVerifyCommand },
  { name: 'explain', load: async () => (await import('./explain.js')).registerExplainCommand },
  { name: 'replay', load: async () => (await import('./replay.js')).registerReplayCommand },
  { name: 'emulate', load: async () => (await import('./emulate.js')).registerEmulateCommand },
  { name: 'generate', load: async () => (await import('./generate.js')).registerGenerateCommand },
  { name: 'import', load: async () => (await import('./import.js')).registerImportCommand },
  { name: 'lint', load: async () => (await import('./lint.js')).registerLintCommand },
  { name: 'diff', load: async () => (await import('./diff.js')).registerDiffCommand },
  { name: 'readdress', load: async () => (await import('./readdress.js')).registerReaddressCommand },
  { name: 'init', load: async () => (await import('./init.js')).registerInitCommand },
  { name: 'migrate', load: async () => (await import('./migrate.js')).registerMigrateCommand },
];
