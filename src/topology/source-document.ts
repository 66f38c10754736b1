/**
 * The slow, obviously correct twin of the subset parser (yaml-subset.ts): the `yaml` package's Document,
 * bounded by yaml-limits.ts, with positions read from its node tree. Every file the subset declines is
 * parsed here, so every syntax error, limit and warning is reported as the package finds it.
 */
import type { Document, Node as YamlNode, Pair, YAMLMap, YAMLParseError } from 'yaml';
import type { Diagnostic, SourceLocation } from '../diagnostics/diagnostic.js';
import { excerpt } from '../diagnostics/escape.js';
import { includeNotes, type DataPath, type SourceFile } from './source-file.js';
import { parseYamlDocument, toData } from './yaml-limits.js';
import { yamlPackage } from './yaml-package.js';

export function parseSourceDocument(
  text: string,
  file: string,
  includedFrom: readonly SourceLocation[] = [],
  /** Values to parse at most (see yaml-limits.ts). */
  limits: { readonly maxValues?: number | undefined } = {},
): { source: SourceFile; diagnostics: Diagnostic[]; warnings: Diagnostic[] } {
  const lineCounter = new (yamlPackage().LineCounter)();
  // resolveKnownTags: false keeps !!binary, !!set, !!timestamp … from turning values into buffers, sets and dates.
  // Bounded: nesting depth, aliases and duplicate keys are checked in linear time (see yaml-limits.ts).
  // logLevel 'error': the package would print its own warnings (collection keys) to stderr; segproof reports in diagnostics.
  const doc = parseYamlDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true, resolveKnownTags: false, logLevel: 'error', maxValues: limits.maxValues });
  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const notes = includeNotes(includedFrom);
  const yamlError = (e: YAMLParseError): Diagnostic => {
    if (e.code === 'RESOURCE_EXHAUSTION') {
      return { code: 'TOPO001', severity: 'error', message: yamlMessage(e.message), location: at(e.pos[0]), expected: 'YAML (or JSON) within segproof\'s limits: at most 64 levels of nesting, at most 10,000 aliases adding at most 1,000,000 values, no alias inside the collection it names', hint: 'write the structure out plainly; topology files need only a few levels and no aliases', notes };
    }
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
  };
  const diagnostics: Diagnostic[] = doc.errors.map(yamlError);
  const warnings = yamlWarnings(doc, at, notes);
  let data: unknown;
  if (diagnostics.length === 0) {
    const converted = toData(doc);
    if (converted.ok) data = converted.data;
    else diagnostics.push(yamlError(converted.error));
  }
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
    warnings,
  };
}

/** Tags of YAML 1.1 that the parser resolves under a `%YAML 1.1` directive; the core schema's own tags are fine. */
const YAML_11_TAGS = new Set(['binary', 'omap', 'pairs', 'set', 'timestamp'].map((t) => `tag:yaml.org,2002:${t}`));

function tagText(tag: string): string {
  return excerpt(tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag);
}

/** TOPO008 for tags outside the core schema, and for whatever else the YAML parser ignored (unknown directives). */
function yamlWarnings(doc: Document, at: (offset: number) => SourceLocation, notes: string[]): Diagnostic[] {
  const warning = (offset: number, message: string, expected: string, hint: string): Diagnostic =>
    ({ code: 'TOPO008', severity: 'warning', message, location: at(offset), expected, hint, notes });
  const unsupportedTag = (offset: number, tag: string) =>
    warning(offset, `YAML tag "${tagText(tag)}" is not supported; the value is read as if it had no tag`, 'plain YAML values, without tags other than the core ones (!!str, !!int, !!float, !!bool, !!null, !!map, !!seq)', 'remove the tag');
  const out: Diagnostic[] = [];
  for (const w of doc.warnings) {
    if (w.code === 'TAG_RESOLVE_FAILED') out.push(unsupportedTag(w.pos[0], w.message.replace(/^Unresolved tag: /, '')));
    else out.push(warning(w.pos[0], `${yamlMessage(w.message)}; ignored`, 'YAML 1.2 without directives other than %YAML and %TAG', 'remove what the message names'));
  }
  // Under a `%YAML 1.1` directive the 1.1 tags (!!binary, !!set …) resolve without a parser warning.
  if (doc.directives?.yaml.version === '1.1') {
    yamlPackage().visit(doc, {
      Node(_key, node) {
        if (node.tag !== undefined && YAML_11_TAGS.has(node.tag) && node.range) out.push(unsupportedTag(node.range[0], node.tag));
      },
    });
  }
  return out;
}

function yamlMessage(message: string): string {
  // The yaml package appends a position and code excerpt; the diagnostic carries its own location.
  // It may quote the offending token: keep a short, escaped excerpt, never the file's content.
  const firstLine = message.split('\n')[0] ?? message;
  return excerpt(firstLine.replace(/ at line \d+, column \d+:?$/, '').trim(), 120);
}

/** Each mapping's pairs by key, built on first use: locating every rule of a large file stays linear. */
const pairIndex = new WeakMap<YAMLMap, Map<string, Pair>>();

function pairByKey(map: YAMLMap, key: string): Pair | undefined {
  let index = pairIndex.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items) {
      const name = yamlPackage().isScalar(p.key) ? String(p.key.value) : String(p.key);
      if (!index.has(name)) index.set(name, p as Pair);
    }
    pairIndex.set(map, index);
  }
  return index.get(key);
}

function offsetOf(doc: Document, path: DataPath, which: 'key' | 'value'): number {
  const { isMap, isSeq } = yamlPackage();
  let node: YamlNode | null | undefined = doc.contents as YamlNode | null;
  let best = node?.range?.[0] ?? 0;
  for (let i = 0; i < path.length; i++) {
    const step = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = pairByKey(node, String(step));
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
