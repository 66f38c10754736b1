/**
 * Synchronous load of an in-memory topology file through the real pipeline (structure check →
 * resolver), for property tests that need resolved models without touching the file system.
 * `viaYaml` also writes and parses the YAML text (real positions in diagnostics, serialisation tested),
 * at about 15 ms a small topology; without it every position is line 1 and a case costs a few ms.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { hasErrors, sortDiagnostics } from '../../diagnostics/diagnostic.js';
import { topologyFileSchema, type TopologyFile } from '../format.js';
import type { Topology } from '../model.js';
import { resolveTopology } from '../resolve.js';
import { parseSource, type SourceFile } from '../source.js';
import { validateStructure } from '../structure.js';
import { serialiseTopology } from './serialise.js';

export type GeneratedLoad =
  | { readonly ok: true; readonly topology: Topology; readonly warnings: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

export function resolveGeneratedTopology(file: TopologyFile, fileName = 'generated.yaml', viaYaml = false): GeneratedLoad {
  const parsed = viaYaml ? parseSource(serialiseTopology(file), fileName) : { source: inMemorySource(file, fileName), diagnostics: [] };
  if (hasErrors(parsed.diagnostics)) return { ok: false, diagnostics: sortDiagnostics(parsed.diagnostics) };
  const structure = validateStructure(parsed.source, topologyFileSchema);
  if (!structure.ok) return { ok: false, diagnostics: sortDiagnostics(structure.diagnostics) };
  const resolved = resolveTopology([{ source: parsed.source, data: parsed.source.data as TopologyFile }]);
  if (!resolved.ok) return { ok: false, diagnostics: sortDiagnostics(resolved.diagnostics) };
  return { ok: true, topology: resolved.topology, warnings: sortDiagnostics(resolved.warnings) };
}

function inMemorySource(file: TopologyFile, fileName: string): SourceFile {
  const at = { file: fileName, line: 1, column: 1 };
  // A private copy: the resolver may freeze what it keeps.
  return { file: fileName, data: structuredClone(file), includedFrom: [], locateKey: () => at, locateValue: () => at };
}
