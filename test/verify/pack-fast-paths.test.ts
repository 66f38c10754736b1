/**
 * The invariant pack's fast paths against their slow twins, on random small topologies
 * (test/symbolic/small-topology.ts: NAT, ECMP, null routes, loops, gateways, relays with MACs, an external
 * network) with alike copies of random hosts beside them, so that sender groups have several members:
 * (a) the flow graph without per-sender reply sets against `buildFlowGraph(…, { reference: true })`: the
 *     same edges in the same order, with the same legs;
 * (b) symbolic runs that skip recording drops (`drops: false`) against the full run: the same arrivals and
 *     origins, the same steps (the attacker's unlisted devices on INET segments among the starts);
 * (c) the memoised zone-pair and `out` ACL lists against their definition (egressAclsOf);
 * (d) the leak search without per-state allocation against findLeaksReference: the same leaks, chains and
 *     exceptions used, for random sources, targets, allowed and propagating channels, exemptions and limits;
 * (e) a derivation without some nodes, made once per topology and node set, against a fresh derivation;
 * (f) the whole β′ pack with a random declared exception, run in a reference context (every twin above)
 *     and in a default one: the same report, check by check.
 * Seed printed; SEGPROOF_PACK_SEED replays, SEGPROOF_PACK_RUNS sets the runs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHANNEL_KINDS, type ChannelKind } from '../../src/flowgraph/channels.js';
import { buildFlowGraph, type FlowEdge } from '../../src/flowgraph/graph.js';
import { findLeaks, findLeaksReference, type Leak } from '../../src/flowgraph/leaks.js';
import { addressSetFromRanges } from '../../src/net/address-set.js';
import { HeaderSet } from '../../src/symbolic/header-set.js';
import { computeReachability, egressAclsFor, egressAclsOf, type ReachabilityResult, type StartPoint } from '../../src/symbolic/reachability.js';
import { Rng } from '../../src/topology/generate/prng.js';
import type { Topology, TopologyNode } from '../../src/topology/model.js';
import { VerifyContext } from '../../src/verify/context.js';
import { isEndpointNode, nodeAddresses } from '../../src/verify/endpoints.js';
import { unlistedDeviceSegments } from '../../src/verify/matrix/attacker.js';
import { withoutNodes } from '../../src/verify/packet-reach.js';
import type { ScenarioException } from '../../src/verify/scenario/model.js';
import { verifyTopology } from '../../src/verify/verify.js';
import { buildSmallTopology, smallTopologyShape, SERVICES, withAlikeCopies } from '../symbolic/small-topology.js';

const envSeed = process.env.SEGPROOF_PACK_SEED;
const SEED = envSeed !== undefined && /^-?\d+$/.test(envSeed) ? Number(envSeed) : Math.floor(Math.random() * 2 ** 31);
const RUNS = Number(process.env.SEGPROOF_PACK_RUNS ?? 120);

/** Alike copies of hosts, under the β′ model whose pack the last property runs. */
const withTwins = (t: Topology, seed: number): Topology => ({ ...withAlikeCopies(t, seed), model: 'beta-prime' });

const edgeKey = (e: FlowEdge) => [e.from, e.to, e.channel, e.toward, e.reply, e.forged === true, e.because, e.leg.start, e.leg.startInterface ?? '', e.leg.target, e.leg.headers.root.id].join('|');

function arrivalsKey(r: ReachabilityResult): string {
  const side = (m: ReachabilityResult['delivered']) => [...m].map(([n, a]) => [n, a.headers.root.id, [...a.origins].map(([k, s]) => [k, s.root.id])]);
  return JSON.stringify([side(r.delivered), side(r.exits), side(r.terminated), r.steps]);
}

/** A declared exception between two random endpoints (a random service, channels and views), or none. */
function randomException(t: Topology, seed: number): ScenarioException[] {
  const rng = new Rng(seed);
  const endpoints = [...t.nodes.values()].filter(isEndpointNode);
  if (endpoints.length < 2 || rng.next() < 0.25) return [];
  const a = endpoints[rng.int(0, endpoints.length - 1)] as TopologyNode;
  const b = endpoints[rng.int(0, endpoints.length - 1)] as TopologyNode;
  const end = (n: TopologyNode) => ({ text: n.name, addresses: nodeAddresses(n), members: [n] });
  const views = [undefined, ['R1'], ['F1', 'F2', 'F3'], ['INET>MN'], ['R2', 'F4']];
  return [
    {
      name: 'random-exception',
      justification: 'property test',
      expires: undefined,
      appliesTo: views[rng.int(0, views.length - 1)],
      from: end(a),
      to: rng.next() < 0.2 ? { text: 'anything', addresses: addressSetFromRanges([[0, 0xffffffff]]), members: endpoints } : end(b),
      through: undefined,
      services: rng.next() < 0.5 ? undefined : [SERVICES[rng.int(1, SERVICES.length - 1)] as (typeof SERVICES)[number]],
      channels: rng.next() < 0.5 ? undefined : [(['packet', 'control', 'relayed-data'] as const)[rng.int(0, 2)] as ChannelKind],
      location: undefined,
    },
  ];
}

describe(`the pack's fast paths agree with their twins (seed ${SEED}, SEGPROOF_PACK_SEED to replay)`, () => {
  console.log(`[pack fast paths property] seed ${SEED} (SEGPROOF_PACK_SEED=${SEED}), ${RUNS} runs`);
  const arbitrary = fc.tuple(smallTopologyShape, fc.integer({ min: 0, max: 0x7fffffff }));

  it('the flow graph has the same edges with and without per-sender reply sets', () => {
    let grouped = 0;
    fc.assert(
      fc.property(arbitrary, ([shape, twinSeed]) => {
        const small = buildSmallTopology(shape);
        const t = withTwins(small, twinSeed);
        grouped += t.nodes.size - small.nodes.size;
        const slow = buildFlowGraph(t, { reference: true });
        const fast = buildFlowGraph(t);
        expect(fast.edges.map(edgeKey)).toEqual(slow.edges.map(edgeKey));
        expect(fast.reachabilitySteps).toBe(slow.reachabilitySteps);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expect(grouped).toBeGreaterThan(0);
  });

  it('a run that skips its drops has the same arrivals, origins and steps', () => {
    fc.assert(
      fc.property(arbitrary, fc.integer({ min: 0, max: 7 }), ([shape, twinSeed], mode) => {
        const t = withTwins(buildSmallTopology(shape), twinSeed);
        // Listed endpoints and the attacker's unlisted devices (verify/matrix/attacker.ts) on the INET segments.
        const starts: StartPoint[] = [...t.nodes.values()].filter(isEndpointNode).map((n) => ({ node: n.name }));
        for (const segment of unlistedDeviceSegments(t, 'INET')) starts.push({ segment: segment.name, unlisted: true });
        const options = { anyNextHop: (mode & 1) === 1, replies: (mode & 2) === 2, exactOrigins: (mode & 4) === 4 };
        const source = { starts, headers: HeaderSet.ALL };
        const full = computeReachability(t, source, options);
        const lean = computeReachability(t, source, { ...options, drops: false });
        expect(arrivalsKey(lean)).toBe(arrivalsKey(full));
        expect(lean.dropped).toEqual([]);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('the memoised zone-pair and out ACL lists are the definition', () => {
    fc.assert(
      fc.property(smallTopologyShape, (shape) => {
        const t = buildSmallTopology(shape);
        for (const node of t.nodes.values()) {
          if (node.kind !== 'router' && node.kind !== 'firewall') continue;
          const ifaces = [...node.interfaces.values()];
          for (const ingress of [undefined, ...ifaces]) {
            for (const egress of ifaces) {
              // Twice: the first call fills the memo, the second reads it.
              for (let k = 0; k < 2; k++) expect(egressAclsFor(t, node, ingress, egress)).toEqual(egressAclsOf(t, node, ingress, egress));
            }
          }
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('the leak search finds the same leaks, chains and used exceptions as its twin', () => {
    const leakKey = (l: Leak) => [l.source, l.target, l.channel, ...l.chain.map(edgeKey)].join(' > ');
    let found = 0;
    fc.assert(
      fc.property(arbitrary, fc.integer({ min: 0, max: 0x7fffffff }), ([shape, twinSeed], querySeed) => {
        const t = withTwins(buildSmallTopology(shape), twinSeed);
        const graph = buildFlowGraph(t);
        const rng = new Rng(querySeed);
        const names = [...t.nodes.values()].filter((n) => graph.node(n.name) !== undefined).map((n) => n.name);
        const sources = new Set(names.filter(() => rng.next() < 0.3));
        const targets = new Set(names.filter(() => rng.next() < 0.5));
        const propagate = CHANNEL_KINDS.filter(() => rng.next() < 0.5);
        const allowList = CHANNEL_KINDS.filter(() => rng.next() < 0.3);
        const perTarget = rng.next() < 0.5;
        const exemptEvery = rng.int(0, 5);
        const maxLeaks = rng.next() < 0.3 ? rng.int(1, 3) : undefined;
        const run = (search: typeof findLeaks) => {
          const used = new Set<string>();
          const leaks = search(graph, {
            sources,
            targets,
            allow: perTarget ? (target, channel) => allowList.includes(channel) !== (target.length % 2 === 0) : allowList,
            propagate,
            // An exemption that records what it exempted, as the checks' exceptions do.
            exempt: exemptEvery === 0 ? undefined : (e) => (edgeKey(e).length % (exemptEvery + 1) === 0 ? (used.add(`${e.from}>${e.to}`), true) : false),
            maxLeaks,
          });
          return { leaks: leaks.map(leakKey), used: [...used].sort() };
        };
        const slow = run(findLeaksReference);
        expect(run(findLeaks)).toEqual(slow);
        if (slow.leaks.length > 0) found++;
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // Searches that find nothing prove little: some must find leaks.
    expect(found).toBeGreaterThan(0);
  });

  it('a derivation without some nodes is made once, as a fresh one would be', () => {
    fc.assert(
      fc.property(smallTopologyShape, fc.integer({ min: 0, max: 0x7fffffff }), (shape, pickSeed) => {
        const t = buildSmallTopology(shape);
        const rng = new Rng(pickSeed);
        const names = new Set([...t.nodes.keys()].filter(() => rng.next() < 0.4));
        const once = withoutNodes(t, names);
        expect(withoutNodes(t, new Set([...names].reverse()))).toBe(once);
        // A copy of the topology is another key: its derivation is made afresh.
        const fresh = withoutNodes({ ...t }, names);
        expect(names.size === 0 || fresh !== once).toBe(true);
        expect({ ...once, name: '' }).toEqual({ ...fresh, name: '' });
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('the β′ pack reports the same with every twin as with the fast paths', () => {
    let failing = 0;
    fc.assert(
      fc.property(arbitrary, fc.integer({ min: 0, max: 0x7fffffff }), ([shape, twinSeed], exceptionSeed) => {
        const t = withTwins(buildSmallTopology(shape), twinSeed);
        const exceptions = randomException(t, exceptionSeed);
        const strip = (r: ReturnType<typeof verifyTopology>) => JSON.stringify(r.results.map(({ durationMs: _, ...rest }) => rest));
        const slow = verifyTopology(t, { topologyFile: 'small.yaml', context: new VerifyContext(t, exceptions, true) });
        const fast = verifyTopology(t, { topologyFile: 'small.yaml', context: new VerifyContext(t, exceptions) });
        expect(strip(fast)).toBe(strip(slow));
        if (slow.results.some((r) => r.status === 'fail')) failing++;
      }),
      { seed: SEED, numRuns: Math.max(20, Math.round(RUNS / 2)) },
    );
    // Topologies where every check holds prove little: some must fail.
    expect(failing).toBeGreaterThan(0);
  });
});
