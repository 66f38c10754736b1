/** Regenerates the format references in docs/ from the formats themselves (scripts/docs/documents.ts). */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GENERATED_DOCS } from './docs/documents.js';

for (const doc of GENERATED_DOCS) {
  const target = fileURLToPath(new URL(`../${doc.file}`, import.meta.url));
  writeFileSync(target, doc.render());
  console.log(`wrote ${target}`);
}
