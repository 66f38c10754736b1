/**
 * `segproof migrate <step0> <step1> … [--plan plan] [--order step=dev,…] [--flows file] [--json] [--junit file] [--html file] [--lang ja]`:
 * every step and every half-applied cut-over state with its model's pack, the T invariants and the
 * business flows from step to step. The text report and the HTML page are in `--lang` (SEGPROOF_LANG);
 * JSON and JUnit stay in English. Exit 0 when all hold, 1 on a violation, 2 on bad input (a state
 * that cannot be built included; the report is printed all the same).
 */
import path from 'node:path';
import { hasErrors, renderDiagnostics, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { DIAGNOSTIC_WORDS, localiseDiagnostics } from '../../i18n/diagnostic-words.js';
import { chooseLang, LANGS } from '../../i18n/lang.js';
import { localiseMigrationReport } from '../../i18n/localise-migration.js';
import { migrate } from '../../migrate/migrate.js';
import { parseOrderOptions } from '../../migrate/order-option.js';
import { migrationReportToJson } from '../../migrate/report-json.js';
import { migrationReportToJunit } from '../../migrate/report-junit.js';
import { renderMigrationReport } from '../../migrate/report-text.js';
import { migrationHolds } from '../../migrate/verdict.js';
import type { ReaddressPlan } from '../../readdress/plan.js';
import { loadPlan } from '../../readdress/plan-format.js';
import { renderHtmlReport } from '../../report/html/render.js';
import { importFlows } from '../../replay/import.js';
import { EXIT } from '../io.js';
import { INCLUDE_ROOT_FLAGS, INCLUDE_ROOT_HELP, checkIncludeRoots, collectIncludeRoot, reportDiagnostics } from '../load-topology.js';
import { checkOutputs, writeFailure, writeTextAtomic } from '../output.js';
import type { RegisterCommand } from './index.js';
import { defaultScenarioFor } from './verify.js';

interface MigrateCliOptions {
  plan?: string;
  order?: string[];
  flows?: string;
  includeRoot?: string[];
  json?: boolean;
  junit?: string;
  html?: string;
  lang?: string;
  verbose?: boolean;
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];
const label = (file: string) => file.replace(/^.*[\\/]/, '').replace(/\.(ya?ml|json)$/, '');

export const registerMigrateCommand: RegisterCommand = (program, io, setExitCode) => {
  program
    .command('migrate')
    .description('verify every step of a migration and every half-applied cut-over state, with the T invariants; exit 0 all hold, 1 a violation, 2 bad input')
    .argument('<steps...>', 'the step topology files, in migration order')
    .option('--plan <file>', 're-addressing plan: one step per change between consecutive files (address mapping for business flows, cut-over orders)')
    .option('--order <step=devices>', 'cut-over order into a step: <step file name or plan step>=dev1,dev2,segment:NAME,… (repeatable; wins over the plan\'s order)', collect)
    .option('--flows <file>', 'flow log (CSV or JSON Lines, in the first step\'s addresses) of business flows that must keep working')
    .option(INCLUDE_ROOT_FLAGS, INCLUDE_ROOT_HELP, collectIncludeRoot)
    .option('--json', 'machine-readable report on stdout')
    .option('--junit <file>', 'also write a JUnit XML report (one testcase per state and per migration check)')
    .option('--html <file>', 'also write a self-contained HTML report: every state with its verdict, each violation\'s chain drawn on the network of its state, the separation matrix per state')
    .option('--verbose', 'show the notes of passing checks too')
    .option('--lang <lang>', 'language of the text and HTML reports: en or ja (default: SEGPROOF_LANG, else en; JSON and JUnit stay in English)')
    .action(async (files: string[], options: MigrateCliOptions) => {
      const json = options.json ?? false;
      const chosen = chooseLang(options.lang);
      if ('bad' in chosen) {
        reportDiagnostics([{ code: 'CLI001', severity: 'error', message: `${chosen.from} ${chosen.bad} is not a report language`, location: undefined, expected: LANGS.join(' or '), hint: 'ja prints the reports in Japanese with the guideline\'s terms; en is the default' }], io, json);
        return setExitCode(EXIT.badInput);
      }
      const lang = chosen.lang;
      const problems: Diagnostic[] = [...(await checkIncludeRoots(options.includeRoot ?? []))];
      let plan: ReaddressPlan | undefined;
      if (options.plan !== undefined) {
        const loaded = await loadPlan(options.plan);
        if (!hasErrors(loaded.diagnostics) && loaded.diagnostics.length && !json) io.stderr(renderDiagnostics(localiseDiagnostics(loaded.diagnostics, lang), DIAGNOSTIC_WORDS[lang]));
        if (hasErrors(loaded.diagnostics)) problems.push(...loaded.diagnostics);
        plan = loaded.plan;
      }
      const parsedOrders = parseOrderOptions(options.order ?? [], files.map(label), plan?.steps.map((s) => s.name));
      problems.push(...parsedOrders.diagnostics);
      let flows: { file: string; set: NonNullable<Awaited<ReturnType<typeof importFlows>>['flows']>; lines: Uint32Array | undefined } | undefined;
      if (options.flows !== undefined) {
        const imported = await importFlows(options.flows, { keepLines: true });
        if (!imported.ok || imported.flows === undefined) problems.push(...imported.diagnostics);
        else flows = { file: options.flows, set: imported.flows, lines: imported.lines };
      }
      const junitTarget = options.junit ? { option: '--junit', path: options.junit, kind: 'file' as const } : undefined;
      const htmlTarget = options.html ? { option: '--html', path: options.html, kind: 'file' as const } : undefined;
      const outputTargets = [junitTarget, htmlTarget].filter((t) => t !== undefined);
      if (outputTargets.length > 0) problems.push(...(await checkOutputs(outputTargets, [...files, options.plan, options.flows])));
      if (htmlTarget && junitTarget && path.resolve(htmlTarget.path) === path.resolve(junitTarget.path)) problems.push({ code: 'CLI001', severity: 'error', message: `--html names the file --junit writes too: ${htmlTarget.path}`, location: undefined, hint: 'give each output its own file' });
      if (hasErrors(problems)) {
        reportDiagnostics(problems, io, json, lang);
        return setExitCode(EXIT.badInput);
      }

      const result = await migrate(files, { plan, orders: parsedOrders.orders, flows, scenarioFor: defaultScenarioFor, includeRoots: options.includeRoot });
      if (!result.ok) {
        reportDiagnostics(result.diagnostics, io, json, lang);
        return setExitCode(EXIT.badInput);
      }
      const report = result.report;
      if (result.warnings.length && !json) io.stderr(renderDiagnostics(localiseDiagnostics(result.warnings, lang), DIAGNOSTIC_WORDS[lang]));
      let writeProblem: Diagnostic | undefined;
      if (junitTarget) {
        try {
          await writeTextAtomic(junitTarget.path, migrationReportToJunit(report));
        } catch (error) {
          writeProblem = writeFailure(junitTarget, error);
        }
      }
      const localised = localiseMigrationReport(report, lang);
      if (htmlTarget) {
        try {
          await writeTextAtomic(htmlTarget.path, renderHtmlReport({ kind: 'migrate', report: localised, lang }));
        } catch (error) {
          writeProblem ??= writeFailure(htmlTarget, error);
        }
      }
      io.stdout(json ? JSON.stringify(migrationReportToJson(report), null, 2) : renderMigrationReport(localised, options.verbose ?? false, lang));
      if (writeProblem) reportDiagnostics([writeProblem], io, json, lang);
      if (writeProblem || report.diagnostics.length > 0) return setExitCode(EXIT.badInput);
      setExitCode(migrationHolds(report) ? EXIT.ok : EXIT.violation);
    });
};
