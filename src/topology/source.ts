/**
 * One parsed input file with a position map: any path into the data (keys and indices) can be
 * turned back into file:line:column, so diagnostics point at what the user wrote.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { Diagnostic, SourceLocation } from '../diagnostics/diagnostic.js';

export type DataPath = readonly (string | number)[];

export interface SourceFile {
  readonly file: string;
  readonly data: unknown;
  /** Files that included this one, outermost first (empty for the main file). */
  readonly includedFrom: readonly SourceLocation[];
  /** Location of the key (or, for sequence items, the item) at `path`; falls back to the nearest ancestor. */
  readonly locateKey: (path: DataPath) => SourceLocation;
  /** Location of the value at `path`; falls back to the nearest ancestor. */
  readonly locateValue: (path: DataPath) => SourceLocation;
}

export function parseSource(
  text: string,
  file: string,
  includedFrom: readonly SourceLocation[] = [],
): { source: SourceFile; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const notes = includeNotes(includedFrom);
  const diagnostics: Diagnostic[] = doc.errors.map((e) => {
    const duplicate = e.code === 'DUPLICATE_KEY';
    return {
      code: duplicate ? 'TOPO030' : 'TOPO001',
      severity: 'error',
      message: duplicate ? 'duplicate name: this key appears twice in the same mapping' : yamlMessage(e.message),
      location: at(e.pos[0]),
      expected: duplicate ? 'each key once per mapping' : 'valid YAML (or JSON)',
      hint: duplicate ? 'rename or merge the two entries' : 'check indentation, quotes and brackets near this position',
      notes,
    } satisfies Diagnostic;
  });
  const data = diagnostics.length ? undefined : doc.toJS({ maxAliasCount: 1000 });
  const locate = (path: DataPath, which: 'key' | 'value'): SourceLocation => at(offsetOf(doc, path, which));
  return {
    source: {
      file,
      data,
      includedFrom,
      locateKey: (p) => locate(p, 'key'),
      locateValue: (p) => locate(p, 'value'),
    },
    diagnostics,
  };
}

/** `include` chain as notes, innermost last. */
export function includeNotes(includedFrom: readonly SourceLocation[]): string[] {
  return includedFrom.map((loc) => `included from ${loc.file}:${loc.line}:${loc.column}`).reverse();
}

function yamlMessage(message: string): string {
  // The yaml package appends a position and code excerpt; the diagnostic carries its own location.
  const firstLine = message.split('\n')[0] ?? message;
  return firstLine.replace(/ at line \d+, column \d+:?$/, '').trim();
}

function offsetOf(doc: Document, path: DataPath, which: 'key' | 'value'): number {
  let node: YamlNode | null | undefined = doc.contents as YamlNode | null;
  let best = node?.range?.[0] ?? 0;
  for (let i = 0; i < path.length; i++) {
    const step = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(step));
      if (!pair) return best;
      const keyNode = pair.key as YamlNode | null;
      if (last && which === 'key' && keyNode?.range) return keyNode.range[0];
      node = pair.value as YamlNode | null;
      best = node?.range?.[0] ?? keyNode?.range?.[0] ?? best;
    } else if (isSeq(node) && typeof step === 'number') {
      const item = node.items[step] as YamlNode | undefined;
      if (!item) return best;
      node = item;
      best = item.range?.[0] ?? best;
    } else {
      return best;
    }
  }
  return best;
}
