/**
 * `segproof verify <topology> [--scenario file] [--json] [--junit file]`: the model's invariant pack and
 * the scenario's properties. Exit 0 when every checked property holds, 1 when one is violated, 2 on bad
 * input or a JUnit file that cannot be written (the report is printed all the same). Without --scenario,
 * the scenario is found by the topology file's name (scenarioCandidates); the report says which file was
 * used, or where segproof looked.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { renderDiagnostics, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { KNOWN_CHECK_IDS } from '../../verify/packs/index.js';
import { verifyReportToJson } from '../../verify/report/json.js';
import { verifyReportToJunit } from '../../verify/report/junit.js';
import { renderVerifyReport } from '../../verify/report/text.js';
import { DIAGNOSTIC_WORDS } from '../../i18n/diagnostic-words.js';
import { chooseLang, LANGS } from '../../i18n/lang.js';
import { localiseVerifyReport } from '../../i18n/localise-report.js';
import { reportHolds, type ScenarioChoice } from '../../verify/result.js';
import { checkScenarioTopology, readScenario, resolveScenario } from '../../verify/scenario/load.js';
import type { Scenario } from '../../verify/scenario/model.js';
import { verifyTopology } from '../../verify/verify.js';
import { EXIT } from '../io.js';
import { INCLUDE_ROOT_FLAGS, INCLUDE_ROOT_HELP, collectIncludeRoot, loadTopologyOrReport, reportDiagnostics } from '../load-topology.js';
import { checkOutputs, writeFailure, writeTextAtomic } from '../output.js';
import { renderHtmlReport } from '../../report/html/render.js';
import type { RegisterCommand } from './index.js';

interface VerifyCliOptions {
  includeRoot?: string[];
  scenario?: string;
  json?: boolean;
  junit?: string;
  html?: string;
  lang?: string;
  pack?: boolean;
  verbose?: boolean;
}

/**
 * The one lookup rule, by the topology file's name (not its `name:` key): for topologies/city.yaml,
 * topologies/city.scenario.yaml beside it (as `segproof generate -o` writes it), ../scenarios/city.yaml beside
 * the topology's folder, then scenarios/city.yaml in the working directory.
 */
export function scenarioCandidates(topologyFile: string): string[] {
  const base = path.basename(topologyFile).replace(/\.(ya?ml|json)$/, '');
  return [...new Set([
    path.resolve(path.dirname(topologyFile), `${base}.scenario.yaml`),
    path.resolve(path.dirname(topologyFile), '..', 'scenarios', `${base}.yaml`),
    path.resolve('scenarios', `${base}.yaml`),
  ])];
}

export function defaultScenarioFor(topologyFile: string): string | undefined {
  return scenarioCandidates(topologyFile).find((c) => existsSync(c));
}

/** The scenario to use and how it was chosen, as the report states it. */
export function chooseScenario(topologyFile: string, option: string | undefined): { file: string | undefined; choice: ScenarioChoice } {
  if (option !== undefined) return { file: option, choice: { by: 'option', searched: [] } };
  const searched = scenarioCandidates(topologyFile).map((c) => path.relative(process.cwd(), c) || c);
  const found = defaultScenarioFor(topologyFile);
  return { file: found, choice: { by: found === undefined ? 'none' : 'file-name', searched } };
}

export const registerVerifyCommand: RegisterCommand = (program, io, setExitCode) => {
  program
    .command('verify')
    .description('prove the model\'s invariants and the scenario\'s properties; exit 0 all hold, 1 a violation, 2 bad input')
    .argument('<topology>', 'topology file (YAML or JSON)')
    .option('--scenario <file>', 'scenario file (default: <topology file name>.scenario.yaml beside the topology, else scenarios/<topology file name>.yaml, beside the topology\'s folder or in the working directory)')
    .option(INCLUDE_ROOT_FLAGS, INCLUDE_ROOT_HELP, collectIncludeRoot)
    .option('--json', 'machine-readable report on stdout')
    .option('--junit <file>', 'also write a JUnit XML report (one testcase per invariant/property)')
    .option('--html <file>', 'also write a self-contained HTML report: the topology drawn by zone, each violation\'s chain step by step, the separation matrix, the exceptions')
    .option('--no-pack', 'skip the invariant pack of the topology\'s model')
    .option('--verbose', 'show the notes of passing checks too')
    .option('--lang <lang>', 'language of the text and HTML reports: en or ja (default: SEGPROOF_LANG, else en; JSON and JUnit stay in English)')
    .action(async (file: string, options: VerifyCliOptions) => {
      const json = options.json ?? false;
      const chosen = chooseLang(options.lang);
      if ('bad' in chosen) {
        reportDiagnostics([{ code: 'CLI001', severity: 'error', message: `${chosen.from} ${chosen.bad} is not a report language`, location: undefined, expected: LANGS.join(' or '), hint: 'ja prints the reports in Japanese with the guideline\'s terms; en is the default' }], io, json);
        return setExitCode(EXIT.badInput);
      }
      const lang = chosen.lang;
      const topology = await loadTopologyOrReport(file, io, json, options, lang);
      if (!topology) return setExitCode(EXIT.badInput);

      const { file: scenarioFile, choice: scenarioChoice } = chooseScenario(file, options.scenario);
      let scenario: Scenario | undefined;
      if (scenarioFile !== undefined) {
        const shown = path.relative(process.cwd(), scenarioFile) || scenarioFile;
        const parsed = await readScenario(shown);
        if (!parsed.ok) {
          reportDiagnostics(parsed.diagnostics, io, json, lang);
          return setExitCode(EXIT.badInput);
        }
        const problems: Diagnostic[] = [];
        const mismatch = checkScenarioTopology(parsed.value, file);
        if (mismatch) problems.push(mismatch);
        const resolved = resolveScenario(parsed.value, topology, KNOWN_CHECK_IDS);
        if (!resolved.ok) problems.push(...resolved.diagnostics);
        if (problems.length || !resolved.ok) {
          reportDiagnostics(problems, io, json, lang);
          return setExitCode(EXIT.badInput);
        }
        scenario = resolved.value;
      }
      const junitTarget = options.junit ? { option: '--junit', path: options.junit, kind: 'file' as const } : undefined;
      const htmlTarget = options.html ? { option: '--html', path: options.html, kind: 'file' as const } : undefined;
      const outputTargets = [junitTarget, htmlTarget].filter((t) => t !== undefined);
      if (outputTargets.length > 0) {
        const outputProblems = await checkOutputs(outputTargets, [...topology.files, scenarioFile]);
        if (htmlTarget && junitTarget && path.resolve(htmlTarget.path) === path.resolve(junitTarget.path)) outputProblems.push({ code: 'CLI001', severity: 'error', message: `--html names the file --junit writes too: ${htmlTarget.path}`, location: undefined, hint: 'give each output its own file' });
        if (outputProblems.length > 0) {
          reportDiagnostics(outputProblems, io, json, lang);
          return setExitCode(EXIT.badInput);
        }
      }

      const report = verifyTopology(topology, { topologyFile: file, scenario, scenarioChoice, noPack: options.pack === false });
      if (report.warnings.length && !json) io.stderr(renderDiagnostics(report.warnings, DIAGNOSTIC_WORDS[lang]));
      let writeProblem: Diagnostic | undefined;
      if (junitTarget) {
        try {
          await writeTextAtomic(junitTarget.path, verifyReportToJunit(report));
        } catch (error) {
          writeProblem = writeFailure(junitTarget, error);
        }
      }
      if (htmlTarget) {
        try {
          await writeTextAtomic(htmlTarget.path, renderHtmlReport({ kind: 'verify', topology, report: localiseVerifyReport(report, lang), scenario, lang }));
        } catch (error) {
          writeProblem ??= writeFailure(htmlTarget, error);
        }
      }
      // The report is printed even when the JUnit file could not be written; the exit code is then 2.
      io.stdout(json ? JSON.stringify(verifyReportToJson(report), null, 2) : renderVerifyReport(localiseVerifyReport(report, lang), options.verbose ?? false, lang));
      if (writeProblem) {
        reportDiagnostics([writeProblem], io, json, lang);
        return setExitCode(EXIT.badInput);
      }
      setExitCode(reportHolds(report) ? EXIT.ok : EXIT.violation);
    });
};
