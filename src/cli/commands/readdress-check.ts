/**
 * `segproof readdress check <topology> <plan> [--renumbered <file>] [--flows <file>] [--step N|NAME] [--json] [--strict]`:
 * proves the renumbered network behaves as the original renamed through the plan's mapping.
 */
import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { EXIT } from '../io.js';

interface CheckCliOptions {
  renumbered?: string;
  flows?: string;
  step?: string;
  json?: boolean;
  strict?: boolean;
}

export function registerReaddressCheck(readdress: Command, io: CliIo, setExitCode: (code: number) => void): void {
  readdress
    .command('check')
    .description('prove a renumbered topology behaves as the original renamed through the plan: exit 0 equal, 1 differences, 2 bad input')
    .argument('<topology>', 'the original topology file')
    .argument('<plan>', 'the re-addressing plan (YAML)')
    .option('--renumbered <file>', 'the renumbered topology (default: the plan applied in memory)')
    .option('--flows <file>', 'a flow log (CSV/JSONL) replayed through both versions, mapped through the plan on the renumbered side')
    .option('--step <n|name>', 'check the plan up to and including this step')
    .option('--json', 'the report as JSON on stdout')
    .option('--strict', 'fail on differences the plan explains too')
    .action((_topology: string, _plan: string, _options: CheckCliOptions) => {
      io.stderr('segproof readdress check: not available in this build yet');
      setExitCode(EXIT.badInput);
    });
}
