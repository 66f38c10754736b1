import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { renderDiagnostics } from '../../src/diagnostics/diagnostic.js';
import type { RawNode, TopologyFile } from '../../src/topology/format.js';
import { loadTopologyText } from '../../src/topology/load.js';
import { serialiseTopology } from '../../src/topology/generate.js';
import { arbitrarySmallResolvedTopology, arbitrarySmallTopology } from '../../src/testing/topology-arbitraries.js';

const filtersOf = (f: TopologyFile) => Object.values(f.nodes ?? {}).filter((n): n is Extract<RawNode, { kind: 'firewall' | 'router' }> => n.kind === 'firewall' || n.kind === 'router');

describe('arbitrarySmallTopology', () => {
  it('always loads through YAML with no error diagnostics, within its size bounds', async () => {
    await fc.assert(
      fc.asyncProperty(arbitrarySmallTopology(), async (file) => {
        const loaded = await loadTopologyText(serialiseTopology(file), 'small.yaml');
        if (!loaded.ok) throw new Error(renderDiagnostics([...loaded.diagnostics]));
        expect(loaded.topology.segments.size).toBeGreaterThanOrEqual(2);
        expect(loaded.topology.segments.size).toBeLessThanOrEqual(6);
        const filters = [...loaded.topology.nodes.values()].filter((n) => n.kind === 'firewall' || n.kind === 'router');
        expect(filters.length).toBeGreaterThanOrEqual(1);
        expect(filters.length).toBeLessThanOrEqual(3);
      }),
      { numRuns: 100 },
    );
  }, 60_000);

  it('resolves in memory too (arbitrarySmallResolvedTopology)', () => {
    fc.assert(fc.property(arbitrarySmallResolvedTopology(), (t) => {
      expect(t.segments.size).toBeGreaterThanOrEqual(2);
    }), { numRuns: 200 });
  });

  it('covers the cases engines get wrong: shadowed copies, boundary ports, every gateway kind', () => {
    const samples = fc.sample(arbitrarySmallTopology(), { numRuns: 400, seed: 1234 });
    const rules = samples.flatMap((f) => filtersOf(f).flatMap((n) => (n.acls ?? []).map((a) => a.rules)));
    const shadowed = rules.filter((list) => list.some((r, i) => list.slice(0, i).some((e) => e.src === r.src && e.dst === r.dst && (e.service === 'any' || e.service === r.service))));
    expect(shadowed.length).toBeGreaterThan(20);
    const services = new Set(rules.flat().map((r) => String(r.service)));
    for (const boundary of ['tcp/0', 'tcp/65535', 'udp/1023', 'tcp/1024']) expect([...services].some((s) => s.includes(boundary.split('/')[1] as string))).toBe(true);
    const kinds = new Set(samples.flatMap((f) => Object.values(f.nodes ?? {}).map((n) => n.kind)));
    for (const k of ['host', 'router', 'firewall', 'screen-transfer', 'sanitiser', 'relay', 'proxy', 'mail-relay', 'zt-pep', 'dedicated-line', 'external']) expect(kinds).toContain(k);
  });

  it('shrinks a failure to a minimal topology', () => {
    // A deliberately false property: "no ACL has a rule". The shrunk counterexample should keep only that.
    const result = fc.check(
      fc.property(arbitrarySmallTopology(), (f) => filtersOf(f).every((n) => (n.acls ?? []).every((a) => a.rules.length === 0))),
      { seed: 42, numRuns: 500 },
    );
    expect(result.failed).toBe(true);
    const [file] = result.counterexample as [TopologyFile];
    expect(Object.keys(file.segments ?? {})).toHaveLength(2);
    const nodes = Object.values(file.nodes ?? {});
    expect(nodes).toHaveLength(1);
    const acls = filtersOf(file)[0]?.acls ?? [];
    expect(acls).toHaveLength(1);
    expect(acls[0]?.rules).toHaveLength(1);
  });
});
