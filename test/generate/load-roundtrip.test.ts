/** Generated municipalities survive YAML serialisation and load through the real loader with the counts asked for. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'yaml';
import { renderDiagnostics } from '../../src/diagnostics/diagnostic.js';
import { loadTopologyText } from '../../src/topology/load.js';
import { arbitraryMunicipalityOptions } from '../../src/testing/topology-arbitraries.js';
import { generateMunicipality, minimumSegments, resolveMunicipalityOptions, serialiseTopology } from '../../src/topology/generate.js';
import { countsOfFile, countsOfModel } from './counts.js';

describe('generated municipality → YAML → loader', () => {
  it('loads without diagnostics and keeps the requested counts', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryMunicipalityOptions({ maxStaff: 2500, maxRulesPerFirewall: 120, insecure: true }), async (options) => {
        const file = generateMunicipality(options);
        const text = serialiseTopology(file, 'header comment');
        const loaded = await loadTopologyText(text, 'generated.yaml');
        if (!loaded.ok) throw new Error(renderDiagnostics([...loaded.diagnostics]).slice(0, 2000));
        expect(loaded.warnings.filter((w) => w.severity === 'error')).toEqual([]);
        const resolved = resolveMunicipalityOptions(options);
        const counts = countsOfModel(loaded.topology);
        expect(counts).toEqual(countsOfFile(file));
        expect(counts.segments).toBe(resolved.segments);
        expect(counts.firewalls).toBe(resolved.firewalls);
        expect(counts.rulesPerFirewall.every((n) => n === resolved.rulesPerFirewall)).toBe(true);
        expect(counts.systems).toBe(resolved.systems);
        expect(counts.sites).toBe(resolved.sites);
        expect(loaded.topology.model).toBe(options.model);
      }),
      { numRuns: 10 },
    );
  }, 60_000);

  it('reads back as the same data (no YAML aliases, nothing lost)', () => {
    // More firewalls than segments to put them in front of: the extra ones are standbys sharing their primary's ACL objects.
    const file = generateMunicipality({ staff: 400, model: 'alpha', seed: 21, firewalls: 12, segments: minimumSegments(1, 12), rulesPerFirewall: 40 });
    expect(Object.keys(file.nodes ?? {}).filter((n) => /^fw-.*-s\d+$/.test(n)).length).toBeGreaterThan(0);
    const text = serialiseTopology(file);
    expect(text).not.toMatch(/(^|\s)[&*]a\d+\b/m);
    expect(parse(text)).toEqual(JSON.parse(JSON.stringify(file)));
  });
});
