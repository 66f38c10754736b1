/**
 * The CI side of `segproof diff`: `--fail-on` gates, `--git <rev>` and the `--junit`, `--sarif` and
 * `--markdown` outputs. diff.ts calls `prepareDiffCi` before the comparison (bad gates and unwritable
 * outputs are exit 2 before any work), `loadBeforeFromGit` for the earlier version, and `finishDiffCi`
 * after it: gates judged, outputs written atomically, the exit code chosen (0 nothing matched, 1 a gate
 * tripped, 2 a gate could not be judged or an output could not be written).
 */
import type { Command } from 'commander';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { evaluateGates, GATE_GRAMMAR, parseGates, renderGates, type GateSpec, type GateVerdict, type LintFindings } from '../diff/gates.js';
import { renderJunit } from '../diff/render/junit.js';
import { renderMarkdown } from '../diff/render/markdown.js';
import { renderSarif } from '../diff/render/sarif.js';
import type { DiffReport } from '../diff/report.js';
import type { Lang } from '../i18n/lang.js';
import { lintTopology } from '../lint/lint.js';
import type { Topology } from '../topology/model.js';
import { readTopologySources } from './commands/lint.js';
import { loadTopologyAtRevision } from './git-revision.js';
import { EXIT, type CliIo } from './io.js';
import { reportDiagnostics, type InputOptions } from './load-topology.js';
import { checkOutputs, writeFailure, writeTextAtomic, type OutputTarget } from './output.js';

export interface DiffCiOptions {
  failOn?: string[];
  git?: string;
  junit?: string;
  sarif?: string;
  markdown?: string;
}

/** Adds the CI options to the diff command. */
export function addDiffCiOptions(command: Command): Command {
  return command
    .option('--fail-on <gate>', `exit 1 when the gate matches (repeatable): ${GATE_GRAMMAR}`, (v: string, prev: string[] | undefined) => [...(prev ?? []), v])
    .option('--git <rev>', 'compare the file in the work tree with the same file (and its includes) in git revision <rev>; give one file')
    .option('--junit <file>', 'write JUnit XML: one testcase per gate and per changed check')
    .option('--sarif <file>', 'write SARIF 2.1.0 for code scanning: results on the deciding rule lines')
    .option('--markdown <file>', 'write a pull-request comment in Markdown');
}

export interface DiffCiPlan {
  readonly gates: readonly GateSpec[];
  readonly targets: readonly OutputTarget[];
  readonly wantsLint: boolean;
}

/** Gates parsed and outputs checked before any work; undefined (after reporting) on bad input. */
export async function prepareDiffCi(options: DiffCiOptions, inputs: readonly string[], io: CliIo, json: boolean): Promise<DiffCiPlan | undefined> {
  const parsed = parseGates(options.failOn ?? []);
  if (!parsed.ok) {
    reportDiagnostics(parsed.diagnostics, io, json);
    return undefined;
  }
  const targets: OutputTarget[] = [
    ...(options.junit !== undefined ? [{ option: '--junit', path: options.junit, kind: 'file' as const }] : []),
    ...(options.sarif !== undefined ? [{ option: '--sarif', path: options.sarif, kind: 'file' as const }] : []),
    ...(options.markdown !== undefined ? [{ option: '--markdown', path: options.markdown, kind: 'file' as const }] : []),
  ];
  const problems = await checkOutputs(targets, inputs);
  const paths = targets.map((t) => t.path);
  const twice = targets.find((t, i) => paths.indexOf(t.path) !== i);
  if (twice) problems.push({ code: 'CLI001', severity: 'error', message: `${twice.option} names a file another output writes too: ${twice.path}`, location: undefined, hint: 'give each output its own file' });
  if (problems.length > 0) {
    reportDiagnostics(problems, io, json);
    return undefined;
  }
  return { gates: parsed.gates, targets, wantsLint: parsed.gates.some((g) => g.kind === 'lint-new') };
}

/** The `<after>` argument and the before version for `--git`: the one file given, as the revision has it. */
export function gitArguments(first: string, second: string | undefined, options: DiffCiOptions): { ok: true; file: string } | { ok: false; problem: Diagnostic } | undefined {
  if (options.git === undefined) {
    if (second !== undefined) return undefined;
    return { ok: false, problem: { code: 'CLI001', severity: 'error', message: 'diff needs two files, or one with --git <rev>', location: undefined, hint: 'segproof diff <before> <after>, or segproof diff --git origin/main <file>' } };
  }
  if (second !== undefined) return { ok: false, problem: { code: 'CLI001', severity: 'error', message: '--git compares one file with its own earlier version: give one file, not two', location: undefined, hint: 'segproof diff --git origin/main topologies/city.yaml' } };
  return { ok: true, file: first };
}

export interface GitBefore {
  readonly topology: Topology;
  readonly label: string;
  readonly relabel: <V>(value: V) => V;
  readonly lint: readonly Diagnostic[] | undefined;
}

/** The before version from git (reported and undefined on failure); lint runs while its files exist, when wanted. */
export async function loadBeforeFromGit(rev: string, file: string, input: InputOptions, wantsLint: boolean, io: CliIo, json: boolean): Promise<GitBefore | undefined> {
  const r = await loadTopologyAtRevision(rev, file, {
    ...input,
    whileCheckedOut: wantsLint ? async (t: Topology) => lintTopology(t, { sources: await readTopologySources(t) }) : undefined,
  });
  if (!r.ok) {
    reportDiagnostics(r.diagnostics, io, json);
    return undefined;
  }
  if (r.warnings.length > 0 && !json) reportDiagnostics(r.warnings, io, json);
  return { topology: r.topology, label: r.label, relabel: r.relabel, lint: r.extra ? r.relabel(r.extra) : undefined };
}

export interface DiffCiResult {
  readonly exitCode: number;
  readonly verdict: GateVerdict | undefined;
  /** Lines for the text output (the gates), empty without gates. */
  readonly text: readonly string[];
}

/** Judges the gates, writes the outputs (always in English), and chooses the exit code; the gates' text and diagnostics in `lang`. */
export async function finishDiffCi(plan: DiffCiPlan, report: DiffReport, versions: { before: Topology; after: Topology; beforeLint?: readonly Diagnostic[] | undefined }, io: CliIo, json: boolean, lang: Lang = 'en'): Promise<DiffCiResult> {
  let lint: LintFindings | undefined;
  if (plan.wantsLint) {
    const before = versions.beforeLint ?? lintTopology(versions.before, { sources: await readTopologySources(versions.before) });
    lint = { before, after: lintTopology(versions.after, { sources: await readTopologySources(versions.after) }) };
  }
  const verdict = plan.gates.length > 0 ? evaluateGates(plan.gates, report, lint) : undefined;
  const problems: Diagnostic[] = [];
  for (const t of plan.targets) {
    const text =
      t.option === '--junit' ? renderJunit(report, verdict) : t.option === '--sarif' ? `${JSON.stringify(renderSarif(report, verdict, { toolVersion: '0.1.0' }), null, 2)}\n` : renderMarkdown(report, verdict);
    try {
      await writeTextAtomic(t.path, text);
    } catch (error) {
      problems.push(writeFailure(t, error));
    }
  }
  if (verdict?.unavailable) {
    for (const r of verdict.results) {
      if (r.unavailable !== undefined) problems.push({ code: 'DIFF005', severity: 'error', message: `gate ${r.gate.text} could not be judged: ${r.unavailable}`, location: undefined, hint: 'a gate that cannot be judged never passes; drop it or fix what it needs' });
    }
  }
  if (problems.length > 0) reportDiagnostics(problems, io, json, lang);
  const exitCode = problems.length > 0 ? EXIT.badInput : verdict?.tripped ? EXIT.violation : EXIT.ok;
  return { exitCode, verdict, text: verdict ? ['', ...renderGates(verdict, undefined, lang)] : [] };
}

/** The verdict as JSON, added to the DiffReport under `gates`. */
export function verdictJson(verdict: GateVerdict): object[] {
  return verdict.results.map((r) => ({ gate: r.gate.text, tripped: r.tripped, ...(r.unavailable !== undefined ? { unavailable: r.unavailable } : {}), matches: r.matches }));
}
