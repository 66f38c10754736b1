/**
 * Regenerates the published JSON Schemas from the formats: schema/topology.schema.json
 * (src/topology/format.ts) and schema/scenario.schema.json (src/verify/scenario/format.ts), and the
 * topology format as the loader checks it without zod (src/topology/format-check-schema.ts).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FORMAT_CHECK_MODULE, renderFormatCheckModule, renderTopologySchema } from '../src/topology/schema.js';
import { renderScenarioSchema } from '../src/verify/scenario/schema.js';

for (const [file, render] of [['topology.schema.json', renderTopologySchema], ['scenario.schema.json', renderScenarioSchema]] as const) {
  const target = fileURLToPath(new URL(`../schema/${file}`, import.meta.url));
  writeFileSync(target, render());
  console.log(`wrote ${target}`);
}
// The same format as format-check.ts reads it (the loader's check that needs no zod).
const checkModule = fileURLToPath(new URL(`../${FORMAT_CHECK_MODULE}`, import.meta.url));
writeFileSync(checkModule, renderFormatCheckModule());
console.log(`wrote ${checkModule}`);
