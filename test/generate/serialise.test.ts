/** The fast YAML writer against the yaml package (its slow twin) and against the data itself. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'yaml';
import type { TopologyFile } from '../../src/topology/format.js';
import { arbitraryMunicipalityOptions, arbitrarySmallTopology } from '../../src/testing/topology-arbitraries.js';
import { generateMunicipality, serialiseTopology, serialiseTopologyChunks, serialiseTopologyWithYamlPackage } from '../../src/topology/generate.js';

const plain = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

describe('serialiseTopology', () => {
  it('reads back as the same data as the yaml package writes (municipalities)', () => {
    fc.assert(
      fc.property(arbitraryMunicipalityOptions({ maxStaff: 1500, maxRulesPerFirewall: 80, insecure: true }), (options) => {
        const file = generateMunicipality(options);
        const fast = parse(serialiseTopology(file, 'a header\n\nwith a blank line'));
        expect(fast).toEqual(plain(file));
        expect(fast).toEqual(parse(serialiseTopologyWithYamlPackage(file)));
      }),
      { numRuns: 10 },
    );
  });

  it('reads back as the same data (small topologies)', () => {
    fc.assert(fc.property(arbitrarySmallTopology(), (file) => {
      expect(parse(serialiseTopology(file))).toEqual(plain(file));
    }), { numRuns: 100 });
  });

  it('quotes whatever is not a plain name or address (any strings, numbers, booleans)', () => {
    const scalar = fc.oneof(
      fc.string({ unit: 'grapheme' }),
      fc.constantFrom('true', 'no', 'Off', 'null', '~', '1', '0x1F', '1e3', '.inf', '- a', 'a: b', 'a #b', '#x', '*x', '&x', '!x', '%x', '@x', '`x', '[x]', '{x}', 'x,y', '"', "'", '\\', '\n', ' lead', 'trail ', 'tcp/1024-65535:443', '10.0.0.1', '10.0.0.0/8', '1.2.3'),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
      fc.boolean(),
    );
    const leaf = fc.oneof(scalar, fc.array(scalar, { maxLength: 4 }));
    const flat = fc.dictionary(fc.string({ unit: 'grapheme' }), leaf, { maxKeys: 4 });
    const value = fc.oneof(leaf, flat, fc.array(flat, { maxLength: 3 }), fc.dictionary(fc.string(), fc.oneof(flat, fc.array(flat, { maxLength: 2 })), { maxKeys: 3 }));
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'grapheme' }), value, { maxKeys: 5 }), (data) => {
        const file = data as unknown as TopologyFile;
        expect(parse(serialiseTopology(file)) ?? {}).toEqual(plain(data));
      }),
      { numRuns: 300 },
    );
  });

  it('streams in pieces that join to the whole text', () => {
    const file = generateMunicipality({ staff: 300, model: 'alpha', seed: 2 });
    const chunks = [...serialiseTopologyChunks(file, 'h')];
    expect(chunks.length).toBeGreaterThan(Object.keys(file.nodes ?? {}).length);
    expect(chunks.join('')).toBe(serialiseTopology(file, 'h'));
  });
});
