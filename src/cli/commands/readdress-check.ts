/**
 * `segproof readdress check <topology> <plan> [--renumbered <file>] [--flows <file>] [--step N|NAME] [--json] [--strict]`:
 * proves the renumbered topology behaves as the original renamed through the plan (src/readdress/check.ts):
 * exact reach per source and destination, the information-flow graph, and with --flows a flow log's fates.
 * Without --renumbered the plan is applied in memory (readdress apply) into a temporary folder that is
 * removed on every way out; its locations are shown as the original files' `(renumbered)`.
 * Exit 0 equal (differences the plan explains, re-designations and relocations, pass unless --strict),
 * 1 differences, 2 bad input.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { hasErrors, renderDiagnostics, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { applyPlan, commonFolder } from '../../readdress/apply.js';
import { checkFlowLog, type FlowLogCheck } from '../../readdress/check-flows.js';
import { renderCheckText } from '../../readdress/check-render.js';
import { checkReaddress, intendedAddresses, planNames } from '../../readdress/check.js';
import { addressSetContains } from '../../net/address-set.js';
import { planAddressMap } from '../../readdress/header-map-pieces.js';
import { loadPlan } from '../../readdress/plan-format.js';
import type { ReaddressPlan } from '../../readdress/plan.js';
import { resolveStepOption } from '../../readdress/step-option.js';
import { displayPath } from '../../topology/input-file.js';
import { loadTopology } from '../../topology/load.js';
import type { Topology } from '../../topology/model.js';
import type { CliIo } from '../io.js';
import { EXIT } from '../io.js';
import { INCLUDE_ROOT_FLAGS, INCLUDE_ROOT_HELP, LANG_FLAGS, LANG_HELP, collectIncludeRoot, langOrReport, loadTopologyOrReport, reportDiagnostics } from '../load-topology.js';
import { DIAGNOSTIC_WORDS, localiseDiagnostics } from '../../i18n/diagnostic-words.js';
import type { Lang } from '../../i18n/lang.js';
import { badRowsSkipped, localiseCheckText } from '../../i18n/readdress-ja.js';

interface CheckCliOptions {
  lang?: string;
  renumbered?: string;
  flows?: string;
  step?: string;
  json?: boolean;
  strict?: boolean;
  exhaustive?: boolean;
  includeRoot?: string[];
}

/** The renumbered version: loaded, a label for its files, and how to clean up after it. */
interface Renumbered {
  readonly topology: Topology;
  readonly file: string;
  readonly relabel?: ((file: string) => string) | undefined;
  readonly cleanup: () => Promise<void>;
}

export function registerReaddressCheck(readdress: Command, io: CliIo, setExitCode: (code: number) => void): void {
  readdress
    .command('check')
    .description('prove a renumbered topology behaves as the original renamed through the plan (reach, information flow, a flow log); exit 0 equal, 1 differences, 2 bad input')
    .argument('<topology>', 'the original topology file (YAML or JSON)')
    .argument('<plan>', 'the re-addressing plan (YAML)')
    .option('--renumbered <file>', 'the renumbered topology (default: the plan applied in memory, as readdress apply writes it)')
    .option('--flows <file>', 'a flow log (CSV or JSONL, as replay reads it) replayed through both versions, renamed through the plan for the renumbered one')
    .option('--step <n|name>', 'check the plan up to and including this step (1 is the first)')
    .option(INCLUDE_ROOT_FLAGS, INCLUDE_ROOT_HELP, collectIncludeRoot)
    .option('--json', 'the report as JSON on stdout')
    .option('--strict', 'fail on differences the plan explains too (re-designated segments, relocated nodes)')
    .option('--exhaustive', 'one symbolic run per source and version instead of one per group of alike hosts (the slow twin; same report)')
    .option(LANG_FLAGS, LANG_HELP)
    .action(async (topologyFile: string, planFile: string, options: CheckCliOptions) => {
      const json = options.json ?? false;
      const lang = langOrReport(options.lang, io, json);
      if (!lang) return setExitCode(EXIT.badInput);
      const original = await loadTopologyOrReport(topologyFile, io, json, options, lang);
      if (!original) return setExitCode(EXIT.badInput);
      const { plan, diagnostics: planProblems } = await loadPlan(planFile);
      if (!plan) {
        reportDiagnostics(planProblems, io, json, lang);
        return setExitCode(EXIT.badInput);
      }
      if (planProblems.length > 0 && !json) io.stderr(diagnosticsText(planProblems, lang));
      const step = resolveStepOption(plan, options.step);
      if (!step.ok) {
        reportDiagnostics([step.diagnostic], io, json, lang);
        return setExitCode(EXIT.badInput);
      }
      const renumbered = await renumberedVersion(topologyFile, plan, step.index, options, io, json, lang);
      if (!renumbered) return setExitCode(EXIT.badInput);
      try {
        const report = checkReaddress({
          original,
          originalFile: topologyFile,
          renumbered: renumbered.topology,
          renumberedFile: renumbered.file,
          plan,
          upToStep: step.index,
          relabelRenumbered: renumbered.relabel,
          exhaustive: options.exhaustive === true,
        });
        let flows: FlowLogCheck | undefined;
        if (options.flows !== undefined) {
          const names = planNames(plan, original, step.index);
          const before = intendedAddresses(names, original).addresses;
          const after = intendedAddresses(names, renumbered.topology).addresses;
          const intended = (src: number, dst: number, renamedSrc: number, renamedDst: number) =>
            addressSetContains(before, src) || addressSetContains(before, dst) || addressSetContains(after, renamedSrc) || addressSetContains(after, renamedDst);
          const checked = await checkFlowLog(original, renumbered.topology, options.flows, planAddressMap(plan, original, step.index), intended);
          if (!checked.ok) {
            reportDiagnostics(checked.diagnostics, io, json, lang);
            return setExitCode(EXIT.badInput);
          }
          if (checked.warnings.length > 0 && !json) io.stderr(`${diagnosticsText(checked.warnings, lang)}\n${badRowsSkipped(checked.value.badRows, lang)}`);
          flows = checked.value;
        }
        const strict = options.strict ?? false;
        const fails = report.unexplained > 0 || (strict && report.expected > 0) || (flows !== undefined && (flows.failing || (strict && flows.expected.changedRows > 0)));
        if (json) io.stdout(JSON.stringify({ ok: !fails, ...report, ...(flows ? { flows } : {}) }, null, 2));
        else io.stdout(localiseCheckText(renderCheckText(report, flows, strict), lang));
        setExitCode(fails ? EXIT.violation : EXIT.ok);
      } finally {
        await renumbered.cleanup();
      }
    });
}

async function renumberedVersion(topologyFile: string, plan: ReaddressPlan, upToStep: number | undefined, options: CheckCliOptions, io: CliIo, json: boolean, lang: Lang): Promise<Renumbered | undefined> {
  if (options.renumbered !== undefined) {
    const topology = await loadTopologyOrReport(options.renumbered, io, json, options, lang);
    return topology && { topology, file: options.renumbered, cleanup: async () => {} };
  }
  const applied = await applyPlan(topologyFile, plan, { upToStep, includeRoots: options.includeRoot });
  if (hasErrors(applied.diagnostics) || applied.files.size === 0) {
    const why: Diagnostic = {
      code: 'RDC001',
      severity: 'error',
      message: `plan "${plan.name}" does not apply to ${topologyFile}, so there is no renumbered topology to check`,
      location: { file: plan.file, line: 1, column: 1 },
      expected: 'a plan that readdress apply accepts for this topology',
      hint: 'fix the problems above, or give the renumbered topology with --renumbered',
    };
    reportDiagnostics([...applied.diagnostics, why], io, json, lang);
    return undefined;
  }
  if (applied.diagnostics.length > 0 && !json) io.stderr(diagnosticsText(applied.diagnostics, lang));
  const names = [...applied.files.keys()];
  const base = commonFolder(names.map((f) => path.resolve(f)));
  let folder: string | undefined;
  try {
    folder = await mkdtemp(path.join(tmpdir(), 'segproof-readdress-check-'));
    const scratch = folder;
    for (const [file, text] of applied.files) {
      const target = path.join(scratch, path.relative(base, path.resolve(file)));
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, text);
    }
    const main = path.join(scratch, path.relative(base, path.resolve(names[0] as string)));
    const loaded = await loadTopology(main, { includeRoots: [scratch, ...(options.includeRoot ?? [])] });
    const relabel = (file: string): string => {
      const rel = path.relative(scratch, path.resolve(file));
      return rel.startsWith('..') || path.isAbsolute(rel) ? file : `${displayPath(path.join(base, rel))} (renumbered)`;
    };
    if (!loaded.ok) {
      const shown = loaded.diagnostics.map((d) => (d.location ? { ...d, location: { ...d.location, file: relabel(d.location.file) } } : d));
      reportDiagnostics([...shown, readBackProblem(topologyFile, 'the renumbered files do not load')], io, json, lang);
      await rm(scratch, { recursive: true, force: true });
      return undefined;
    }
    return { topology: loaded.topology, file: `${topologyFile} (renumbered by ${plan.file})`, relabel, cleanup: () => rm(scratch, { recursive: true, force: true }) };
  } catch (error) {
    if (folder !== undefined) await rm(folder, { recursive: true, force: true });
    reportDiagnostics([readBackProblem(topologyFile, error instanceof Error ? error.message : String(error))], io, json, lang);
    return undefined;
  }
}

/** Warnings as text, their frame in `lang`; codes and locations unchanged. */
function diagnosticsText(diagnostics: readonly Diagnostic[], lang: Lang): string {
  return renderDiagnostics(localiseDiagnostics(diagnostics, lang), DIAGNOSTIC_WORDS[lang]);
}

function readBackProblem(topologyFile: string, why: string): Diagnostic {
  return {
    code: 'RDC002',
    severity: 'error',
    message: `the renumbered copy of ${topologyFile} cannot be written to or read back from a temporary folder: ${why}`,
    location: undefined,
    expected: 'a writable temporary folder (TMPDIR)',
    hint: 'set TMPDIR to a writable folder, or write the renumbered topology with readdress apply and pass it with --renumbered',
  };
}
