/**
 * Random valid topologies load, and round-trip: the same file written as YAML and as JSON loads to
 * the same model (locations aside), and the loaded model describes what the file declared.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderDiagnostics } from '../../src/diagnostics/diagnostic.js';
import { serialiseTopology } from '../../src/topology/generate.js';
import { arbitrarySmallTopology } from '../../src/testing/topology-arbitraries.js';
import { loadTopologyText } from '../../src/topology/load.js';
import type { Topology } from '../../src/topology/model.js';

/** The model as plain data without source locations (which differ between the two spellings). */
function canonical(t: Topology): unknown {
  return JSON.parse(
    JSON.stringify({ ...t, files: [] }, (key, value: unknown) => {
      if (key === 'location') return undefined;
      return value instanceof Map ? Object.fromEntries(value) : value;
    }),
  );
}

async function mustLoad(text: string, file: string): Promise<Topology> {
  const r = await loadTopologyText(text, file);
  if (!r.ok) throw new Error(renderDiagnostics([...r.diagnostics]));
  // Boundary ports include 0 on purpose; TOPO048 flags it and changes nothing in the model.
  expect(r.warnings.filter((w) => w.code !== 'TOPO048')).toEqual([]);
  return r.topology;
}

describe('random valid topologies', () => {
  it('load from YAML and from JSON to the same model, with every declared node, segment and zone', async () => {
    await fc.assert(
      fc.asyncProperty(arbitrarySmallTopology(), async (file) => {
        const fromYaml = await mustLoad(serialiseTopology(file), 'random.yaml');
        const fromJson = await mustLoad(JSON.stringify(file), 'random.json');
        expect(canonical(fromYaml)).toEqual(canonical(fromJson));
        expect([...fromYaml.nodes.keys()].sort()).toEqual(Object.keys(file.nodes ?? {}).sort());
        expect([...fromYaml.segments.keys()].sort()).toEqual(Object.keys(file.segments ?? {}).sort());
        expect([...fromYaml.zones.keys()].sort()).toEqual(Object.keys(file.zones ?? {}).sort());
      }),
      { numRuns: 300 },
    );
  });
});
