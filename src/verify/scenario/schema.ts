/** The published JSON Schema of scenario files for editors, generated from the zod format so the two cannot drift. */
import { scenarioJsonSchema } from './format.js';

export function renderScenarioSchema(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
