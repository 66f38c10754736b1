/**
 * `segproof diff <before> <after> [--scenario file] [--json]`: what changed between two versions of a
 * topology, exactly: header sets newly delivered and no longer delivered per source and destination
 * (grouped by zone-class pair, MN / MN_GC / LG / LGWAN first), each with a witness flow traced in both
 * versions and the deciding rule before and after; information-flow chains across gateways that appear or
 * disappear; every invariant and scenario property whose status changes; the rules whose effective match
 * set changed. Exit 0 when no gate trips (nothing here fails a diff by itself), 2 on bad input in either file.
 *
 * Scenarios: `--scenario` is checked against both versions; otherwise each version's own
 * scenarios/<basename>.yaml, or the other version's when it has none, so both are held to the same
 * properties. A scenario that does not resolve against a version (a node it names is gone) is left out for
 * that version and the report says so.
 */
import path from 'node:path';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { renderDiagnostics } from '../../diagnostics/diagnostic.js';
import { diffTopologies } from '../../diff/diff.js';
import { renderDiffText } from '../../diff/render/text.js';
import { MAX_INPUT_FLAGS, maxInputHelp } from '../../topology/input-limits.js';
import type { Topology } from '../../topology/model.js';
import { KNOWN_CHECK_IDS } from '../../verify/packs/index.js';
import { readScenario, resolveScenario } from '../../verify/scenario/load.js';
import type { Scenario } from '../../verify/scenario/model.js';
import { EXIT } from '../io.js';
import { INCLUDE_ROOT_FLAGS, INCLUDE_ROOT_HELP, collectIncludeRoot, loadTopologyOrReport, reportDiagnostics } from '../load-topology.js';
import type { RegisterCommand } from './index.js';
import { defaultScenarioFor } from './verify.js';

interface DiffCliOptions {
  includeRoot?: string[];
  maxInputMb?: string;
  scenario?: string;
  json?: boolean;
  status?: boolean;
  flow?: boolean;
  witness?: boolean;
}

type ParsedScenario = Extract<Awaited<ReturnType<typeof readScenario>>, { ok: true }>['value'];

export const registerDiffCommand: RegisterCommand = (program, io, setExitCode) => {
  program
    .command('diff')
    .description('what changed between two versions of a topology: reach per source and destination, witnesses, flow chains, statuses; exit 0, 2 bad input')
    .argument('<before>', 'the earlier topology file (YAML or JSON)')
    .argument('<after>', 'the later topology file')
    .option('--scenario <file>', 'scenario checked against both versions (default: each version\'s scenarios/<name>.yaml, or the other\'s)')
    .option(INCLUDE_ROOT_FLAGS, INCLUDE_ROOT_HELP, collectIncludeRoot)
    .option(MAX_INPUT_FLAGS, maxInputHelp())
    .option('--json', 'the DiffReport as JSON on stdout')
    .option('--no-status', 'do not compare invariant and property statuses (skips verification)')
    .option('--no-flow', 'do not compare information-flow chains')
    .option('--no-witness', 'do not trace a witness per change')
    .action(async (beforeFile: string, afterFile: string, options: DiffCliOptions) => {
      const json = options.json ?? false;
      const input = { includeRoot: options.includeRoot, maxInputMb: options.maxInputMb };
      const before = await loadTopologyOrReport(beforeFile, io, json, input);
      const after = await loadTopologyOrReport(afterFile, io, json, input);
      if (!before || !after) return setExitCode(EXIT.badInput);

      const notes: string[] = [];
      let scenarios: [Scenario | undefined, Scenario | undefined] = [undefined, undefined];
      if (options.status !== false) {
        const files: [string | undefined, string | undefined] = options.scenario !== undefined
          ? [options.scenario, options.scenario]
          : [defaultScenarioFor(beforeFile), defaultScenarioFor(afterFile)];
        if (options.scenario === undefined) {
          files[0] ??= files[1];
          files[1] ??= files[0];
        }
        const parsed = new Map<string, ParsedScenario>();
        const problems: Diagnostic[] = [];
        for (const file of new Set(files.filter((f): f is string => f !== undefined))) {
          const shown = path.relative(process.cwd(), file) || file;
          const read = await readScenario(shown);
          if (read.ok) parsed.set(file, read.value);
          else problems.push(...read.diagnostics);
        }
        if (problems.length > 0) {
          reportDiagnostics(problems, io, json);
          return setExitCode(EXIT.badInput);
        }
        const resolve = (file: string | undefined, topology: Topology, label: string): Scenario | undefined => {
          const p = file === undefined ? undefined : parsed.get(file);
          if (!p) return undefined;
          const r = resolveScenario(p, topology, KNOWN_CHECK_IDS);
          if (r.ok) return r.value;
          notes.push(`scenario ${path.relative(process.cwd(), file as string) || file} does not resolve against the ${label} version; its properties are compared as absent there:\n${renderDiagnostics(r.diagnostics)}`);
          return undefined;
        };
        scenarios = [resolve(files[0], before, 'before'), resolve(files[1], after, 'after')];
      }

      const report = diffTopologies(
        { topology: before, file: beforeFile, scenario: scenarios[0] },
        { topology: after, file: afterFile, scenario: scenarios[1] },
        { statuses: options.status !== false, flow: options.flow !== false, witnesses: options.witness !== false, notes },
      );
      io.stdout(json ? JSON.stringify(report, null, 2) : renderDiffText(report));
      // Integration point for CI gates (src/diff/gates.ts, `--fail-on`): a tripped gate makes the exit code 1.
      setExitCode(EXIT.ok);
    });
};
