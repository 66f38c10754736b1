/**
 * The fast-check arbitraries of segproof/testing/arbitraries: flows and headers keep to the senders,
 * destinations and services asked for, header sets are well formed and never empty, and a property test
 * written with them agrees with the matchers (the simulator delivers no drawn Internet flow into MN of the
 * reference city, which toBeIsolated proves). SEGPROOF_TESTING_SEED replays a run.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { isReached } from '../../src/engine/disposition.js';
import { traceFlow } from '../../src/engine/simulate.js';
import { prefixFirst, prefixLast } from '../../src/net/ipv4.js';
import { PROTO } from '../../src/net/ports.js';
import { HeaderSet, WELL_FORMED } from '../../src/symbolic/header-set.js';
import { arbitraryFlow, arbitraryHeader, arbitraryHeaderSet } from '../../src/testing/arbitraries.js';
import { loadNetwork, SegproofTestError, type Network } from '../../src/testing/index.js';
import '../../src/testing/vitest.js';
import { nodeAddresses } from '../../src/verify/endpoints.js';
import { addressSetContains } from '../../src/net/address-set.js';

const envSeed = process.env.SEGPROOF_TESTING_SEED;
const SEED = envSeed !== undefined && /^-?\d+$/.test(envSeed) ? Number(envSeed) : Math.floor(Math.random() * 2 ** 31);
const params = { seed: SEED, numRuns: 200 };

let city: Network;

beforeAll(async () => {
  city = await loadNetwork('topologies/beta-prime-city.yaml');
  console.log(`[testing arbitraries] seed ${SEED} (SEGPROOF_TESTING_SEED=${SEED})`);
});

describe(`arbitraries over a topology (seed ${SEED}; SEGPROOF_TESTING_SEED to replay)`, () => {
  it('flows start at a sender of `from`, from its own address, to an address of `to`, on the service', () => {
    const mnServers = city.topology.segments.get('mn_servers');
    expect(mnServers).toBeDefined();
    fc.assert(
      fc.property(arbitraryFlow(city, { from: 'INET', to: 'segment:mn_servers', service: 'tcp/443' }), (flow) => {
        expect(flow.start.type).toBe('node');
        const sender = city.topology.nodes.get(flow.start.type === 'node' ? flow.start.node : '');
        expect(sender?.kind === 'host' || sender?.kind === 'external').toBe(true);
        expect(sender?.zone).toBe('INET');
        expect(addressSetContains(nodeAddresses(sender as NonNullable<typeof sender>), flow.header.src)).toBe(true);
        expect(mnServers !== undefined && flow.header.dst >= prefixFirst(mnServers.prefix) && flow.header.dst <= prefixLast(mnServers.prefix)).toBe(true);
        expect([flow.header.protocol, flow.header.dstPort]).toEqual([PROTO.tcp, 443]);
      }),
      params,
    );
  });

  it('headers are well formed, and forged sources leave the sender\'s own addresses', () => {
    let forged = 0;
    fc.assert(
      fc.property(arbitraryFlow(city, { from: 'inet-terminals', forgedSources: true }), (flow) => {
        expect(WELL_FORMED.contains(flow.header)).toBe(true);
        const sender = city.topology.nodes.get('inet-terminals');
        if (sender && !addressSetContains(nodeAddresses(sender), flow.header.src)) forged++;
      }),
      params,
    );
    expect(forged).toBeGreaterThan(0);
    fc.assert(fc.property(arbitraryHeader(city), (h) => WELL_FORMED.contains(h)), params);
  });

  it('header sets are non-empty, well formed, and contain what they pick', () => {
    fc.assert(
      fc.property(arbitraryHeaderSet(city), (set: HeaderSet) => {
        expect(set.isEmpty()).toBe(false);
        expect(set.isSubsetOf(WELL_FORMED)).toBe(true);
        const member = set.pick();
        expect(member !== undefined && set.contains(member)).toBe(true);
      }),
      params,
    );
  });

  it('a user\'s property test: no drawn Internet flow, forged or not, is delivered into MN (as toBeIsolated proves)', () => {
    expect(city).toBeIsolated('class:INTERNET', 'class:MN');
    const mn = new Set([...city.topology.nodes.values()].filter((n) => city.topology.zones.get(n.zone)?.class === 'MN').map((n) => n.name));
    expect(mn.size).toBeGreaterThan(3);
    fc.assert(
      fc.property(arbitraryFlow(city, { from: 'class:INTERNET', to: 'class:MN', forgedSources: true }), (flow) => {
        const traces = traceFlow(city.topology, flow);
        expect(traces.some((t) => isReached(t.disposition) && mn.has(t.at))).toBe(false);
      }),
      params,
    );
  });

  it('a reference with no sender is bad input', () => {
    expect(() => arbitraryFlow(city, { from: 'core-fw' })).toThrow(SegproofTestError);
  });
});
