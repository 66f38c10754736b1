/**
 * `segproof readdress`: re-addressing plans. `apply` writes the renumbered topology and prints the change
 * list; `compare` ranks plans side by side; `check` (readdress-check.ts) proves a renumbered topology
 * behaves as the original renamed. Exit 0 done, 2 bad input (a plan that cannot be read or does not fit
 * the topology, an output that cannot be written).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { hasErrors, renderDiagnostics, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { applyPlan, commonFolder } from '../../readdress/apply.js';
import { changeListJson, renderChangeListText } from '../../readdress/change-list.js';
import { comparePlans, comparisonJson, renderComparisonMarkdown, renderComparisonText } from '../../readdress/compare.js';
import type { ReaddressPlan } from '../../readdress/plan.js';
import type { Topology } from '../../topology/model.js';
import { loadPlan } from '../../readdress/plan-format.js';
import { resolveStepOption } from '../../readdress/step-option.js';
import { KNOWN_CHECK_IDS } from '../../verify/packs/index.js';
import { readScenario, resolveScenario } from '../../verify/scenario/load.js';
import { EXIT, type CliIo } from '../io.js';
import { INCLUDE_ROOT_FLAGS, INCLUDE_ROOT_HELP, LANG_FLAGS, LANG_HELP, collectIncludeRoot, langOrReport, loadTopologyOrReport, reportDiagnostics } from '../load-topology.js';
import { DIAGNOSTIC_WORDS, localiseDiagnostics } from '../../i18n/diagnostic-words.js';
import type { Lang } from '../../i18n/lang.js';
import { localiseApplyText, planDoesNotApply } from '../../i18n/readdress-ja.js';
import { checkOutputs, writeFailure, writeFolderAtomic } from '../output.js';
import { defaultScenarioFor } from './verify.js';
import type { RegisterCommand } from './index.js';
import { registerReaddressCheck } from './readdress-check.js';

export const registerReaddressCommand: RegisterCommand = (program, io, setExitCode) => {
  const readdress = program
    .command('readdress')
    .description('re-addressing plans: apply one, compare several, check a renumbered topology');
  registerApply(readdress, io, setExitCode);
  registerCompare(readdress, io, setExitCode);
  registerReaddressCheck(readdress, io, setExitCode);
};

/** Warnings (and a plan's errors listed under a note) as text, their frame in `lang`; codes and locations unchanged. */
function diagnosticsText(diagnostics: readonly Diagnostic[], lang: Lang): string {
  return renderDiagnostics(localiseDiagnostics(diagnostics, lang), DIAGNOSTIC_WORDS[lang]);
}

async function readPlanOrReport(file: string, io: CliIo, json: boolean, lang: Lang): Promise<ReaddressPlan | undefined> {
  const { plan, diagnostics } = await loadPlan(file);
  if (!plan) {
    reportDiagnostics(diagnostics, io, json, lang);
    return undefined;
  }
  if (diagnostics.length > 0 && !json) io.stderr(diagnosticsText(diagnostics, lang));
  return plan;
}

interface ApplyCliOptions {
  lang?: string;
  out: string;
  step?: string;
  json?: boolean;
  includeRoot?: string[];
}

function registerApply(readdress: Command, io: CliIo, setExitCode: (code: number) => void): void {
  readdress
    .command('apply')
    .description('write the topology renumbered by a plan (main file and includes, comments and layout kept) and print the change list per device; exit 0 written, 2 bad input')
    .argument('<topology>', 'topology file (YAML or JSON)')
    .argument('<plan>', 're-addressing plan (YAML)')
    .requiredOption('-o, --out <dir>', 'folder to write the renumbered files into, in the layout of the originals')
    .option('--step <n|name>', 'apply the plan up to and including this step (1 is the first)')
    .option(INCLUDE_ROOT_FLAGS, INCLUDE_ROOT_HELP, collectIncludeRoot)
    .option('--json', 'the change list as JSON on stdout')
    .option(LANG_FLAGS, LANG_HELP)
    .action(async (topologyFile: string, planFile: string, options: ApplyCliOptions) => {
      const json = options.json ?? false;
      const lang = langOrReport(options.lang, io, json);
      if (!lang) return setExitCode(EXIT.badInput);
      const topology = await loadTopologyOrReport(topologyFile, io, json, options, lang);
      if (!topology) return setExitCode(EXIT.badInput);
      const plan = await readPlanOrReport(planFile, io, json, lang);
      if (!plan) return setExitCode(EXIT.badInput);
      const step = resolveStepOption(plan, options.step);
      if (!step.ok) {
        reportDiagnostics([step.diagnostic], io, json, lang);
        return setExitCode(EXIT.badInput);
      }
      const base = commonFolder(topology.files.map((f) => path.resolve(f)));
      const layout = topology.files.map((f) => path.relative(base, path.resolve(f)));
      const topNames = new Set(layout.map((rel) => rel.split(path.sep)[0] as string));
      const target = { option: '--out', path: options.out, kind: 'folder' as const, replaceable: (name: string) => topNames.has(name) };
      const outputProblems = await checkOutputs([target], [...topology.files, planFile]);
      if (outputProblems.length > 0) {
        reportDiagnostics(outputProblems, io, json, lang);
        return setExitCode(EXIT.badInput);
      }
      const result = await applyPlan(topologyFile, plan, { upToStep: step.index, includeRoots: options.includeRoot });
      if (hasErrors(result.diagnostics)) {
        reportDiagnostics(result.diagnostics, io, json, lang);
        return setExitCode(EXIT.badInput);
      }
      if (result.diagnostics.length > 0 && !json) io.stderr(diagnosticsText(result.diagnostics, lang));
      try {
        await writeFolderAtomic(options.out, async (folder) => {
          for (const [file, text] of result.files) {
            const written = path.join(folder, path.relative(base, path.resolve(file)));
            await mkdir(path.dirname(written), { recursive: true });
            await writeFile(written, text);
          }
        }, target.replaceable);
      } catch (error) {
        reportDiagnostics([writeFailure(target, error)], io, json, lang);
        return setExitCode(EXIT.badInput);
      }
      const main = path.join(options.out, layout[0] as string);
      if (json) io.stdout(JSON.stringify({ ok: true, written: layout.map((l) => path.join(options.out, l)), warnings: result.diagnostics, ...(changeListJson(result.changes) as object) }, null, 2));
      else io.stdout(localiseApplyText(`${renderChangeListText(result.changes)}\n\nwrote ${layout.length} file${layout.length === 1 ? '' : 's'} under ${options.out} (main file ${main})`, lang));
      setExitCode(EXIT.ok);
    });
}

interface CompareCliOptions {
  lang?: string;
  markdown?: boolean;
  json?: boolean;
  scenario?: string;
  includeRoot?: string[];
}

function registerCompare(readdress: Command, io: CliIo, setExitCode: (code: number) => void): void {
  readdress
    .command('compare')
    .description('rank re-addressing plans side by side: devices and lines touched, literals, aggregation, headroom, invariants of the final state; exit 0 compared, 2 bad input or a plan that does not apply')
    .argument('<topology>', 'topology file (YAML or JSON)')
    .argument('<plans...>', 're-addressing plans (YAML)')
    .option('--scenario <file>', "scenario whose properties are checked on each final state (default: the topology's, as verify finds it)")
    .option(INCLUDE_ROOT_FLAGS, INCLUDE_ROOT_HELP, collectIncludeRoot)
    .option('--markdown', 'the table as Markdown')
    .option('--json', 'the comparison as JSON on stdout')
    .option(LANG_FLAGS, LANG_HELP)
    .action(async (topologyFile: string, planFiles: string[], options: CompareCliOptions) => {
      const json = options.json ?? false;
      const lang = langOrReport(options.lang, io, json);
      if (!lang) return setExitCode(EXIT.badInput);
      const topology = await loadTopologyOrReport(topologyFile, io, json, options, lang);
      if (!topology) return setExitCode(EXIT.badInput);
      const plans: ReaddressPlan[] = [];
      for (const f of planFiles) {
        const plan = await readPlanOrReport(f, io, json, lang);
        if (!plan) return setExitCode(EXIT.badInput);
        plans.push(plan);
      }
      const scenarioFile = options.scenario ?? defaultScenarioFor(topologyFile);
      let resolveFor: ((t: Topology) => ReturnType<typeof resolveScenario>) | undefined;
      if (scenarioFile !== undefined) {
        const parsed = await readScenario(path.relative(process.cwd(), scenarioFile) || scenarioFile);
        if (!parsed.ok) {
          reportDiagnostics(parsed.diagnostics, io, json, lang);
          return setExitCode(EXIT.badInput);
        }
        const first = resolveScenario(parsed.value, topology, KNOWN_CHECK_IDS);
        if (!first.ok) {
          reportDiagnostics(first.diagnostics, io, json, lang);
          return setExitCode(EXIT.badInput);
        }
        resolveFor = (t) => resolveScenario(parsed.value, t, KNOWN_CHECK_IDS);
      }
      const scenarioProblems: Diagnostic[] = [];
      const comparison = await comparePlans(topologyFile, topology, plans, {
        includeRoots: options.includeRoot,
        resolveScenario: resolveFor && ((t) => {
          const r = resolveFor(t);
          if (r.ok) return r.value;
          scenarioProblems.push(...r.diagnostics);
          return undefined;
        }),
      });
      const notApplied = comparison.ranked.filter((e) => !e.applied);
      for (const e of notApplied) if (!json) io.stderr(`${planDoesNotApply(e.name, e.file ?? '', lang)}\n${diagnosticsText(e.diagnostics, lang)}`);
      if (scenarioProblems.length > 0 && !json) io.stderr(diagnosticsText(scenarioProblems, lang));
      io.stdout(json ? JSON.stringify(comparisonJson(comparison), null, 2) : options.markdown ? renderComparisonMarkdown(comparison) : renderComparisonText(comparison, lang));
      setExitCode(notApplied.length > 0 || scenarioProblems.length > 0 ? EXIT.badInput : EXIT.ok);
    });
}

