/** Loads a topology for a command; on failure prints the diagnostics (text or JSON) and yields undefined. */
import { renderDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { loadTopology } from '../topology/load.js';
import type { Topology } from '../topology/model.js';
import type { CliIo } from './io.js';

export async function loadTopologyOrReport(file: string, io: CliIo, json: boolean): Promise<Topology | undefined> {
  const result = await loadTopology(file);
  if (result.ok) {
    if (result.warnings.length && !json) io.stderr(renderDiagnostics(result.warnings));
    return result.topology;
  }
  reportDiagnostics(result.diagnostics, io, json);
  return undefined;
}

export function reportDiagnostics(diagnostics: readonly Diagnostic[], io: CliIo, json: boolean): void {
  if (json) io.stderr(JSON.stringify({ ok: false, diagnostics }, null, 2));
  else io.stderr(`${renderDiagnostics(diagnostics)}\n${diagnostics.length} problem${diagnostics.length === 1 ? '' : 's'} found.`);
}
