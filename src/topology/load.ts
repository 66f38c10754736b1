/**
 * Loading: read the main file and its includes, check structure, then resolve. The only module
 * (besides the CLI) that touches the file system. Returns a topology or every problem found.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic, SourceLocation } from '../diagnostics/diagnostic.js';
import { hasErrors, sortDiagnostics } from '../diagnostics/diagnostic.js';
import { includeFileSchema, topologyFileSchema, type IncludeFile, type TopologyFile } from './format.js';
import type { Topology } from './model.js';
import { resolveTopology, type ParsedFile } from './resolve.js';
import { includeNotes, parseSource, type SourceFile } from './source.js';
import { validateStructure } from './structure.js';

export type LoadResult =
  | { readonly ok: true; readonly topology: Topology; readonly warnings: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

export async function loadTopology(file: string): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { ok: false, diagnostics: [unreadable(file, error, undefined, [])] };
  }
  return loadTopologyText(text, file);
}

/** Loads from text; includes are read relative to `file`'s folder. */
export async function loadTopologyText(text: string, file: string): Promise<LoadResult> {
  const diagnostics: Diagnostic[] = [];
  const files: ParsedFile[] = [];

  const visit = async (source: SourceFile, isMain: boolean, chain: readonly string[]): Promise<void> => {
    const structure = validateStructure(source, isMain ? topologyFileSchema : includeFileSchema);
    diagnostics.push(...structure.diagnostics);
    if (!structure.ok) return;
    const data = source.data as TopologyFile | IncludeFile;
    files.push({ source, data });
    for (const [index, include] of (data.include ?? []).entries()) {
      const at = source.locateValue(['include', index]);
      const target = path.resolve(path.dirname(source.file), include);
      const shown = path.relative(process.cwd(), target) || target;
      if (chain.includes(target)) {
        diagnostics.push({
          code: 'TOPO003',
          severity: 'error',
          message: `include cycle: "${include}" is already being loaded`,
          location: at,
          expected: 'includes that form a tree',
          hint: 'remove one of the include entries in the cycle',
          notes: [...includeNotes(source.includedFrom), `cycle: ${[...chain, target].map((f) => path.relative(process.cwd(), f) || f).join(' -> ')}`],
        });
        continue;
      }
      let includeText: string;
      try {
        includeText = await readFile(target, 'utf8');
      } catch (error) {
        diagnostics.push(unreadable(shown, error, at, [...source.includedFrom, at]));
        continue;
      }
      const parsed = parseSource(includeText, shown, [...source.includedFrom, at]);
      diagnostics.push(...parsed.diagnostics);
      if (parsed.diagnostics.length === 0) await visit(parsed.source, false, [...chain, target]);
    }
  };

  const main = parseSource(text, file);
  diagnostics.push(...main.diagnostics);
  if (main.diagnostics.length === 0) await visit(main.source, true, [path.resolve(file)]);
  if (hasErrors(diagnostics)) return { ok: false, diagnostics: sortDiagnostics(diagnostics) };

  const resolved = resolveTopology(files);
  if (!resolved.ok) return { ok: false, diagnostics: sortDiagnostics(resolved.diagnostics) };
  return { ok: true, topology: resolved.topology, warnings: sortDiagnostics(resolved.warnings) };
}

function unreadable(file: string, error: unknown, at: SourceLocation | undefined, chain: readonly SourceLocation[]): Diagnostic {
  const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : ((error as Error).message ?? String(error));
  return {
    code: 'TOPO002',
    severity: 'error',
    message: `cannot read "${file}": ${reason}`,
    location: at ?? { file, line: 1, column: 1 },
    expected: 'a readable YAML or JSON topology file',
    hint: at ? 'include paths are relative to the including file' : 'check the path',
    notes: includeNotes(chain.slice(0, -1)),
  };
}
