/**
 * Markdown tables of keys from a JSON Schema that zod generated (z.toJSONSchema). The references are
 * rendered from the formats themselves, so a key, type, default or allowed value cannot drift from
 * what the loader accepts. One row per key, nested keys as dotted paths (`bind.interface`), map
 * entries as `<name>`, list items as `[]`; a sub-schema already tabled elsewhere is referred to.
 */

export interface JsonSchema {
  readonly type?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: JsonSchema | boolean;
  readonly propertyNames?: JsonSchema;
  readonly items?: JsonSchema;
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly description?: string;
  readonly default?: unknown;
  readonly deprecated?: boolean;
  readonly examples?: readonly unknown[];
}

export interface KeyRow {
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  readonly default: string;
  readonly allowed: string;
  readonly description: string;
}

/** The name pattern of the formats: shown as "name" rather than as a regular expression. */
const NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_-]*$';
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

const code = (v: unknown) => `\`${typeof v === 'string' ? v : JSON.stringify(v)}\``;
const variants = (s: JsonSchema) => s.anyOf ?? s.oneOf;
const isObject = (s: JsonSchema) => s.type === 'object' && (s.properties !== undefined || typeof s.additionalProperties === 'object');

/** A one-line type: `string`, `name`, `integer`, `list of strings`, `map name → object` … */
export function typeOf(s: JsonSchema): string {
  const alts = variants(s);
  if (alts) {
    if (alts.every((a) => a.const !== undefined)) return typeOf({ type: typeof alts[0]?.const === 'number' ? 'integer' : 'string' });
    if (alts.every((a) => a.type === 'object' && a.properties)) return `one of ${alts.map((a) => `{${Object.keys(a.properties ?? {}).join(', ')}}`).join(' or ')}`;
    return [...new Set(alts.map(typeOf))].join(' or ');
  }
  if (s.const !== undefined) return typeof s.const === 'number' ? 'integer' : typeof s.const;
  switch (s.type) {
    case 'string':
      return s.pattern === NAME_PATTERN ? 'name' : 'string';
    case 'array':
      return `list of ${s.items ? plural(typeOf(s.items)) : 'values'}${s.minItems ? ` (at least ${s.minItems})` : ''}`;
    case 'object':
      if (s.properties) return 'object';
      if (typeof s.additionalProperties === 'object') return `map ${s.propertyNames ? typeOf(s.propertyNames) : 'string'} → ${typeOf(s.additionalProperties)}`;
      return 'object';
    case undefined:
      return 'any';
    default:
      return s.type;
  }
}

function plural(type: string): string {
  if (type.includes(' or ')) return type.split(' or ').map(plural).join(' or ');
  return /^(string|name|integer|number|boolean|object)$/.test(type) ? `${type}s` : type;
}

/** Allowed values: enums, constants, ranges, patterns other than names. */
export function allowedOf(s: JsonSchema): string {
  const alts = variants(s);
  if (alts?.every((a) => a.const !== undefined)) return alts.map((a) => code(a.const)).join(', ');
  if (s.enum) return s.enum.map(code).join(', ');
  if (s.const !== undefined) return code(s.const);
  if (s.type === 'array' && s.items) return allowedOf(s.items);
  if (s.type === 'integer' || s.type === 'number') {
    const lo = s.minimum;
    const hi = s.maximum !== undefined && s.maximum < MAX_SAFE ? s.maximum : undefined;
    if (lo !== undefined && hi !== undefined) return `${lo}–${hi}`;
    if (lo !== undefined) return `≥ ${lo}`;
    if (hi !== undefined) return `≤ ${hi}`;
  }
  if (s.type === 'string' && s.pattern && s.pattern !== NAME_PATTERN) return `matches ${code(s.pattern)}`;
  return '';
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n+/g, ' ');
}

export interface TableOptions {
  /** Sub-schemas (by JSON text) already tabled, with the path to refer to instead of repeating them. */
  readonly seen?: Map<string, string>;
  /** Keys left out (documented elsewhere, e.g. the keys every node kind shares). */
  readonly skip?: ReadonlySet<string>;
}

/** The rows of one object schema's keys, and their nested keys, below `prefix`. */
export function keyRows(schema: JsonSchema, prefix: string, options: TableOptions = {}): KeyRow[] {
  const seen = options.seen ?? new Map<string, string>();
  const rows: KeyRow[] = [];
  const walk = (s: JsonSchema, at: string, required: boolean, skip: ReadonlySet<string>) => {
    for (const [key, sub] of Object.entries(s.properties ?? {})) {
      if (skip.has(key)) continue;
      const path = at ? `${at}.${key}` : key;
      const isRequired = required && (s.required ?? []).includes(key);
      const nested = nestedObject(sub);
      const text = nested ? JSON.stringify(nested.schema) : '';
      const earlier = nested && nested.schema.properties && Object.keys(nested.schema.properties).length > 1 ? seen.get(text) : undefined;
      const own = sub.description ?? nested?.schema.description ?? '';
      const refer = earlier ? `${own ? '; ' : ''}the same keys as \`${earlier}\`` : '';
      rows.push({
        path: `${prefix}${path}`,
        type: typeOf(sub),
        required: isRequired,
        default: sub.default === undefined ? '' : code(sub.default),
        allowed: allowedOf(sub),
        description: `${sub.deprecated ? '**Deprecated.** ' : ''}${own}${refer}`,
      });
      if (!nested || earlier) continue;
      if (nested.schema.properties && Object.keys(nested.schema.properties).length > 1) seen.set(text, `${prefix}${path}${nested.suffix}`);
      for (const form of nested.forms) walk(form, `${path}${nested.suffix}`, true, new Set());
    }
  };
  walk(schema, '', true, options.skip ?? new Set());
  return rows;
}

/** The object inside a key's schema: itself, its list items (`[]`), its map values (`.<name>`), or each form of a union. */
function nestedObject(s: JsonSchema): { schema: JsonSchema; forms: JsonSchema[]; suffix: string } | undefined {
  const alts = variants(s)?.filter(isObject);
  if (alts && alts.length > 0 && alts.every((a) => a.properties)) {
    const merged: JsonSchema = { type: 'object', properties: Object.assign({}, ...alts.map((a) => a.properties)) as Record<string, JsonSchema> };
    return { schema: merged, forms: alts, suffix: '' };
  }
  if (s.type === 'object' && s.properties) return { schema: s, forms: [s], suffix: '' };
  if (s.type === 'array' && s.items && isObject(s.items) && s.items.properties) return { schema: s.items, forms: [s.items], suffix: '[]' };
  if (s.type === 'object' && typeof s.additionalProperties === 'object' && isObject(s.additionalProperties) && s.additionalProperties.properties) {
    return { schema: s.additionalProperties, forms: [s.additionalProperties], suffix: '.<name>' };
  }
  return undefined;
}

export function renderKeyTable(rows: readonly KeyRow[]): string {
  const lines = ['| key | type | required | default | allowed values | description |', '|---|---|---|---|---|---|'];
  for (const r of rows) lines.push(`| \`${cell(r.path)}\` | ${cell(r.type)} | ${r.required ? 'yes' : ''} | ${cell(r.default)} | ${cell(r.allowed)} | ${cell(r.description)} |`);
  return lines.join('\n');
}

export function yamlBlock(text: string): string {
  return ['```yaml', text.trimEnd(), '```'].join('\n');
}
