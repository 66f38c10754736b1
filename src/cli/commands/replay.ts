/**
 * `segproof replay <topology> <flows>`: replays a flow log (CSV or JSON Lines), a traffic matrix
 * (YAML/JSON), or with `--all-pairs` every endpoint pair, on worker threads. Exit 0 when every
 * judged flow meets its expectation; 1 when one breaks it, the run is incomplete, rows of the flow file
 * were bad (unless --allow-bad-rows), rows had no sender in the topology (unless --allow-unowned-sources)
 * or no flow was replayed; 2 on bad input (an unusable flow file included, or --all-pairs on a topology
 * that gives no flow: FLOW009) or an output that cannot be written (the report is printed all the same).
 *
 * With `--baseline <before>` the same flows are replayed through both versions as well, and the flows
 * whose fate changed are reported per zone pair with examples; any such flow also makes the exit 1.
 * Generated flows (--all-pairs, traffic matrices) come from the topology under review.
 */
import { readFile } from 'node:fs/promises';
import { EXIT } from '../io.js';
import { INCLUDE_ROOT_FLAGS, INCLUDE_ROOT_HELP, LANG_FLAGS, LANG_HELP, collectIncludeRoot, langOrReport, loadTopologyOrReport, reportDiagnostics } from '../load-topology.js';
import { localiseReplayText } from '../../i18n/replay-ja.js';
import { checkOutputs, writeFailure, writeFileAtomic } from '../output.js';
import type { RegisterCommand } from './index.js';

/** With --force-workers, --workers may go above the cores, up to this. */
const MAX_FORCED_WORKERS = 256;
import { renderDiagnostics, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { compileNetwork } from '../../replay/compiled-network.js';
import { defaultClassifierFactory } from '../../replay/classifier-choice.js';
import { parseExpectations, type Expectation } from '../../replay/expect.js';
import { endpointPairFlows, endpointPairShortfall, parseTrafficMatrix, trafficMatrixFlows } from '../../replay/generate.js';
import { importFlows } from '../../replay/import.js';
import type { FlowSet } from '../../replay/flowset.js';
import { progressBar } from '../../replay/progress.js';
import { defaultWorkerCount, runReplay } from '../../replay/replay.js';
import { buildReport, renderReport, renderSummary, renderViolations, writeFlowFates, type ReplayInput } from '../../replay/report.js';
import { compareReplays, renderComparison, writeBaselineFates, type BaselineReport } from '../../replay/baseline.js';

interface ReplayCliOptions {
  lang?: string;
  includeRoot?: string[];
  workers?: string;
  forceWorkers?: boolean;
  expect?: string;
  out?: string;
  strict?: boolean;
  allowBadRows?: boolean;
  json?: boolean;
  allPairs?: boolean;
  baseline?: string;
  allowUnownedSources?: boolean;
  allRules?: boolean;
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
    .option('--baseline <topology>', 'also replay the flows through this earlier version and report the flows whose fate changed (exit 1 if any)')
    .option('--allow-unowned-sources', 'rows without a sender in the topology (no node owns the source, no start named) are reported and skipped without failing the run')
    .option('--all-rules', 'list the hits of every rule (by default the most hit per node and a count of the rest; --json always has every rule)')
    .option(INCLUDE_ROOT_FLAGS, INCLUDE_ROOT_HELP, collectIncludeRoot)
    .option('--json', 'machine-readable output')
    .option(LANG_FLAGS, LANG_HELP)
    .action(async (topologyFile: string, flowsFile: string | undefined, options: ReplayCliOptions) => {
      const json = options.json ?? false;
      const lang = langOrReport(options.lang, io, json);
      if (!lang) return setExitCode(EXIT.badInput);
      let workers = defaultWorkerCount();
      if (options.workers !== undefined) {
        if (!/^\d+$/.test(options.workers) || Number(options.workers) < 1) {
          reportDiagnostics([cliError(`--workers "${options.workers.slice(0, 40)}" is not a whole number 1 or more`)], io, json, lang);
          return setExitCode(EXIT.badInput);
        }
        workers = Number(options.workers);
        // More threads than cores only add memory (each rebuilds the compiled network) and contention.
        if (options.forceWorkers) {
          if (workers > MAX_FORCED_WORKERS) {
            reportDiagnostics([cliError(`--workers ${workers} is over ${MAX_FORCED_WORKERS}, the most segproof starts even with --force-workers`, `use at most ${MAX_FORCED_WORKERS}`)], io, json, lang);
            return setExitCode(EXIT.badInput);
          }
        } else if (workers > defaultWorkerCount()) {
          if (!json) io.stderr(`note: --workers ${workers} capped at ${defaultWorkerCount()}, the cores available (os.availableParallelism()); --force-workers allows more`);
          workers = defaultWorkerCount();
        }
      }
      if ((flowsFile === undefined) === !options.allPairs) {
        reportDiagnostics([cliError(flowsFile === undefined ? 'no flows given' : 'give a flow file or --all-pairs, not both', 'segproof replay <topology> <flows> or segproof replay <topology> --all-pairs')], io, json, lang);
        return setExitCode(EXIT.badInput);
      }
      const topology = await loadTopologyOrReport(topologyFile, io, json, options, lang);
      if (!topology) return setExitCode(EXIT.badInput);
      const baseline = options.baseline !== undefined ? await loadTopologyOrReport(options.baseline, io, json, options, lang) : undefined;
      if (options.baseline !== undefined && !baseline) return setExitCode(EXIT.badInput);
      const outTarget = options.out !== undefined ? { option: '--out', path: options.out, kind: 'file' as const } : undefined;
      if (outTarget) {
        const problems = await checkOutputs([outTarget], [...topology.files, ...(baseline?.files ?? []), flowsFile, options.expect]);
        if (problems.length > 0) {
          reportDiagnostics(problems, io, json, lang);
          return setExitCode(EXIT.badInput);
        }
      }
      const network = compileNetwork(topology, defaultClassifierFactory());
      const baselineNetwork = baseline ? compileNetwork(baseline, defaultClassifierFactory()) : undefined;

      let expectations: Expectation[] = [];
      if (options.expect !== undefined) {
        let text: string;
        try {
          text = await readFile(options.expect, 'utf8');
        } catch (error) {
          reportDiagnostics([{ code: 'SCEN001', severity: 'error', message: `cannot read expectation file: ${(error as Error).message}`, location: { file: options.expect, line: 1, column: 1 } }], io, json, lang);
          return setExitCode(EXIT.badInput);
        }
        const parsed = parseExpectations(text, options.expect, [...topology.zones.keys()]);
        if (!parsed.ok) {
          reportDiagnostics(parsed.diagnostics, io, json, lang);
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
        // Like an empty flow file: nothing to replay is bad input, with the reason, never a pass.
        const shortfall = endpointPairShortfall(topology);
        if (shortfall) {
          reportDiagnostics([shortfall], io, json, lang);
          return setExitCode(EXIT.badInput);
        }
        flows = endpointPairFlows(topology);
      } else if (/\.(ya?ml|json)$/i.test(flowsFile!)) {
        let text: string;
        try {
          text = await readFile(flowsFile!, 'utf8');
        } catch (error) {
          reportDiagnostics([{ code: 'FLOW001', severity: 'error', message: `cannot read traffic matrix: ${(error as Error).message}`, location: { file: flowsFile!, line: 1, column: 1 } }], io, json, lang);
          return setExitCode(EXIT.badInput);
        }
        const parsed = parseTrafficMatrix(text, flowsFile!, topology);
        if (!parsed.ok) {
          reportDiagnostics(parsed.diagnostics, io, json, lang);
          return setExitCode(EXIT.badInput);
        }
        flows = trafficMatrixFlows(topology, parsed.entries);
      } else {
        const imported = await importFlows(flowsFile!, {
          strict: options.strict,
          allowBadRows: options.allowBadRows,
          keepLines: options.out !== undefined || baseline !== undefined,
          // With a baseline, a start either version has is good; the other reports the row as not sent.
          knowsStart: (name) => network.resolveStart(name) >= 0 || (baselineNetwork !== undefined && baselineNetwork.resolveStart(name) >= 0),
          startNames: () => [...new Set([...network.startNames(), ...(baselineNetwork?.startNames() ?? [])])],
        });
        if (!imported.flows) {
          // Unusable: unreadable, bad header, no rows, changed while read, or --strict met a bad row.
          reportDiagnostics(imported.diagnostics, io, json, lang);
          return setExitCode(EXIT.badInput);
        }
        flows = imported.flows;
        warnings = imported.diagnostics;
        badRows = imported.badRows;
        lines = imported.lines;
        input = { rows: imported.rows, badRows, lines };
        if (warnings.length > 0 && !json) {
          const more = badRows > warnings.length ? `\n(${badRows - warnings.length} more bad rows not shown)` : '';
          const policy = options.allowBadRows ? 'allowed by --allow-bad-rows' : 'the run fails (exit 1); --allow-bad-rows accepts them, --strict stops at the first';
          io.stderr(`${renderDiagnostics(warnings)}${more}\n${badRows} of ${imported.rows} flow row${imported.rows === 1 ? '' : 's'} bad and skipped: ${policy}.`);
        }
      }

      const progress = progressBar(flows.size * (baseline ? 2 : 1), io.interactive && !json);
      const before = baseline
        ? await runReplay({
            topology: baseline, flows, workers: flows.size === 0 ? 1 : workers, network: baselineNetwork, keepOutcomes: true,
            onProgress: (done) => progress.update(done),
          })
        : undefined;
      const result = await runReplay({
        topology, flows, workers: flows.size === 0 ? 1 : workers, expectations, network,
        keepOutcomes: options.out !== undefined || baseline !== undefined,
        onProgress: (done) => progress.update(done + (before ? flows.size : 0)),
      });
      progress.finish();
      const report = buildReport(result, flows, input);
      const beforeReport = before ? buildReport(before, flows, input) : undefined;
      const comparison = before ? compareReplays(before, result, flows, lines) : undefined;
      // Written whole or not at all; if it fails the report is still printed and the exit code is 2.
      let writeProblem: Diagnostic | undefined;
      if (outTarget) {
        try {
          await writeFileAtomic(outTarget.path, (sink) => (before ? writeBaselineFates(sink, before, result, flows, lines) : writeFlowFates(sink, result, flows, lines)));
        } catch (error) {
          writeProblem = writeFailure(outTarget, error);
        }
      }
      const allowUnowned = options.allowUnownedSources ?? false;
      const replayed = (r: typeof result, rep: typeof report): boolean =>
        r.complete && rep.flows > 0 && (rep.unownedSources.rows === 0 || allowUnowned);
      const ok =
        replayed(result, report) &&
        report.violations === 0 &&
        (badRows === 0 || (options.allowBadRows ?? false)) &&
        (!before || (replayed(before, beforeReport!) && comparison!.changedRows === 0));
      const diagnostics = writeProblem ? [...warnings, writeProblem] : warnings;
      if (before) {
        const baselineReport: BaselineReport = { baseline: options.baseline!, topology: topologyFile, before: beforeReport!, after: report, comparison: comparison! };
        if (json) io.stdout(JSON.stringify({ ok: ok && !writeProblem, diagnostics, ...baselineReport }, null, 2));
        else io.stdout(localiseReplayText(renderBaselineText(baselineReport, allowUnowned), lang));
      } else if (json) io.stdout(JSON.stringify({ ok: ok && !writeProblem, diagnostics, ...report }, null, 2));
      else io.stdout(localiseReplayText(`${renderReport(report, { allRules: options.allRules ?? false })}${unownedPolicy(report.unownedSources.rows, allowUnowned)}`, lang));
      if (writeProblem) {
        if (!json) io.stderr(renderDiagnostics([writeProblem]));
        return setExitCode(EXIT.badInput);
      }
      setExitCode(ok ? EXIT.ok : EXIT.violation);
    });
};

/** What rows without a sender do to the exit code, said after the report that counted them. */
function unownedPolicy(rows: number, allowed: boolean): string {
  if (rows === 0) return '';
  return allowed
    ? `\n${rows} flow row${rows === 1 ? '' : 's'} without a sender skipped: allowed by --allow-unowned-sources.`
    : `\n${rows} flow row${rows === 1 ? '' : 's'} without a sender: the run fails (exit 1); --allow-unowned-sources accepts them.`;
}

/** Both replays in short, then the flows whose fate changed, then expectations (judged on the topology under review). */
function renderBaselineText(r: BaselineReport, allowUnowned: boolean): string {
  const out: string[] = [
    ...renderSummary(r.before, `baseline ${r.baseline}`),
    ...renderSummary(r.after, `topology ${r.topology}`),
    '',
    ...renderComparison(r.comparison),
    '',
    ...renderViolations(r.after),
  ];
  const rows = Math.max(r.before.unownedSources.rows, r.after.unownedSources.rows);
  return `${out.join('\n')}${unownedPolicy(rows, allowUnowned)}`;
}
