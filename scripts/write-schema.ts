/**
 * Regenerates the published JSON Schemas from the formats: schema/topology.schema.json
 * (src/topology/format.ts) and schema/scenario.schema.json (src/verify/scenario/format.ts).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderTopologySchema } from '../src/topology/schema.js';
import { renderScenarioSchema } from '../src/verify/scenario/schema.js';

for (const [file, render] of [['topology.schema.json', renderTopologySchema], ['scenario.schema.json', renderScenarioSchema]] as const) {
  const target = fileURLToPath(new URL(`../schema/${file}`, import.meta.url));
  writeFileSync(target, render());
  console.log(`wrote ${target}`);
}
