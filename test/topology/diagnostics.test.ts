/**
 * One bad-input file per topology diagnostic code, each with its exact expected rendering.
 * Regenerate the .expected files with UPDATE_GOLDEN=1 and review the diff.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectDiagnosticsGolden } from '../support/diagnostics-golden.js';
import { CATALOGUE, type DiagnosticCode } from '../../src/diagnostics/catalogue.js';
import { loadTopology, type LoadOptions } from '../../src/topology/load.js';

const dir = path.join('test', 'topology', 'errors');
const cases = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
/** Codes whose file needs load options: TOPO009 is shown with a tiny input limit instead of a huge file. */
const options: Partial<Record<string, LoadOptions>> = { TOPO009: { maxInputBytes: 500 } };

describe('one bad-input file per diagnostic code', () => {
  it('covers every TOPO code in the catalogue', () => {
    const topoCodes = Object.keys(CATALOGUE).filter((c) => c.startsWith('TOPO'));
    expect(cases.map((f) => f.replace('.yaml', ''))).toEqual(topoCodes.sort());
  });

  for (const file of cases) {
    const code = file.replace('.yaml', '');
    it(`${code}: ${CATALOGUE[code as keyof typeof CATALOGUE]}`, async () => {
      const result = await loadTopology(path.join(dir, file), options[code]);
      const isWarning = CATALOGUE[code as keyof typeof CATALOGUE].startsWith('warning:');
      // Warnings leave the topology usable; errors reject it.
      expect(result.ok).toBe(isWarning);
      const diagnostics = result.ok ? result.warnings : result.diagnostics;
      expectDiagnosticsGolden(diagnostics, code as DiagnosticCode, path.join(dir, `${code}.expected`));
    });
  }
});
