/** The published JSON Schema for editors, generated from the zod format so the two cannot drift. */
import { formatCheckSchema, topologyJsonSchema } from './format.js';

export function renderTopologySchema(): string {
  return `${JSON.stringify(topologyJsonSchema(), null, 2)}\n`;
}

/** Where `npm run schema` writes renderFormatCheckModule's text, from the repository root. */
export const FORMAT_CHECK_MODULE = 'src/topology/format-check-schema.ts';

/** format-check-schema.ts: the format as format-check.ts reads it, generated here so it cannot drift either. */
export function renderFormatCheckModule(): string {
  return [
    '/**',
    ' * Generated from format.ts by `npm run schema` (formatCheckSchema); do not edit. The main and include file',
    ' * formats as a JSON Schema, for format-check.ts to check files against without loading zod.',
    ' */',
    "import type { JsonSchema } from './format-check.js';",
    '',
    `export const FORMAT_CHECK_SCHEMA: JsonSchema = ${JSON.stringify(formatCheckSchema(), null, 2)};`,
    '',
  ].join('\n');
}
