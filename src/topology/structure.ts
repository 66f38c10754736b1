/**
 * Structural validation of one file against the zod format, with every zod issue turned into a
 * located diagnostic that says what was expected (and, for unknown keys, what was probably meant).
 */
import { z } from 'zod';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { didYouMean, listNames } from '../diagnostics/diagnostic.js';
import { excerpt } from '../diagnostics/escape.js';
import { NAME_PATTERN, NODE_KINDS } from './format.js';
import { includeNotes, type DataPath, type SourceFile } from './source.js';

export function validateStructure(source: SourceFile, schema: z.ZodType): { ok: boolean; diagnostics: Diagnostic[] } {
  const result = schema.safeParse(source.data);
  if (result.success) return { ok: true, diagnostics: [] };
  const notes = includeNotes(source.includedFrom);
  const foreign = notAFileOfTheFormat(source, schema, notes);
  if (foreign) return { ok: false, diagnostics: [foreign] };
  const diagnostics = result.error.issues.flatMap((issue) => issueToDiagnostics(issue, source, schema, notes));
  return { ok: false, diagnostics };
}

/** Unknown keys reported one by one in a mapping; the rest are counted in a note. */
const MAX_UNKNOWN_KEYS = 10;

/**
 * A mapping none of whose top-level keys belongs to the format is some other file (a password file parses
 * as a mapping of its lines): one diagnostic, instead of one per key that would quote the file line by line.
 */
function notAFileOfTheFormat(source: SourceFile, schema: z.ZodType, notes: string[]): Diagnostic | undefined {
  const data = source.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const keys = Object.keys(data);
  const known = knownKeys(schema, data, []);
  if (keys.length === 0 || keys.some((k) => known.includes(k))) return undefined;
  return {
    code: 'TOPO010',
    severity: 'error',
    message: `this file is not a segproof topology: none of its ${keys.length} top-level key${keys.length === 1 ? ' is a section' : 's is a section'} of the format`,
    location: source.locateKey([]),
    expected: `a mapping with keys ${listNames(known, 40)}`,
    hint: 'check that the path names a segproof topology (or include) file',
    notes,
  };
}

function issueToDiagnostics(issue: z.core.$ZodIssue, source: SourceFile, schema: z.ZodType, notes: string[]): Diagnostic[] {
  const path = issue.path as (string | number)[];
  const where = pathText(path);
  const value = valueAt(source.data, path);
  const base = { severity: 'error' as const, notes };
  const missingKey = (keyPath: DataPath, expected: string): Diagnostic => {
    const key = String(keyPath[keyPath.length - 1]);
    const parent = keyPath.slice(0, -1);
    return { ...base, code: 'TOPO011', message: `missing required key "${key}" in ${pathText(parent) || 'the top level'}`, location: source.locateKey(parent), expected: `${key}: ${expected}`, hint: `add "${key}"` };
  };
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeys(schema, source.data, path);
      const more = issue.keys.length - MAX_UNKNOWN_KEYS;
      return issue.keys.slice(0, MAX_UNKNOWN_KEYS).map((key, i) => {
        const guess = didYouMean(key, known);
        return {
          ...base,
          code: 'TOPO010',
          message: `unknown key "${excerpt(key)}"${where ? ` in ${where}` : ''}`,
          location: source.locateKey([...path, key]),
          expected: `one of ${listNames(known, 40)}`,
          hint: guess ? `did you mean "${guess}"?` : 'remove the key or check its spelling and indentation',
          ...(more > 0 && i === MAX_UNKNOWN_KEYS - 1 ? { notes: [...notes, `${more} more unknown key${more === 1 ? '' : 's'} in this mapping not shown`] } : {}),
        } satisfies Diagnostic;
      });
    }
    case 'invalid_union': {
      if ('discriminator' in issue && issue.discriminator === 'kind') {
        const kind = valueAt(source.data, path);
        if (kind === undefined) {
          return [{ ...base, code: 'TOPO011', message: `missing required key "kind" in ${pathText(path.slice(0, -1))}`, location: source.locateKey(path.slice(0, -1)), expected: `kind: one of ${listNames(NODE_KINDS)}`, hint: 'every node declares its kind' }];
        }
        const guess = typeof kind === 'string' ? didYouMean(kind, NODE_KINDS) : undefined;
        return [{
          ...base,
          code: 'TOPO013',
          message: `unknown node kind ${quote(kind)}`,
          location: source.locateValue(path),
          expected: `one of ${listNames(NODE_KINDS)}`,
          hint: guess ? `did you mean "${guess}"?` : 'pick one of the known kinds',
        }];
      }
      // Unions of shapes (e.g. ACL bindings): report the variant whose shape is closest.
      const variants = ('errors' in issue ? issue.errors : []) as z.core.$ZodIssue[][];
      const closest = [...variants].sort((a, b) => a.length - b.length)[0];
      if (closest && closest.length > 0) {
        return closest.flatMap((inner) => issueToDiagnostics({ ...inner, path: [...path, ...inner.path] } as z.core.$ZodIssue, source, schema, notes));
      }
      return [{ ...base, code: 'TOPO012', message: `${where} has an unexpected shape`, location: source.locateValue(path), expected: describeExpected(schema, source.data, path), hint: 'see schema/topology.schema.json' }];
    }
    case 'invalid_type': {
      if (value === undefined) return [missingKey(path, issue.expected)];
      return [{ ...base, code: 'TOPO012', message: `${where || 'the file'} is ${describeValue(value)}`, location: source.locateValue(path), expected: issue.expected, hint: typeHint(issue.expected) }];
    }
    case 'invalid_value': {
      if (value === undefined) return [missingKey(path, issue.values.map((v) => JSON.stringify(v)).join(' | '))];
      if (path.length === 1 && path[0] === 'segproof') {
        return [{ ...base, code: 'TOPO004', message: `unsupported format version ${quote(value)}`, location: source.locateValue(path), expected: `segproof: ${issue.values.map(String).join(' or ')}`, hint: 'this version of segproof reads format version 1' }];
      }
      const allowed = issue.values.map((v) => JSON.stringify(v));
      const guess = typeof value === 'string' ? didYouMean(value, issue.values.map(String)) : undefined;
      return [{ ...base, code: 'TOPO012', message: `${where} is ${quote(value)}`, location: source.locateValue(path), expected: `one of ${allowed.join(', ')}`, hint: guess ? `did you mean "${guess}"?` : 'use one of the allowed values' }];
    }
    case 'invalid_key':
      return [{ ...base, code: 'TOPO014', message: `name ${quote(path[path.length - 1])} is not a valid identifier`, location: source.locateKey(path), expected: `a name matching ${NAME_PATTERN.source}`, hint: 'start with a letter or "_", then letters, digits, "_" or "-"' }];
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? `at least ${String(issue.minimum)}` : `at most ${String(issue.maximum)}`;
      const what = issue.origin === 'array' ? `a list with ${bound} entries` : `a number ${bound}`;
      return [{ ...base, code: 'TOPO012', message: `${where} is out of range: ${describeValue(value)}`, location: source.locateValue(path), expected: what, hint: 'change the value' }];
    }
    case 'invalid_format':
      return [{ ...base, code: 'TOPO012', message: `${where} is malformed: ${quote(value)}`, location: source.locateValue(path), expected: issue.format === 'regex' && 'pattern' in issue ? `text matching ${String(issue.pattern)}` : issue.format, hint: path[path.length - 1] === 'mac' ? 'write a MAC address as 00:11:22:33:44:55' : 'fix the spelling' }];
    default:
      return [{ ...base, code: 'TOPO012', message: `${where}: ${issue.message}`, location: source.locateValue(path), expected: describeExpected(schema, source.data, path), hint: 'see schema/topology.schema.json' }];
  }
}

/** A value read from the file, as a short escaped excerpt: a file that is not YAML (an include of /etc/shadow) is not echoed. */
function quote(v: unknown): string {
  return typeof v === 'string' ? `"${excerpt(v)}"` : excerpt(JSON.stringify(v) ?? String(v));
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${quote(v)}`;
}

function typeHint(expected: string): string {
  switch (expected) {
    case 'array': return 'write a YAML list ("- item" lines or [a, b])';
    case 'object': return 'write a mapping of "key: value" lines';
    case 'string': return 'quote the value';
    case 'number': return 'write a number without quotes';
    case 'boolean': return 'write true or false';
    default: return `write a ${expected}`;
  }
}

/** `nodes.fw1.acls[0].rules[2]` */
export function pathText(path: DataPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? excerpt(p, 64) : `.${excerpt(p, 64)}`)).join('');
}

function valueAt(data: unknown, path: DataPath): unknown {
  let cur = data;
  for (const step of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[step];
  }
  return cur;
}

/** Walks the zod schema along a data path; unions are resolved by the data (kind discriminator, then shape). */
function schemaAt(schema: z.ZodType, data: unknown, path: DataPath): z.ZodType | undefined {
  let cur: z.ZodType | undefined = schema;
  let value = data;
  for (let i = 0; i <= path.length; i++) {
    cur = unwrap(cur, value);
    if (i === path.length || !cur) return cur;
    const step = path[i] as string | number;
    if (cur instanceof z.ZodObject) cur = (cur.shape as Record<string, z.ZodType>)[String(step)];
    else if (cur instanceof z.ZodRecord) cur = cur.valueType as z.ZodType;
    else if (cur instanceof z.ZodArray) cur = cur.element as z.ZodType;
    else return undefined;
    value = value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[step] : undefined;
  }
  return cur;
}

function unwrap(schema: z.ZodType | undefined, value: unknown): z.ZodType | undefined {
  let cur = schema;
  for (;;) {
    if (cur instanceof z.ZodOptional || cur instanceof z.ZodNullable || cur instanceof z.ZodDefault) cur = cur.unwrap() as z.ZodType;
    else if (cur instanceof z.ZodDiscriminatedUnion || cur instanceof z.ZodUnion) {
      const options = cur.options as z.ZodType[];
      const kind = value !== null && typeof value === 'object' ? (value as Record<string, unknown>).kind : undefined;
      cur =
        options.find((o) => o instanceof z.ZodObject && (o.shape as Record<string, z.ZodType>).kind instanceof z.ZodLiteral && ((o.shape as Record<string, z.ZodLiteral>).kind as z.ZodLiteral).value === kind) ??
        options.find((o) => o instanceof z.ZodObject && value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).some((k) => k in (o.shape as object))) ??
        options.find((o) => o.safeParse(value).success) ??
        options[0];
    } else return cur;
  }
}

function knownKeys(schema: z.ZodType, data: unknown, path: DataPath): string[] {
  const at = schemaAt(schema, data, path);
  return at instanceof z.ZodObject ? Object.keys(at.shape as object) : [];
}

function describeExpected(schema: z.ZodType, data: unknown, path: DataPath): string {
  const at = schemaAt(schema, data, path);
  if (at instanceof z.ZodObject) return `a mapping with keys ${listNames(Object.keys(at.shape as object), 40)}`;
  if (at instanceof z.ZodArray) return 'a list';
  if (at instanceof z.ZodEnum) return `one of ${(at.options as string[]).map((o) => `"${o}"`).join(', ')}`;
  return at ? at.type : 'a value allowed by the schema';
}
