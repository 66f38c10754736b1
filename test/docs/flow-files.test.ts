/**
 * Every example in docs/flow-files.md loads with the reader it documents (flow logs with importFlows,
 * traffic matrices with parseTrafficMatrix, expectations with parseExpectations) against the topology
 * the examples are written for, without a single bad row.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderDiagnostics } from '../../src/diagnostics/diagnostic.js';
import { parseExpectations } from '../../src/replay/expect.js';
import { parseTrafficMatrix, trafficMatrixFlows } from '../../src/replay/generate.js';
import { importFlows } from '../../src/replay/import.js';
import { loadTopology } from '../../src/topology/load.js';
import type { Topology } from '../../src/topology/model.js';

type Kind = 'csv' | 'jsonl' | 'matrix' | 'expect';
const doc = readFileSync('docs/flow-files.md', 'utf8');
const examples = [...doc.matchAll(/^```\w+ (csv|jsonl|matrix|expect)\n([^]*?)^```$/gm)].map((m) => ({ kind: m[1] as Kind, text: m[2] as string }));
const dataRows = (text: string) => text.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
let topology: Topology;

beforeAll(async () => {
  const loaded = await loadTopology('topologies/beta-prime-city.yaml');
  if (!loaded.ok) throw new Error(renderDiagnostics(loaded.diagnostics));
  topology = loaded.topology;
});

/** Start names as replay checks them: a node, or node.interface / node:interface. */
function knowsStart(name: string): boolean {
  const [node, itf] = name.split(/[.:]/);
  const n = topology.nodes.get(node ?? '');
  return n !== undefined && (itf === undefined || n.interfaces.has(itf));
}

describe('docs/flow-files.md examples', () => {
  it('has an example of every kind of file', () => {
    expect(new Set(examples.map((e) => e.kind))).toEqual(new Set(['csv', 'jsonl', 'matrix', 'expect']));
  });

  examples.forEach((e, i) => {
    it(`example ${i + 1} (${e.kind}) loads without a problem`, async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'segproof-flow-doc-'));
      if (e.kind === 'csv' || e.kind === 'jsonl') {
        const file = path.join(dir, `flows.${e.kind}`);
        writeFileSync(file, e.text);
        const result = await importFlows(file, { knowsStart });
        expect(result.diagnostics).toEqual([]);
        expect(result.ok && result.complete).toBe(true);
        const rows = dataRows(e.text).length - (e.kind === 'csv' ? 1 : 0);
        expect(result.rows).toBe(rows);
        const counts = [...(result.flows?.count ?? [])];
        const stated = dataRows(e.text).slice(e.kind === 'csv' ? 1 : 0).map((l) => (e.kind === 'csv' ? Number(l.split(',')[7] || 1) : ((JSON.parse(l) as { count?: number }).count ?? 1)));
        expect(counts).toEqual(stated);
      } else if (e.kind === 'matrix') {
        const parsed = parseTrafficMatrix(e.text, path.join(dir, 'matrix.yaml'), topology);
        if (!parsed.ok) throw new Error(renderDiagnostics(parsed.diagnostics));
        expect(parsed.entries.length).toBe(dataRows(e.text).length);
        expect(trafficMatrixFlows(topology, parsed.entries).size).toBeGreaterThan(0);
      } else {
        const parsed = parseExpectations(e.text, path.join(dir, 'expect.yaml'), [...topology.zones.keys()]);
        if (!parsed.ok) throw new Error(renderDiagnostics(parsed.diagnostics));
        expect(parsed.expectations.length).toBe(dataRows(e.text).length);
      }
    });
  });
});
