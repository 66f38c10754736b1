import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DISPOSITION_TABLE, HOP_LIMIT } from '../../src/engine/disposition.js';
import { flowsFor } from '../../src/engine/flow.js';
import { traceFlow } from '../../src/engine/simulate.js';
import { loadTopologyText } from '../../src/topology/load.js';
import { fixture, REPO_ROOT, trace } from './helpers.js';

/** A chain of `routers` routers in a line, each sending everything on to the next. */
function chainTopology(routers: number): string {
  const lines = ['segproof: 1', 'name: chain', 'zones: { A: { class: INET } }', 'segments:'];
  for (let i = 0; i <= routers; i++) lines.push(`  s${i}: { zone: A, prefix: 10.100.${i}.0/24 }`);
  lines.push('nodes:', '  client: { kind: host, role: terminal, gateway: 10.100.0.1, interfaces: { lan: { segment: s0, address: 10.100.0.10 } } }');
  for (let i = 0; i < routers; i++) {
    lines.push(`  r${i}:`, '    kind: router', `    interfaces: { a: { segment: s${i}, address: 10.100.${i}.1 }, b: { segment: s${i + 1}, address: 10.100.${i + 1}.2 } }`);
    if (i + 1 < routers) lines.push(`    routes: [{ prefix: 0.0.0.0/0, via: 10.100.${i + 1}.1 }]`);
  }
  return lines.join('\n');
}

describe('limits', () => {
  it(`stops a path longer than ${HOP_LIMIT} hops as hop-limit`, async () => {
    const loaded = await loadTopologyText(chainTopology(70), 'chain.yaml');
    if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
    const flows = flowsFor(loaded.topology, { from: 'client', to: '10.200.0.1', protocol: 17, dstPort: 53 });
    if (!flows.ok) throw new Error(flows.diagnostic.message);
    const [t] = traceFlow(loaded.topology, flows.value[0]!);
    expect(t?.disposition).toBe('hop-limit');
    expect(t?.hops).toHaveLength(HOP_LIMIT + 1);
    // A shorter chain ends normally: the last router has no route.
    const short = await loadTopologyText(chainTopology(10), 'chain.yaml');
    if (!short.ok) throw new Error('short chain does not load');
    const sf = flowsFor(short.topology, { from: 'client', to: '10.200.0.1', protocol: 17, dstPort: 53 });
    expect(sf.ok && traceFlow(short.topology, sf.value[0]!)[0]?.disposition).toBe('no-route');
  });

  it('caps ECMP branching at maxBranches and says so', async () => {
    const traces = trace(await fixture('routing-lab'), 'client', 'server', {}, { maxBranches: 1 });
    expect(traces).toHaveLength(1);
    expect(traces[0]!.notes.join(' ')).toContain('only 1 of 2 branches traced');
  });
});

describe('the disposition table', () => {
  it('matches ARCHITECTURE.md row for row', async () => {
    const doc = await readFile(path.join(REPO_ROOT, 'ARCHITECTURE.md'), 'utf8');
    const section = doc.slice(doc.indexOf('### Dispositions'));
    const rows = [...section.matchAll(/^\| `([a-z-]+)` \| (.+) \|$/gm)].map((m) => ({ name: m[1], meaning: m[2] }));
    expect(rows).toEqual(DISPOSITION_TABLE.map((d) => ({ name: d.name, meaning: d.meaning })));
  });
});
