/** The published JSON Schema for editors, generated from the zod format so the two cannot drift. */
import { topologyJsonSchema } from './format.js';

export function renderTopologySchema(): string {
  return `${JSON.stringify(topologyJsonSchema(), null, 2)}\n`;
}
