/**
 * Parsing one input file into data and positions. The subset parser (yaml-subset.ts) reads the YAML
 * topologies are written in, JSON included, about as fast as JSON.parse; any file it declines — and
 * every file with a problem — goes to its twin on the `yaml` package's Document (source-document.ts),
 * which reports every diagnostic. Both give the same data and positions where the subset accepts.
 */
import type { Diagnostic, SourceLocation } from '../diagnostics/diagnostic.js';
import { countValues, defaultMaxInputMb, maxValuesFor, MB } from './input-limits.js';
import { withLfLineEnds } from './line-ends.js';
import { LineIndex } from './line-index.js';
import { parseSourceDocument } from './source-document.js';
import type { SourceFile } from './source-file.js';
import { parseYamlSubset } from './yaml-subset.js';

export { includeNotes, type DataPath, type SourceFile } from './source-file.js';

export function parseSource(
  text: string,
  file: string,
  includedFrom: readonly SourceLocation[] = [],
  /** Values to parse at most (see yaml-limits.ts); load.ts checks its own budget first and passes Infinity. */
  limits: { readonly maxValues?: number | undefined } = {},
): { source: SourceFile; diagnostics: Diagnostic[]; warnings: Diagnostic[] } {
  const maxValues = limits.maxValues ?? maxValuesFor(defaultMaxInputMb() * MB);
  // The value limit bounds what the subset parser builds as it bounds the twin, which reports a file over it.
  const withinLimit = maxValues === Infinity || countValues(text, maxValues).exceededAt === undefined;
  const lf = withinLimit ? withLfLineEnds(text) : undefined;
  const parsed = lf ? parseYamlSubset(lf.text) : undefined;
  if (!lf || !parsed) return parseSourceDocument(text, file, includedFrom, limits);
  const lines = new LineIndex(text);
  const at = (offset: number): SourceLocation => ({ file, ...lines.position(lf.original(offset)) });
  return {
    source: {
      file,
      data: parsed.data,
      includedFrom,
      locateKey: (path) => at(parsed.positions.offsetOf(path, 'key')),
      locateValue: (path) => at(parsed.positions.offsetOf(path, 'value')),
    },
    diagnostics: [],
    warnings: [],
  };
}
