/**
 * `segproof replay <topology> <flows>`: replays a flow log (CSV or JSON Lines), a traffic matrix
 * (YAML/JSON), or with `--all-pairs` every endpoint pair, on worker threads. Exit 0 when every
 * judged flow meets its expectation; 1 when one breaks it, the run is incomplete, rows of the flow file
 * were bad (unless --allow-bad-rows) or no flow was replayed; 2 on bad input (an unusable flow file
 * included) or an output that cannot be written (the report is printed all the same).
 */
import { readFile } from 'node:fs/promises';
import { EXIT } from '../io.js';
import { INCLUDE_ROOT_FLAGS, INCLUDE_ROOT_HELP, collectIncludeRoot, loadTopologyOrReport, reportDiagnostics } from '../load-topology.js';
import { checkOutputs, writeFailure, writeFileAtomic } from '../output.js';
import type { RegisterCommand } from './index.js';

/** With --force-workers, --workers may go above the cores, up to this. */
const MAX_FORCED_WORKERS = 256;
import { renderDiagnostics, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { compileNetwork } from '../../replay/compiled-network.js';
import { defaultClassifierFactory } from '../../replay/classifier-choice.js';
import { parseExpectations, type Expectation } from '../../replay/expect.js';
import { endpointPairFlows, parseTrafficMatrix, trafficMatrixFlows } from '../../replay/generate.js';
import { importFlows } from '../../replay/import.js';
import type { FlowSet } from '../../replay/flowset.js';
import { progressBar } from '../../replay/progress.js';
import { defaultWorkerCount, runReplay } from '../../replay/replay.js';
import { buildReport, renderReport, writeFlowFates, type ReplayInput } from '../../replay/report.js';

interface ReplayCliOptions {
  includeRoot?: string[];
  workers?: string;
  forceWorkers?: boolean;
  expect?: string;
  out?: string;
  strict?: boolean;
  allowBadRows?: boolean;
  json?: boolean;
  allPairs?: boolean;
}

function cliError(message: string, hint?: string): Diagnostic {
  return { code: 'CLI001', severity: 'error', message, location: undefined, hint };
}

export const registerReplayCommand: RegisterCommand = (program, io, setExitCode) => {
  program
    .command('replay')
    .description('replay flows (CSV, JSON Lines, traffic matrix) through a topology on worker threads; exit 1 when a flow breaks an expectation')
    .argument('<topology>', 'topology file (YAML or JSON)')
    .argument('[flows]', 'flow log (.csv, .jsonl) or traffic matrix (.yaml, .yml, .json)')
    .option('--workers <n>', `worker threads (default and most: ${defaultWorkerCount()}, the cores available); 1 replays on the main thread`)
    .option('--force-workers', `allow --workers above the cores available (up to ${MAX_FORCED_WORKERS})`)
    .option('--expect <file>', 'expectations: a list of {from-zone, to-zone, service?, expect: delivered|denied}')
    .option('--out <file>', "write every flow's fate as JSON Lines")
    .option('--strict', 'stop at the first bad flow row (exit 2)')
    .option('--allow-bad-rows', 'bad flow rows are reported and skipped without failing the run (exit 0 if all else holds)')
    .option('--all-pairs', 'replay every host × server × listened service instead of a flow file')
    .option(INCLUDE_ROOT_FLAGS, INCLUDE_ROOT_HELP, collectIncludeRoot)
    .option('--json', 'machine-readable output')
    .action(async (topologyFile: string, flowsFile: string | undefined, options: ReplayCliOptions) => {
      const json = options.json ?? false;
      let workers = defaultWorkerCount();
      if (options.workers !== undefined) {
        if (!/^\d+$/.test(options.workers) || Number(options.workers) < 1) {
          reportDiagnostics([cliError(`--workers "${options.workers.slice(0, 40)}" is not a whole number 1 or more`)], io, json);
          return setExitCode(EXIT.badInput);
        }
        workers = Number(options.workers);
        // More threads than cores only add memory (each rebuilds the compiled network) and contention.
        if (options.forceWorkers) {
          if (workers > MAX_FORCED_WORKERS) {
            reportDiagnostics([cliError(`--workers ${workers} is over ${MAX_FORCED_WORKERS}, the most segproof starts even with --force-workers`, `use at most ${MAX_FORCED_WORKERS}`)], io, json);
            return setExitCode(EXIT.badInput);
          }
        } else if (workers > defaultWorkerCount()) {
          if (!json) io.stderr(`note: --workers ${workers} capped at ${defaultWorkerCount()}, the cores available (os.availableParallelism()); --force-workers allows more`);
          workers = defaultWorkerCount();
        }
      }
      if ((flowsFile === undefined) === !options.allPairs) {
        reportDiagnostics([cliError(flowsFile === undefined ? 'no flows given' : 'give a flow file or --all-pairs, not both', 'segproof replay <topology> <flows> or segproof replay <topology> --all-pairs')], io, json);
        return setExitCode(EXIT.badInput);
      }
      const topology = await loadTopologyOrReport(topologyFile, io, json, options);
      if (!topology) return setExitCode(EXIT.badInput);
      const outTarget = options.out !== undefined ? { option: '--out', path: options.out, kind: 'file' as const } : undefined;
      if (outTarget) {
        const problems = await checkOutputs([outTarget], [...topology.files, flowsFile, options.expect]);
        if (problems.length > 0) {
          reportDiagnostics(problems, io, json);
          return setExitCode(EXIT.badInput);
        }
      }
      const network = compileNetwork(topology, defaultClassifierFactory());

      let expectations: Expectation[] = [];
      if (options.expect !== undefined) {
        let text: string;
        try {
          text = await readFile(options.expect, 'utf8');
        } catch (error) {
          reportDiagnostics([{ code: 'SCEN001', severity: 'error', message: `cannot read expectation file: ${(error as Error).message}`, location: { file: options.expect, line: 1, column: 1 } }], io, json);
          return setExitCode(EXIT.badInput);
        }
        const parsed = parseExpectations(text, options.expect, [...topology.zones.keys()]);
        if (!parsed.ok) {
          reportDiagnostics(parsed.diagnostics, io, json);
          return setExitCode(EXIT.badInput);
        }
        expectations = parsed.expectations;
      }

      let flows: FlowSet;
      let warnings: readonly Diagnostic[] = [];
      let badRows = 0;
      let input: ReplayInput | undefined;
      let lines: Uint32Array | undefined;
      if (options.allPairs) {
        flows = endpointPairFlows(topology);
      } else if (/\.(ya?ml|json)$/i.test(flowsFile!)) {
        let text: string;
        try {
          text = await readFile(flowsFile!, 'utf8');
        } catch (error) {
          reportDiagnostics([{ code: 'FLOW001', severity: 'error', message: `cannot read traffic matrix: ${(error as Error).message}`, location: { file: flowsFile!, line: 1, column: 1 } }], io, json);
          return setExitCode(EXIT.badInput);
        }
        const parsed = parseTrafficMatrix(text, flowsFile!, topology);
        if (!parsed.ok) {
          reportDiagnostics(parsed.diagnostics, io, json);
          return setExitCode(EXIT.badInput);
        }
        flows = trafficMatrixFlows(topology, parsed.entries);
      } else {
        const imported = await importFlows(flowsFile!, {
          strict: options.strict,
          allowBadRows: options.allowBadRows,
          keepLines: options.out !== undefined,
          knowsStart: (name) => network.resolveStart(name) >= 0,
          startNames: () => network.startNames(),
        });
        if (!imported.flows) {
          // Unusable: unreadable, bad header, no rows, changed while read, or --strict met a bad row.
          reportDiagnostics(imported.diagnostics, io, json);
          return setExitCode(EXIT.badInput);
        }
        flows = imported.flows;
        warnings = imported.diagnostics;
        badRows = imported.badRows;
        input = { rows: imported.rows, badRows };
        lines = imported.lines;
        if (warnings.length > 0 && !json) {
          const more = badRows > warnings.length ? `\n(${badRows - warnings.length} more bad rows not shown)` : '';
          const policy = options.allowBadRows ? 'allowed by --allow-bad-rows' : 'the run fails (exit 1); --allow-bad-rows accepts them, --strict stops at the first';
          io.stderr(`${renderDiagnostics(warnings)}${more}\n${badRows} of ${imported.rows} flow row${imported.rows === 1 ? '' : 's'} bad and skipped: ${policy}.`);
        }
      }

      const progress = progressBar(flows.size, io.interactive && !json);
      const result = await runReplay({
        topology, flows, workers: flows.size === 0 ? 1 : workers, expectations, network,
        keepOutcomes: options.out !== undefined,
        onProgress: (done) => progress.update(done),
      });
      progress.finish();
      const report = buildReport(result, flows, input);
      // Written whole or not at all; if it fails the report is still printed and the exit code is 2.
      let writeProblem: Diagnostic | undefined;
      if (outTarget) {
        try {
          await writeFileAtomic(outTarget.path, (sink) => writeFlowFates(sink, result, flows, lines));
        } catch (error) {
          writeProblem = writeFailure(outTarget, error);
        }
      }
      const ok = result.complete && report.violations === 0 && report.flows > 0 && (badRows === 0 || (options.allowBadRows ?? false));
      const diagnostics = writeProblem ? [...warnings, writeProblem] : warnings;
      if (json) io.stdout(JSON.stringify({ ok: ok && !writeProblem, diagnostics, ...report }, null, 2));
      else io.stdout(renderReport(report));
      if (writeProblem) {
        if (!json) io.stderr(renderDiagnostics([writeProblem]));
        return setExitCode(EXIT.badInput);
      }
      setExitCode(ok ? EXIT.ok : EXIT.violation);
    });
};
