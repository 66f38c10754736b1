/**
 * Checks one bad-input file's diagnostics: it names `code`, every diagnostic is located with what was
 * expected and a hint, and the rendering equals the reviewed `.expected` file beside the input.
 * `UPDATE_GOLDEN=1` rewrites the file (review the diff); a missing file fails rather than being written.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { DiagnosticCode } from '../../src/diagnostics/catalogue.js';
import { renderDiagnostics, type Diagnostic } from '../../src/diagnostics/diagnostic.js';

export function expectDiagnosticsGolden(diagnostics: readonly Diagnostic[], code: DiagnosticCode, expectedFile: string): void {
  expect(diagnostics.map((d) => d.code)).toContain(code);
  for (const d of diagnostics) {
    expect(d.location?.line).toBeGreaterThan(0);
    expect(d.expected).toBeTruthy();
    expect(d.hint).toBeTruthy();
  }
  const rendered = `${renderDiagnostics(diagnostics)}\n`;
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(expectedFile, rendered);
  if (!existsSync(expectedFile)) throw new Error(`missing ${expectedFile}: run UPDATE_GOLDEN=1 npx vitest run and review it`);
  expect(rendered).toBe(readFileSync(expectedFile, 'utf8'));
}
