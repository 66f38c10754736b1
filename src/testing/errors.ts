/**
 * Bad input to the testing API (a network that does not load, a matcher argument the network does not
 * have) is thrown, never turned into a failed assertion: `expect(net).not.toBeIsolated('typo', …)` must not
 * pass because nothing was checked. The error carries the diagnostics; its message renders them.
 */
import { renderDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';

export class SegproofTestError extends Error {
  override readonly name = 'SegproofTestError';

  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(renderDiagnostics(diagnostics));
  }
}

/** Throws one diagnostic that has no file position (it is about a matcher call, not a file). */
export function failArgument(code: 'TEST002' | 'TEST003', message: string, expected: string, hint: string): never {
  throw new SegproofTestError([{ code, severity: 'error', message, location: undefined, expected, hint }]);
}
