import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { registerDescribeCommand } from './describe.js';
import { registerDiffCommand } from './diff.js';
import { registerEmulateCommand } from './emulate.js';
import { registerExplainCommand } from './explain.js';
import { registerGenerateCommand } from './generate.js';
import { registerImportCommand } from './import.js';
import { registerLintCommand } from './lint.js';
import { registerReplayCommand } from './replay.js';
import { registerTraceCommand } from './trace.js';
import { registerValidateCommand } from './validate.js';
import { registerVerifyCommand } from './verify.js';

/** A command module adds itself to the program; its action reports its exit code through `setExitCode`. */
export type RegisterCommand = (program: Command, io: CliIo, setExitCode: (code: number) => void) => void;

export const COMMANDS: readonly RegisterCommand[] = [registerValidateCommand, registerDescribeCommand, registerTraceCommand, registerVerifyCommand, registerExplainCommand, registerReplayCommand, registerEmulateCommand, registerGenerateCommand, registerImportCommand, registerLintCommand, registerDiffCommand];
