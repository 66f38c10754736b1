/**
 * schema/scenario.schema.json is generated from the scenario format (src/verify/scenario/format.ts) and
 * accepts every scenario the repository ships, as an editor checking them against it would.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderScenarioSchema } from '../../src/verify/scenario/schema.js';

const schema = JSON.parse(readFileSync('schema/scenario.schema.json', 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
const shipped = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).sort();

describe('schema/scenario.schema.json', () => {
  it('is current with the format (regenerate with `npm run schema`)', () => {
    expect(readFileSync('schema/scenario.schema.json', 'utf8')).toBe(renderScenarioSchema());
  });

  it('finds the shipped scenarios', () => {
    expect(shipped.length).toBeGreaterThan(5);
  });

  for (const file of shipped) {
    it(`accepts scenarios/${file}`, () => {
      const ok = validate(parse(readFileSync(path.join('scenarios', file), 'utf8')));
      expect(validate.errors ?? [], file).toEqual([]);
      expect(ok).toBe(true);
    });
  }

  it('rejects what the loader rejects: an unknown key, an exception without justification, a malformed expiry', () => {
    const base = { scenario: 1, topology: '../topologies/x.yaml' };
    const exception = { name: 'e', justification: 'approved', from: 'a', to: 'b' };
    expect(validate({ ...base, propertes: [] })).toBe(false);
    expect(validate({ ...base, exceptions: [{ name: 'e', from: 'a', to: 'b' }] })).toBe(false);
    expect(validate({ ...base, exceptions: [{ ...exception, expires: '31.3.2026' }] })).toBe(false);
    expect(validate({ ...base, exceptions: [{ ...exception, expires: '2026-03-31' }] })).toBe(true);
  });
});
