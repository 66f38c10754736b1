import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderPlanSchema } from '../../src/readdress/plan-format.js';

describe('schema/plan.schema.json', () => {
  it('is current with the plan format (regenerate with `npm run schema`)', () => {
    expect(readFileSync('schema/plan.schema.json', 'utf8')).toBe(renderPlanSchema());
  });
});
