/**
 * Loading: read the main file and its includes, check structure, then resolve. The only module
 * (besides the CLI) that touches the file system. Returns a topology or every problem found.
 *
 * Includes are confined: an include must lie (after resolving symbolic links) under the folder of the
 * main file, the working directory, or a folder given in `includeRoots` (`--include-root`), and only
 * regular files are read (see input-file.ts).
 */
import path from 'node:path';
import type { Diagnostic, SourceLocation } from '../diagnostics/diagnostic.js';
import { hasErrors, sortDiagnostics } from '../diagnostics/diagnostic.js';
import { excerpt } from '../diagnostics/escape.js';
import type { IncludeFile, TopologyFile } from './format.js';
import { conformsToFormat } from './format-check.js';
import { allowedRoots, confine, displayPath, readRegularFile, type AllowedRoots, type InvalidUtf8, type ReadResult } from './input-file.js';
import { countValues, defaultMaxInputMb, formatMb, MB, maxValuesFor, raiseLimitHint, VALUES_PER_MB } from './input-limits.js';
import type { Topology } from './model.js';
import { resolveTopology, type ParsedFile } from './resolve.js';
import { includeNotes, parseSource, type SourceFile } from './source.js';

export type LoadResult =
  | { readonly ok: true; readonly topology: Topology; readonly warnings: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

export interface LoadOptions {
  /** Further folders includes may be read from, besides the main file's folder and the working directory. */
  readonly includeRoots?: readonly string[] | undefined;
  /** Bytes of topology files (main file and includes together) to read at most; default: defaultMaxInputMb() (input-limits.ts). */
  readonly maxInputBytes?: number | undefined;
  /** Includes (absolute paths) to leave out, as if not listed: `segproof import` regenerating a fragment the topology includes. */
  readonly skipIncludes?: ReadonlySet<string> | undefined;
}

export async function loadTopology(file: string, options: LoadOptions = {}): Promise<LoadResult> {
  const read = await readRegularFile(file, maxInputBytes(options));
  if (!read.ok) return { ok: false, diagnostics: [read.problem === 'too-large' ? tooLarge(file, read.size, maxInputBytes(options), read.size, undefined, []) : unreadable(file, read, undefined, [])] };
  return loadText(read.text, file, options, read.invalidUtf8 ? [invalidUtf8Warning(file, read.invalidUtf8, [])] : []);
}

/** Loads from text; includes are read relative to `file`'s folder. */
export async function loadTopologyText(text: string, file: string, options: LoadOptions = {}): Promise<LoadResult> {
  return loadText(text, file, options, []);
}

async function loadText(text: string, file: string, options: LoadOptions, readWarnings: readonly Diagnostic[]): Promise<LoadResult> {
  const diagnostics: Diagnostic[] = [];
  const warnings: Diagnostic[] = [...readWarnings];
  const files: ParsedFile[] = [];
  const roots = await allowedRoots([path.dirname(file), process.cwd(), ...(options.includeRoots ?? [])]);
  // One budget for the main file and its includes: memory grows with all of them together.
  const limit = maxInputBytes(options);
  let budget = limit - Buffer.byteLength(text);
  // And one for the values (what memory really grows with), counted before each file is parsed.
  const maxValues = maxValuesFor(limit);
  let values = 0;
  const tooManyValues = (fileText: string, shown: string, at: SourceLocation | undefined, chain: readonly SourceLocation[]): Diagnostic | undefined => {
    const count = countValues(fileText).count;
    values += count;
    if (values <= maxValues) return undefined;
    const offset = countValues(fileText, maxValues - (values - count)).exceededAt ?? 0;
    return valuesOverLimit(shown, fileText, offset, values, maxValues, limit, at, chain);
  };

  // `absolute` is the file's path; `source.file` its name for messages (relative to the working directory when inside it).
  const visit = async (source: SourceFile, absolute: string, isMain: boolean, chain: readonly string[]): Promise<void> => {
    const structure = conformsToFormat(source.data, isMain ? 'topology' : 'include') ? { ok: true, diagnostics: [] } : await structureDiagnostics(source, isMain);
    diagnostics.push(...structure.diagnostics);
    if (!structure.ok) return;
    const data = source.data as TopologyFile | IncludeFile;
    files.push({ source, data });
    for (const [index, include] of (data.include ?? []).entries()) {
      const at = source.locateValue(['include', index]);
      const target = path.resolve(path.dirname(absolute), include);
      if (options.skipIncludes?.has(target)) continue;
      const shown = displayPath(target);
      const includedFrom = [...source.includedFrom, at];
      if (chain.includes(target)) {
        diagnostics.push({
          code: 'TOPO003',
          severity: 'error',
          message: `include cycle: "${excerpt(include, 80)}" is already being loaded`,
          location: at,
          expected: 'includes that form a tree',
          hint: 'remove one of the include entries in the cycle',
          notes: [...includeNotes(source.includedFrom), `cycle: ${[...chain, target].map((f) => path.relative(process.cwd(), f) || f).join(' -> ')}`],
        });
        continue;
      }
      const confined = await confine(target, roots);
      if (!confined.inside) {
        diagnostics.push(outsideRoots(include, confined.resolved, roots, at, source.includedFrom));
        continue;
      }
      const read = await readRegularFile(target, Math.max(0, budget));
      if (!read.ok) {
        diagnostics.push(read.problem === 'too-large' ? tooLarge(shown, read.size, limit, limit - budget + read.size, at, includedFrom) : unreadable(shown, read, at, includedFrom));
        continue;
      }
      budget -= Buffer.byteLength(read.text);
      if (read.invalidUtf8) warnings.push(invalidUtf8Warning(shown, read.invalidUtf8, includedFrom));
      const overflow = tooManyValues(read.text, shown, at, includedFrom);
      if (overflow) {
        diagnostics.push(overflow);
        continue;
      }
      const parsed = parseSource(read.text, shown, includedFrom, { maxValues: Infinity });
      diagnostics.push(...parsed.diagnostics);
      warnings.push(...parsed.warnings);
      if (parsed.diagnostics.length === 0) await visit(parsed.source, target, false, [...chain, target]);
    }
  };

  if (budget < 0) return { ok: false, diagnostics: [tooLarge(file, limit - budget, limit, limit - budget, undefined, [])] };
  const overflow = tooManyValues(text, file, undefined, []);
  if (overflow) return { ok: false, diagnostics: [overflow] };
  const main = parseSource(text, file, [], { maxValues: Infinity });
  diagnostics.push(...main.diagnostics);
  warnings.push(...main.warnings);
  if (main.diagnostics.length === 0) await visit(main.source, path.resolve(file), true, [path.resolve(file)]);
  if (hasErrors(diagnostics)) return { ok: false, diagnostics: sortDiagnostics([...diagnostics, ...warnings]) };

  const resolved = resolveTopology(files);
  if (!resolved.ok) return { ok: false, diagnostics: sortDiagnostics([...resolved.diagnostics, ...warnings]) };
  return { ok: true, topology: resolved.topology, warnings: sortDiagnostics([...warnings, ...resolved.warnings]) };
}

/**
 * zod's verdict and diagnostics on a file the quick check (format-check.ts) refuses. Imported here, when
 * first needed: zod and the format's schemas cost more start-up than the rest of a valid file's load.
 */
async function structureDiagnostics(source: SourceFile, isMain: boolean): Promise<{ ok: boolean; diagnostics: Diagnostic[] }> {
  const [{ validateStructure }, { includeFileSchema, topologyFileSchema }] = await Promise.all([import('./structure.js'), import('./format.js')]);
  return validateStructure(source, isMain ? topologyFileSchema : includeFileSchema);
}

function maxInputBytes(options: LoadOptions): number {
  return options.maxInputBytes ?? defaultMaxInputMb() * MB;
}

/** TOPO009: refused by its size, before reading (see input-limits.ts). */
function tooLarge(file: string, size: number, limit: number, needed: number, at: SourceLocation | undefined, chain: readonly SourceLocation[]): Diagnostic {
  return {
    code: 'TOPO009',
    severity: 'error',
    message: at
      ? `include "${file}" (${formatMb(size)}) would take the topology's files over the input limit of ${formatMb(limit)}`
      : `"${file}" is ${formatMb(size)}, over the input limit of ${formatMb(limit)}`,
    location: at ?? { file, line: 1, column: 1 },
    expected: `at most ${formatMb(limit)} of topology files, includes counted (loading takes about 100 bytes of memory per byte of YAML)`,
    hint: raiseLimitHint(needed),
    notes: includeNotes(chain.slice(0, -1)),
  };
}

/** TOPO009: more values than the input limit allows, at the value that goes over it (see input-limits.ts). */
function valuesOverLimit(file: string, text: string, offset: number, values: number, maxValues: number, limit: number, at: SourceLocation | undefined, chain: readonly SourceLocation[]): Diagnostic {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  let line = 1;
  for (let i = before.indexOf('\n'); i >= 0; i = before.indexOf('\n', i + 1)) line++;
  return {
    code: 'TOPO009',
    severity: 'error',
    message: `${at ? "the topology's files hold" : `"${file}" holds`} about ${values} values (lists, mappings and scalars, counted by their separators), over the ${maxValues} of the input limit of ${formatMb(limit)}; the limit is passed here`,
    location: { file, line, column: offset - lineStart + 1 },
    expected: `at most ${VALUES_PER_MB} values per MB of input limit, includes counted (loading takes up to about a kilobyte of memory per value)`,
    hint: raiseLimitHint((values / VALUES_PER_MB) * MB),
    notes: includeNotes(chain),
  };
}

function unreadable(file: string, read: Extract<ReadResult, { ok: false }>, at: SourceLocation | undefined, chain: readonly SourceLocation[]): Diagnostic {
  const location = at ?? { file, line: 1, column: 1 };
  const notes = includeNotes(chain.slice(0, -1));
  if (read.problem === 'not-regular') {
    return {
      code: 'TOPO006',
      severity: 'error',
      message: `cannot read "${file}": it is ${read.reason}, not a regular file`,
      location,
      expected: 'a regular YAML or JSON file',
      hint: at ? 'include files, not folders, pipes or devices' : 'name a regular file; segproof reads no folders, pipes or devices (save piped input to a file first)',
      notes,
    };
  }
  return {
    code: 'TOPO002',
    severity: 'error',
    message: `cannot read "${file}": ${read.reason}`,
    location,
    expected: 'a readable YAML or JSON topology file',
    hint: at ? 'include paths are relative to the including file' : 'check the path',
    notes,
  };
}

function outsideRoots(include: string, resolved: string | undefined, roots: AllowedRoots, at: SourceLocation, includedFrom: readonly SourceLocation[]): Diagnostic {
  const via = resolved === undefined ? '' : `: a symbolic link leads to "${displayPath(resolved)}"`;
  return {
    code: 'TOPO005',
    severity: 'error',
    message: `include "${excerpt(include, 80)}" lies outside the folders segproof may read${via}`,
    location: at,
    expected: `a file under ${roots.shown.map((r) => `"${r}"`).join(', ')} (the folder of the file named on the command line, the working directory, or a folder given with --include-root)`,
    hint: 'move the file under one of these folders, or allow its folder with --include-root <dir>',
    notes: includeNotes(includedFrom),
  };
}

function invalidUtf8Warning(file: string, bad: InvalidUtf8, chain: readonly SourceLocation[]): Diagnostic {
  const more = bad.count > 1 ? ` (and ${bad.count - 1} more invalid sequence${bad.count === 2 ? '' : 's'} in the file)` : '';
  return {
    code: 'TOPO007',
    severity: 'warning',
    message: `file is not valid UTF-8: byte 0x${bad.byte.toString(16).toUpperCase().padStart(2, '0')} here is read as the replacement character U+FFFD${more}`,
    location: { file, line: bad.line, column: bad.column },
    expected: 'text encoded as UTF-8',
    hint: 'convert the file to UTF-8 (files saved as Shift_JIS: iconv -f SHIFT_JIS -t UTF-8)',
    notes: includeNotes(chain),
  };
}
