import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderTopologySchema } from '../../src/topology/schema.js';

describe('schema/topology.schema.json', () => {
  it('is current with the format (regenerate with `npm run schema`)', () => {
    expect(readFileSync('schema/topology.schema.json', 'utf8')).toBe(renderTopologySchema());
  });
});
