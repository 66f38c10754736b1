/** Loads a topology for a command; on failure prints the diagnostics (text or JSON) and yields undefined. */
import { stat } from 'node:fs/promises';
import { boundDiagnostic, renderDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { MB, parseMaxInputMb } from '../topology/input-limits.js';
import { loadTopology } from '../topology/load.js';
import type { Topology } from '../topology/model.js';
import { chooseLang, LANGS, type Lang } from '../i18n/lang.js';
import { DIAGNOSTIC_WORDS, localiseDiagnostics, problemsFound } from '../i18n/diagnostic-words.js';
import type { CliIo } from './io.js';

/** `--include-root <dir>`, repeatable: commands that load a topology add it with these arguments. */
export const INCLUDE_ROOT_FLAGS = '--include-root <dir>';
export const INCLUDE_ROOT_HELP = 'also allow includes from <dir> (repeatable); by default only from the topology\'s folder and the working directory';
export const collectIncludeRoot = (dir: string, previous: string[] | undefined): string[] => [...(previous ?? []), dir];

export interface InputOptions {
  readonly includeRoot?: readonly string[] | undefined;
  /** `--max-input-mb` (added in main.ts to every command with a <topology> argument). */
  readonly maxInputMb?: string | undefined;
  /** Includes to leave out (absolute paths): see LoadOptions.skipIncludes. */
  readonly skipIncludes?: ReadonlySet<string> | undefined;
}

/** CLI001 for every --include-root that is not an existing folder. */
export async function checkIncludeRoots(roots: readonly string[]): Promise<Diagnostic[]> {
  const problems: Diagnostic[] = [];
  for (const root of roots) {
    const isFolder = await stat(root).then((s) => s.isDirectory(), () => false);
    if (!isFolder) {
      problems.push({ code: 'CLI001', severity: 'error', message: `--include-root "${root}" is not an existing folder`, location: undefined, expected: 'the path of a folder that includes may be read from', hint: 'check the path; give --include-root once per folder' });
    }
  }
  return problems;
}

/** `lang`: the language of the diagnostics' frame (their codes and messages do not change). */
export async function loadTopologyOrReport(file: string, io: CliIo, json: boolean, input: InputOptions = {}, lang: Lang = 'en'): Promise<Topology | undefined> {
  const includeRoots = input.includeRoot ?? [];
  const problems = await checkIncludeRoots(includeRoots);
  const maxInput = parseMaxInputMb(input.maxInputMb);
  if (!maxInput.ok) problems.push({ code: 'CLI001', severity: 'error', message: maxInput.message, location: undefined, expected: 'a number of megabytes such as 64', hint: 'leave it out for the default' });
  if (problems.length > 0) {
    reportDiagnostics(problems, io, json, lang);
    return undefined;
  }
  const result = await loadTopology(file, { includeRoots, maxInputBytes: maxInput.ok ? maxInput.mb * MB : undefined, skipIncludes: input.skipIncludes });
  if (result.ok) {
    if (result.warnings.length && !json) io.stderr(renderDiagnostics(localiseDiagnostics(result.warnings, lang), DIAGNOSTIC_WORDS[lang]));
    return result.topology;
  }
  reportDiagnostics(result.diagnostics, io, json, lang);
  return undefined;
}

/** Diagnostics on stderr: JSON (always English), or text with its frame in `lang`. */
export function reportDiagnostics(diagnostics: readonly Diagnostic[], io: CliIo, json: boolean, lang: Lang = 'en'): void {
  if (json) io.stderr(JSON.stringify({ ok: false, diagnostics: diagnostics.map(boundDiagnostic) }, null, 2));
  else io.stderr(`${renderDiagnostics(localiseDiagnostics(diagnostics, lang), DIAGNOSTIC_WORDS[lang])}\n${problemsFound(diagnostics.length, lang)}`);
}

export const LANG_FLAGS = '--lang <lang>';
export const LANG_HELP = 'language of the text output: en or ja (default: SEGPROOF_LANG, else en; JSON stays in English)';

/** The language asked for by --lang or SEGPROOF_LANG, or undefined after reporting one that is not a language (CLI001). */
export function langOrReport(option: string | undefined, io: CliIo, json: boolean): Lang | undefined {
  const chosen = chooseLang(option);
  if ('lang' in chosen) return chosen.lang;
  reportDiagnostics([{ code: 'CLI001', severity: 'error', message: `${chosen.from} ${chosen.bad} is not a report language`, location: undefined, expected: LANGS.join(' or '), hint: 'ja prints the reports in Japanese with the guideline\'s terms; en is the default' }], io, json);
  return undefined;
}
