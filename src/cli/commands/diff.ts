/**
 * `segproof diff <before> <after> [--scenario file] [--json]`: what changed between two versions of a
 * topology, exactly: header sets newly delivered and no longer delivered per source and destination
 * (grouped by zone-class pair, MN / MN_GC / LG / LGWAN first), each with a witness flow traced in both
 * versions and the deciding rule before and after; information-flow chains across gateways that appear or
 * disappear; every invariant and scenario property whose status changes; the rules whose effective match
 * set changed. Exit 0 when no gate trips (nothing here fails a diff by itself), 1 when a `--fail-on` gate
 * trips, 2 on bad input in either file. `--git <rev> <file>` compares the work tree file with that revision.
 *
 * Scenarios: `--scenario` is checked against both versions; otherwise each version's own
 * scenarios/<basename>.yaml, or the other version's when it has none, so both are held to the same
 * properties. A scenario that does not resolve against a version (a node it names is gone) is left out for
 * that version and the report says so.
 *
 * `--lang ja` (or SEGPROOF_LANG) writes the text report and the HTML page in Japanese; JSON, JUnit, SARIF
 * and Markdown stay in English.
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
import { renderHtmlReport } from '../../report/html/render.js';
import { chooseLang, LANGS } from '../../i18n/lang.js';
import { checkOutputs, writeFailure, writeTextAtomic } from '../output.js';
import { defaultScenarioFor } from './verify.js';
// CI gates, --git and the JUnit/SARIF/Markdown outputs (src/cli/diff-ci.ts).
import { addDiffCiOptions, finishDiffCi, gitArguments, loadBeforeFromGit, prepareDiffCi, verdictJson, type DiffCiOptions, type GitBefore } from '../diff-ci.js';

interface DiffCliOptions extends DiffCiOptions {
  includeRoot?: string[];
  maxInputMb?: string;
  scenario?: string;
  json?: boolean;
  status?: boolean;
  flow?: boolean;
  witness?: boolean;
  html?: string;
  lang?: string;
}

type ParsedScenario = Extract<Awaited<ReturnType<typeof readScenario>>, { ok: true }>['value'];

export const registerDiffCommand: RegisterCommand = (program, io, setExitCode) => {
  const command = program
    .command('diff')
    .description('what changed between two versions of a topology: reach per source and destination, witnesses, flow chains, statuses; exit 0, 2 bad input')
    .argument('<before>', 'the earlier topology file (YAML or JSON)')
    .argument('[after]', 'the later topology file (with --git: none; <before> is the work tree file)')
    .option('--scenario <file>', 'scenario checked against both versions (default: each version\'s scenarios/<name>.yaml, or the other\'s)')
    .option(INCLUDE_ROOT_FLAGS, INCLUDE_ROOT_HELP, collectIncludeRoot)
    .option(MAX_INPUT_FLAGS, maxInputHelp())
    .option('--json', 'the DiffReport as JSON on stdout')
    .option('--no-status', 'do not compare invariant and property statuses (skips verification)')
    .option('--no-flow', 'do not compare information-flow chains')
    .option('--no-witness', 'do not trace a witness per change')
    .option('--html <file>', 'also write a self-contained HTML report: both versions drawn by zone, each change\'s witness path, the changed matrix cells')
    .option('--lang <lang>', 'language of the text and HTML reports: en or ja (default: SEGPROOF_LANG, else en; JSON, JUnit, SARIF and Markdown stay in English)');
  addDiffCiOptions(command)
    .action(async (firstFile: string, secondFile: string | undefined, options: DiffCliOptions) => {
      const json = options.json ?? false;
      const chosen = chooseLang(options.lang);
      if ('bad' in chosen) {
        reportDiagnostics([{ code: 'CLI001', severity: 'error', message: `${chosen.from} ${chosen.bad} is not a report language`, location: undefined, expected: LANGS.join(' or '), hint: 'ja prints the reports in Japanese with the guideline\'s terms; en is the default' }], io, json);
        return setExitCode(EXIT.badInput);
      }
      const lang = chosen.lang;
      const input = { includeRoot: options.includeRoot, maxInputMb: options.maxInputMb };
      // --- CI: --git <rev> <file>, gates and outputs checked before any work (src/cli/diff-ci.ts) ---
      const git = gitArguments(firstFile, secondFile, options);
      if (git && !git.ok) {
        reportDiagnostics([git.problem], io, json, lang);
        return setExitCode(EXIT.badInput);
      }
      const ci = await prepareDiffCi(options, [firstFile, secondFile ?? firstFile, options.scenario].filter((f): f is string => f !== undefined), io, json);
      if (!ci) return setExitCode(EXIT.badInput);
      const htmlTarget = options.html !== undefined ? { option: '--html', path: options.html, kind: 'file' as const } : undefined;
      if (htmlTarget) {
        const problems = await checkOutputs([htmlTarget], [firstFile, secondFile ?? firstFile, options.scenario].filter((f): f is string => f !== undefined));
        const twice = ci.targets.find((t) => path.resolve(t.path) === path.resolve(htmlTarget.path));
        if (twice) problems.push({ code: 'CLI001', severity: 'error', message: `--html names the file ${twice.option} writes too: ${htmlTarget.path}`, location: undefined, hint: 'give each output its own file' });
        if (problems.length > 0) {
          reportDiagnostics(problems, io, json, lang);
          return setExitCode(EXIT.badInput);
        }
      }
      let fromGit: GitBefore | undefined;
      if (git?.ok) {
        fromGit = await loadBeforeFromGit(options.git!, git.file, input, ci.wantsLint, io, json);
        if (!fromGit) return setExitCode(EXIT.badInput);
      }
      const beforeFile = fromGit ? fromGit.label : firstFile;
      const afterFile = git?.ok ? git.file : secondFile!;
      // --- end CI ---
      const before = fromGit ? fromGit.topology : await loadTopologyOrReport(beforeFile, io, json, input, lang);
      const after = await loadTopologyOrReport(afterFile, io, json, input, lang);
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
          reportDiagnostics(problems, io, json, lang);
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

      const computed = diffTopologies(
        { topology: before, file: beforeFile, scenario: scenarios[0] },
        { topology: after, file: afterFile, scenario: scenarios[1] },
        { statuses: options.status !== false, flow: options.flow !== false, witnesses: options.witness !== false, notes },
      );
      // --- CI: gates judged, outputs written, exit 0 / 1 (a gate tripped) / 2 (src/cli/diff-ci.ts) ---
      const report = fromGit ? fromGit.relabel(computed) : computed;
      const outcome = await finishDiffCi(ci, report, { before, after, beforeLint: fromGit?.lint }, io, json, lang);
      if (json) io.stdout(JSON.stringify(outcome.verdict ? { ...report, gates: verdictJson(outcome.verdict) } : report, null, 2));
      else io.stdout([renderDiffText(report, lang), ...outcome.text].join('\n'));
      setExitCode(outcome.exitCode);
      if (htmlTarget) {
        try {
          await writeTextAtomic(htmlTarget.path, renderHtmlReport({ kind: 'diff', before, after, report, scenario: scenarios[1], lang }));
        } catch (error) {
          reportDiagnostics([writeFailure(htmlTarget, error)], io, json, lang);
          setExitCode(EXIT.badInput);
        }
      }
      // --- end CI ---
    });
};
