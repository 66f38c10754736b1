/**
 * Whether a file's data is valid in the topology format, without zod: loading zod, building the format's
 * schemas and compiling their first parse cost a command more start-up than all the rest of `validate`.
 * The format stays in format.ts; this reads the JSON Schema generated from it (format-check-schema.ts,
 * `npm run schema`) with the keywords that schema uses, as zod applies them (numbers finite, integers
 * safe). A valid file needs nothing more; a file it refuses goes to zod (structure.ts), which reports
 * every diagnostic, so a refusal it got wrong would cost time, never a message. test/topology/
 * format-check.test.ts holds it to zod on every topology in the repository and on random mutations of them.
 */
import { FORMAT_CHECK_SCHEMA } from './format-check-schema.js';

/** The part of JSON Schema (draft 2020-12) the generated format uses. */
export interface JsonSchema {
  readonly $ref?: string;
  readonly $defs?: Readonly<Record<string, JsonSchema>>;
  readonly type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly items?: JsonSchema;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: JsonSchema | false;
  readonly propertyNames?: JsonSchema;
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
}

/** The keywords check() knows; `npm run schema` refuses to write a schema with any other (schema.ts). */
export const KNOWN_KEYWORDS: ReadonlySet<string> = new Set([
  '$ref', '$defs', 'type', 'const', 'enum', 'pattern', 'minimum', 'maximum', 'minItems', 'items',
  'properties', 'required', 'additionalProperties', 'propertyNames', 'anyOf', 'oneOf',
]);

/** Whether `data` is a valid main file (`topology`) or include file (`include`). */
export function conformsToFormat(data: unknown, file: 'topology' | 'include'): boolean {
  const schema = FORMAT_CHECK_SCHEMA.properties?.[file];
  return schema !== undefined && check(FORMAT_CHECK_SCHEMA, schema, data);
}

/** Whether every schema in `schema` (itself, its $defs, properties, items …) uses only KNOWN_KEYWORDS. */
export function usesKnownKeywordsOnly(schema: JsonSchema): boolean {
  for (const [keyword, value] of Object.entries(schema)) {
    if (!KNOWN_KEYWORDS.has(keyword)) return false;
    const inner: unknown[] =
      keyword === '$defs' || keyword === 'properties' ? Object.values(value as object)
      : keyword === 'anyOf' || keyword === 'oneOf' ? (value as unknown[])
      : keyword === 'items' || keyword === 'propertyNames' || (keyword === 'additionalProperties' && value !== false) ? [value]
      : [];
    if (!inner.every((s) => isMapping(s) && usesKnownKeywordsOnly(s as JsonSchema))) return false;
  }
  return true;
}

const patterns = new Map<string, RegExp>();

function matches(pattern: string, text: string): boolean {
  let regex = patterns.get(pattern);
  if (!regex) patterns.set(pattern, (regex = new RegExp(pattern)));
  return regex.test(text);
}

/** `#/$defs/NAME` in `root`, or undefined for any other reference. */
function definition(root: JsonSchema, ref: string): JsonSchema | undefined {
  const name = ref.startsWith('#/$defs/') ? ref.slice('#/$defs/'.length) : undefined;
  return name === undefined || !root.$defs || !Object.hasOwn(root.$defs, name) ? undefined : root.$defs[name];
}

const isMapping = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether `value` is valid under `schema`; `root` holds the $defs that $ref names. */
function check(root: JsonSchema, schema: JsonSchema, value: unknown): boolean {
  if (schema.$ref !== undefined) {
    const target = definition(root, schema.$ref);
    if (!target || !check(root, target, value)) return false;
  }
  if (schema.type !== undefined && !hasType(schema.type, value)) return false;
  // zod compares literals and enum values as a Set does (SameValueZero), as includes() does.
  if ('const' in schema && !(schema.const === value || (Number.isNaN(schema.const) && Number.isNaN(value)))) return false;
  if (schema.enum !== undefined && !schema.enum.includes(value)) return false;
  if (schema.pattern !== undefined && typeof value === 'string' && !matches(schema.pattern, value)) return false;
  if (schema.minimum !== undefined && typeof value === 'number' && !(value >= schema.minimum)) return false;
  if (schema.maximum !== undefined && typeof value === 'number' && !(value <= schema.maximum)) return false;
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) return false;
    if (schema.items !== undefined) {
      for (const item of value) if (!check(root, schema.items, item)) return false;
    }
  }
  if (isMapping(value) && !checkMapping(root, schema, value)) return false;
  if (schema.anyOf !== undefined && !schema.anyOf.some((option) => check(root, option, value))) return false;
  if (schema.oneOf !== undefined && schema.oneOf.filter((option) => check(root, option, value)).length !== 1) return false;
  return true;
}

function checkMapping(root: JsonSchema, schema: JsonSchema, value: Record<string, unknown>): boolean {
  const properties = schema.properties;
  for (const key of schema.required ?? []) {
    if (!Object.hasOwn(value, key)) return false;
  }
  for (const key of Object.keys(value)) {
    if (schema.propertyNames !== undefined && !check(root, schema.propertyNames, key)) return false;
    const own = properties !== undefined && Object.hasOwn(properties, key) ? properties[key] : undefined;
    if (own !== undefined) {
      if (!check(root, own, value[key])) return false;
    } else if (schema.additionalProperties === false) {
      return false;
    } else if (schema.additionalProperties !== undefined && !check(root, schema.additionalProperties, value[key])) {
      return false;
    }
  }
  return true;
}

/** JSON Schema's types as zod checks them: numbers finite, integers safe. */
function hasType(type: NonNullable<JsonSchema['type']>, value: unknown): boolean {
  switch (type) {
    case 'object': return isMapping(value);
    case 'array': return Array.isArray(value);
    case 'string': return typeof value === 'string';
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'integer': return Number.isSafeInteger(value);
    case 'boolean': return typeof value === 'boolean';
    case 'null': return value === null;
  }
}
