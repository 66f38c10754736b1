/** The information-flow graph and its leak search on a network whose leak takes five steps. */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderDiagnostics } from '../../src/diagnostics/diagnostic.js';
import { COMPROMISING } from '../../src/flowgraph/channels.js';
import { buildFlowGraph, type FlowGraph } from '../../src/flowgraph/graph.js';
import { findLeaks } from '../../src/flowgraph/leaks.js';
import { loadTopologyText } from '../../src/topology/load.js';
import type { Topology } from '../../src/topology/model.js';
import { VerifyContext } from '../../src/verify/context.js';
import { classEndpoint } from '../../src/verify/endpoints.js';
import { isolatedFlow, isolatedPacket } from '../../src/verify/properties/isolated.js';

const FILE = 'test/flowgraph/fixtures/multi-step-leak.yaml';
let topology: Topology;
let graph: FlowGraph;

async function load(text: string): Promise<Topology> {
  const loaded = await loadTopologyText(text, FILE);
  if (!loaded.ok) throw new Error(renderDiagnostics(loaded.diagnostics));
  return loaded.topology;
}

beforeAll(async () => {
  topology = await load(readFileSync(FILE, 'utf8'));
  graph = buildFlowGraph(topology);
});

const query = { sources: new Set(['internet']), targets: new Set(['mn-db']), allow: ['pixels'] as const, propagate: COMPROMISING };

describe('information-flow graph', () => {
  it('has hosts, gateways and externals under their zones, and labelled channels from gateway semantics', () => {
    expect(graph.graph.parent('inet-pc')).toBe('zone:INET');
    expect(graph.graph.hasNode('fw')).toBe(false); // routers and firewalls shape packet edges, they are not data holders
    const has = (from: string, to: string, channel: string) => graph.edges.some((e) => e.from === from && e.to === to && e.channel === channel);
    expect(has('st', 'lg-server', 'control')).toBe(true);
    expect(has('lg-server', 'st', 'pixels')).toBe(true);
    expect(has('relay', 'mn-db', 'relayed-data')).toBe(true);
    expect(has('internet', 'inet-pc', 'packet')).toBe(true); // the reply to the PC's browsing
    expect(has('mn-db', 'relay', 'relayed-data')).toBe(false); // relays are one-way
  });

  it('finds the whole chain Internet → PC → screen transfer (control) → LG server → relay → MN', () => {
    const leaks = findLeaks(graph, { ...query, allow: [...query.allow] });
    expect(leaks).toHaveLength(1);
    const chain = leaks[0]?.chain ?? [];
    expect(chain.map((e) => `${e.from}-${e.channel}->${e.to}`)).toEqual([
      'internet-packet->inet-pc',
      'inet-pc-packet->st',
      'st-control->lg-server',
      'lg-server-packet->relay',
      'relay-relayed-data->mn-db',
    ]);
  });

  it('the packet layer alone sees nothing, the flow layer reports the chain with every packet leg replayed', () => {
    const ctx = new VerifyContext(topology);
    const from = classEndpoint(topology, ['INTERNET', 'INET']);
    const to = classEndpoint(topology, ['MN']);
    expect(isolatedPacket(ctx, { from, to }, () => true).violations).toEqual([]);
    const flow = isolatedFlow(ctx, { from, to }, () => true);
    expect(flow.violations).toHaveLength(1);
    for (const step of flow.violations[0]?.chain ?? []) expect(step.packet?.replayed, `${step.from} → ${step.to}`).toBe(true);
  });

  it('control that does not propagate, or a declared exception on the relay edge, ends the chain', () => {
    expect(findLeaks(graph, { ...query, allow: ['pixels'], propagate: COMPROMISING.filter((c) => c !== 'control') })).toEqual([]);
    expect(findLeaks(graph, { ...query, allow: ['pixels'], exempt: (e) => e.from === 'relay' })).toEqual([]);
    expect(findLeaks(graph, { ...query, allow: ['pixels', 'relayed-data'] })).toEqual([]);
  });

  it('without the screen-transfer target the chain breaks (the test can fail)', async () => {
    const cut = await load(readFileSync(FILE, 'utf8').replace('targets: lg-server', 'targets: 10.2.0.99'));
    expect(findLeaks(buildFlowGraph(cut), { ...query, allow: ['pixels'] })).toEqual([]);
  });
});
