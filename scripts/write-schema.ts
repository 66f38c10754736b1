/** Regenerates schema/topology.schema.json from the format (src/topology/format.ts). */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderTopologySchema } from '../src/topology/schema.js';

const target = fileURLToPath(new URL('../schema/topology.schema.json', import.meta.url));
writeFileSync(target, renderTopologySchema());
console.log(`wrote ${target}`);
