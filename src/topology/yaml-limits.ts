/**
 * YAML parsing with bounded cost, for every YAML (and JSON) file segproof reads: topologies, includes,
 * scenarios, traffic matrices and expectations. The `yaml` package composes nested collections
 * recursively, resolves each alias by scanning every anchor before it, checks duplicate keys by comparing
 * each key with every earlier one, and turns aliases into shared objects that later passes copy out in
 * full. So, before and after composing:
 *
 * - nesting deeper than MAX_NESTING lists and mappings is refused on the token tree (an iterative walk,
 *   before any recursion), and so are aliases that nest values deeper than that;
 * - more than MAX_ALIASES aliases, an alias that refers to a collection containing it, an alias with no
 *   anchor before it, and aliases that would add more than MAX_ALIAS_EXPANSION values ("billion laughs")
 *   are refused with the alias's position;
 * - duplicate keys are found with one set per mapping (linear), and a key that only differs in type
 *   (`1` and `"1"`, the same property once read) counts as a duplicate.
 *
 * - text with more values than `maxValues` (countValues in input-limits.ts: about a kilobyte of heap each
 *   once parsed) is refused before it is parsed.
 *
 * Problems become errors of the document (code RESOURCE_EXHAUSTION, or DUPLICATE_KEY), so every caller
 * reports them as it reports syntax errors: located, exit 2.
 */
import type { CST, Document, DocumentOptions, LineCounter, Node as YamlNode, ParseOptions, SchemaOptions, YAMLParseError } from 'yaml';
import { countValues, defaultMaxInputMb, maxValuesFor, MB } from './input-limits.js';
import { MAX_ALIAS_EXPANSION, MAX_ALIASES, MAX_NESTING } from './yaml-bounds.js';
import { yamlPackage } from './yaml-package.js';

export { MAX_ALIAS_EXPANSION, MAX_ALIASES, MAX_NESTING };

export type YamlOptions = ParseOptions & DocumentOptions & SchemaOptions & {
  lineCounter?: LineCounter;
  /** Values (countValues in input-limits.ts) to parse at most; default: those of the default input limit. */
  maxValues?: number;
};

/**
 * `parseDocument` with the bounds above. Duplicate keys are checked here (whatever `uniqueKeys` says); the
 * returned document's `errors` hold every problem. Call `toData` for its plain data.
 */
export function parseYamlDocument(text: string, options: YamlOptions = {}): Document.Parsed {
  const yaml = yamlPackage();
  const refuse = (offset: number, message: string): Document.Parsed => {
    const doc = new yaml.Document(undefined, { ...options, uniqueKeys: false }) as Document.Parsed;
    doc.errors.push(new yaml.YAMLParseError([offset, offset + 1], 'RESOURCE_EXHAUSTION', message));
    return doc;
  };
  // The token tree and the document cost up to about a kilobyte per value: count before building them.
  const maxValues = options.maxValues ?? maxValuesFor(defaultMaxInputMb() * MB);
  const values = countValues(text, maxValues);
  if (values.exceededAt !== undefined) {
    options.lineCounter?.addNewLine(0);
    for (let i = text.indexOf('\n'); i >= 0 && i < values.exceededAt; i = text.indexOf('\n', i + 1)) options.lineCounter?.addNewLine(i + 1);
    return refuse(values.exceededAt, `more than ${maxValues} values (lists, mappings and scalars, counted by their separators): too many to load`);
  }
  const parser = new yaml.Parser(options.lineCounter?.addNewLine);
  const tokens = [...parser.parse(text)];
  for (const token of tokens) {
    const deep = tooDeep(token);
    if (deep !== undefined) return refuse(deep, `lists and mappings nested more than ${MAX_NESTING} levels deep`);
  }
  const composer = new yaml.Composer({ ...options, uniqueKeys: false });
  let doc: Document.Parsed | undefined;
  for (const next of composer.compose(tokens, true, text.length)) {
    if (!doc) doc = next;
    else {
      doc.errors.push(new yaml.YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
  }
  const parsed = doc as Document.Parsed; // compose(…, true) always yields one
  if (parsed.errors.length === 0) parsed.errors.push(...checkDocument(parsed));
  return parsed;
}

/**
 * The document's plain data, or the reason it has none. Never throws: a failure inside the `yaml`
 * package (which the checks above should leave none) becomes a RESOURCE_EXHAUSTION error at the start.
 */
export function toData(doc: Document.Parsed): { ok: true; data: unknown } | { ok: false; error: YAMLParseError } {
  try {
    // The checks in parseYamlDocument bound the aliases; the package's own count (per anchor) would refuse
    // legitimate files that use one anchor more than a thousand times.
    return { ok: true, data: doc.toJS({ maxAliasCount: -1 }) };
  } catch (error) {
    const at = doc.contents?.range?.[0] ?? 0;
    return { ok: false, error: new (yamlPackage().YAMLParseError)([at, at + 1], 'RESOURCE_EXHAUSTION', error instanceof Error ? error.message : String(error)) };
  }
}

/** Offset of the first collection nested deeper than MAX_NESTING in a token tree, if any (iterative). */
function tooDeep(root: CST.Token): number | undefined {
  const stack: [CST.Token, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [token, depth] = stack.pop() as [CST.Token, number];
    switch (token.type) {
      case 'document':
        if (token.value) stack.push([token.value, depth]);
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection': {
        const inner = depth + 1;
        if (inner > MAX_NESTING) return token.offset;
        for (const item of token.items) {
          if (item.key) stack.push([item.key, inner]);
          if (item.value) stack.push([item.value, inner]);
        }
        break;
      }
      default:
        break;
    }
  }
  return undefined;
}

interface AnchorInfo {
  /** Values in the anchored node once expanded; undefined while the node is still being walked. */
  size: number | undefined;
  /** Levels of lists and mappings in it, once expanded. */
  depth: number;
}

interface Frame {
  readonly node: YamlNode;
  readonly children: readonly YamlNode[];
  next: number;
  size: number;
  depth: number;
  /** Lists and mappings above this node. */
  readonly level: number;
}

/** Aliases and duplicate keys: a walk in document order with an explicit stack. */
function checkDocument(doc: Document.Parsed): YAMLParseError[] {
  const { isAlias, isMap, isPair, isScalar, isSeq, YAMLParseError: ParseError } = yamlPackage();
  const root = doc.contents as YamlNode | null;
  if (!root) return [];
  const errors: YAMLParseError[] = [];
  const anchors = new Map<string, AnchorInfo>();
  let aliases = 0;
  let expansion = 0;
  const problem = (node: YamlNode, message: string): YAMLParseError[] => {
    const at = node.range?.[0] ?? 0;
    return [...errors, new ParseError([at, at + 1], 'RESOURCE_EXHAUSTION', message)];
  };

  const open = (node: YamlNode, level: number): Frame => {
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) anchors.set(anchor, { size: undefined, depth: 0 });
    const children: YamlNode[] = [];
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = pair.key as YamlNode | null;
        if (isScalar(key)) {
          const name = String(key.value);
          if (seen.has(name)) {
            const at = key.range?.[0] ?? 0;
            errors.push(new ParseError([at, at + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
          }
          seen.add(name);
        }
        if (key) children.push(key);
        if (pair.value) children.push(pair.value as YamlNode);
      }
    } else if (isSeq(node)) {
      for (const item of node.items as unknown[]) {
        if (isPair(item)) children.push(...([item.key, item.value] as (YamlNode | null)[]).filter((n): n is YamlNode => n !== null && n !== undefined));
        else if (item) children.push(item as YamlNode);
      }
    }
    const collection = isMap(node) || isSeq(node);
    return { node, children, next: 0, size: 1, depth: collection ? 1 : 0, level };
  };

  const stack: Frame[] = [open(root, 0)];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as Frame;
    const child = frame.children[frame.next++];
    if (child !== undefined) {
      const level = frame.level + 1;
      if (isAlias(child)) {
        if (++aliases > MAX_ALIASES) return problem(child, `more than ${MAX_ALIASES} aliases`);
        const target = anchors.get(child.source);
        if (!target) return problem(child, `alias *${child.source.slice(0, 60)} has no anchor &${child.source.slice(0, 60)} before it`);
        if (target.size === undefined) return problem(child, `alias *${child.source.slice(0, 60)} refers to a collection that contains it`);
        expansion += target.size;
        if (expansion > MAX_ALIAS_EXPANSION) return problem(child, `aliases expand to more than ${MAX_ALIAS_EXPANSION} values (an alias bomb?)`);
        if (level + target.depth > MAX_NESTING) return problem(child, `aliases nest lists and mappings more than ${MAX_NESTING} levels deep`);
        frame.size += target.size;
        frame.depth = Math.max(frame.depth, 1 + target.depth);
        continue;
      }
      stack.push(open(child, level));
      continue;
    }
    stack.pop();
    const anchor = (frame.node as { anchor?: string }).anchor;
    if (anchor) anchors.set(anchor, { size: frame.size, depth: frame.depth });
    const parent = stack[stack.length - 1];
    if (parent) {
      parent.size += frame.size;
      parent.depth = Math.max(parent.depth, 1 + frame.depth);
    }
  }
  return errors;
}
