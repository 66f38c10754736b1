/** The published JSON Schema for editors, generated from the zod format so the two cannot drift. */
import { KNOWN_KEYWORDS, usesKnownKeywordsOnly, type JsonSchema } from './format-check.js';
import { formatCheckSchema, topologyJsonSchema } from './format.js';

export function renderTopologySchema(): string {
  return `${JSON.stringify(topologyJsonSchema(), null, 2)}\n`;
}

/** Where `npm run schema` writes renderFormatCheckModule's text, from the repository root. */
export const FORMAT_CHECK_MODULE = 'src/topology/format-check-schema.ts';

/**
 * format-check-schema.ts: the format as format-check.ts reads it, generated here so it cannot drift either.
 * Refused when the schema uses a keyword the check does not know (it would be ignored, and a file it
 * constrains accepted). The JSON is one string given to JSON.parse, which a process reads faster than
 * the same object written as a literal.
 */
export function renderFormatCheckModule(): string {
  const schema = formatCheckSchema() as JsonSchema;
  if (!usesKnownKeywordsOnly(schema)) throw new Error(`the format's JSON Schema uses keywords beyond ${[...KNOWN_KEYWORDS].join(', ')}: teach format-check.ts them first`);
  return [
    '/**',
    ' * Generated from format.ts by `npm run schema` (formatCheckSchema); do not edit. The main and include file',
    ' * formats as a JSON Schema, for format-check.ts to check files against without loading zod.',
    ' */',
    "import type { JsonSchema } from './format-check.js';",
    '',
    `export const FORMAT_CHECK_SCHEMA: JsonSchema = JSON.parse(${JSON.stringify(JSON.stringify(schema))}) as JsonSchema;`,
    '',
  ].join('\n');
}
