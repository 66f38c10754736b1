/**
 * One bad-input file per topology diagnostic code, each with its exact expected rendering.
 * Regenerate the .expected files with UPDATE_GOLDEN=1 and review the diff.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/diagnostics/catalogue.js';
import { renderDiagnostics } from '../../src/diagnostics/diagnostic.js';
import { loadTopology } from '../../src/topology/load.js';

const dir = path.join('test', 'topology', 'errors');
const cases = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

describe('one bad-input file per diagnostic code', () => {
  it('covers every TOPO code in the catalogue', () => {
    const topoCodes = Object.keys(CATALOGUE).filter((c) => c.startsWith('TOPO'));
    expect(cases.map((f) => f.replace('.yaml', ''))).toEqual(topoCodes.sort());
  });

  for (const file of cases) {
    const code = file.replace('.yaml', '');
    it(`${code}: ${CATALOGUE[code as keyof typeof CATALOGUE]}`, async () => {
      const result = await loadTopology(path.join(dir, file));
      const isWarning = CATALOGUE[code as keyof typeof CATALOGUE].startsWith('warning:');
      // Warnings leave the topology usable; errors reject it.
      expect(result.ok).toBe(isWarning);
      const diagnostics = result.ok ? result.warnings : result.diagnostics;
      expect(diagnostics.map((d) => d.code)).toContain(code);
      for (const d of diagnostics) {
        expect(d.location?.line).toBeGreaterThan(0);
        expect(d.expected).toBeTruthy();
        expect(d.hint).toBeTruthy();
      }
      const rendered = `${renderDiagnostics(diagnostics)}\n`;
      const expectedFile = path.join(dir, `${code}.expected`);
      if (process.env.UPDATE_GOLDEN || !existsSync(expectedFile)) writeFileSync(expectedFile, rendered);
      expect(rendered).toBe(readFileSync(expectedFile, 'utf8'));
    });
  }
});
