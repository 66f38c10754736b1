/** Regenerates schema/topology.schema.json and schema/plan.schema.json from their zod formats (src/topology/format.ts, src/readdress/plan-format.ts). */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderPlanSchema } from '../src/readdress/plan-format.js';
import { renderTopologySchema } from '../src/topology/schema.js';

for (const [name, render] of [['topology', renderTopologySchema], ['plan', renderPlanSchema]] as const) {
  const target = fileURLToPath(new URL(`../schema/${name}.schema.json`, import.meta.url));
  writeFileSync(target, render());
  console.log(`wrote ${target}`);
}
