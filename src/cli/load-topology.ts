/** Loads a topology for a command; on failure prints the diagnostics (text or JSON) and yields undefined. */
import { stat } from 'node:fs/promises';
import { renderDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { loadTopology } from '../topology/load.js';
import type { Topology } from '../topology/model.js';
import type { CliIo } from './io.js';

/** `--include-root <dir>`, repeatable: commands that load a topology add it with these arguments. */
export const INCLUDE_ROOT_FLAGS = '--include-root <dir>';
export const INCLUDE_ROOT_HELP = 'also allow includes from <dir> (repeatable); by default only from the topology\'s folder and the working directory';
export const collectIncludeRoot = (dir: string, previous: string[] | undefined): string[] => [...(previous ?? []), dir];

export interface InputOptions {
  readonly includeRoot?: readonly string[] | undefined;
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

export async function loadTopologyOrReport(file: string, io: CliIo, json: boolean, input: InputOptions = {}): Promise<Topology | undefined> {
  const includeRoots = input.includeRoot ?? [];
  const problems = await checkIncludeRoots(includeRoots);
  if (problems.length > 0) {
    reportDiagnostics(problems, io, json);
    return undefined;
  }
  const result = await loadTopology(file, { includeRoots });
  if (result.ok) {
    if (result.warnings.length && !json) io.stderr(renderDiagnostics(result.warnings));
    return result.topology;
  }
  reportDiagnostics(result.diagnostics, io, json);
  return undefined;
}

export function reportDiagnostics(diagnostics: readonly Diagnostic[], io: CliIo, json: boolean): void {
  if (json) io.stderr(JSON.stringify({ ok: false, diagnostics }, null, 2));
  else io.stderr(`${renderDiagnostics(diagnostics)}\n${diagnostics.length} problem${diagnostics.length === 1 ? '' : 's'} found.`);
}
