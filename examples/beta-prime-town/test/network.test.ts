/**
 * Regression tests for the town's network: run them on every change (`npx vitest run`). Each assertion is
 * exact (segproof's symbolic engine, under an attacker who forges source addresses and picks any router
 * on its segment as next hop); a failure shows a witness packet and its trace, with the file:line of the
 * rule that let it through.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isReached, traceFlow } from 'segproof';
import { loadNetwork } from 'segproof/testing';
import { arbitraryFlow } from 'segproof/testing/arbitraries';
import 'segproof/testing/vitest';

const town = await loadNetwork(new URL('../network/town.yaml', import.meta.url));

describe('separation', () => {
  it('keeps the Internet side out of MN and MN on its own side', () => {
    expect(town).toBeIsolated(['class:INET', 'class:INTERNET'], ['class:MN', 'class:MN_GC']);
    expect(town).toBeIsolated('class:MN', ['class:INET', 'class:INTERNET']);
  });

  it('lets no SMB from INET terminals reach the LG file server', () => {
    expect(town).toBeIsolated('inet-terminals', 'lg-file', 'SMB');
  });

  it('satisfies the β′ invariants it is audited against', () => {
    for (const id of ['R1', 'R3', 'R5', 'F1', 'F3', 'P1']) expect(town).toSatisfy(id);
  });

  it('reaches LG from INET only through its gateways', () => {
    expect(town).toOnlyReachVia('class:INET', 'class:LG', ['st-gateway', 'file-sanitiser', 'mail-sanitiser']);
  });
});

describe('business flows', () => {
  it('gives staff every HTTPS packet to the groupware and the screen-transfer gateway', () => {
    expect(town).toReach('inet-terminals', 'groupware', 'HTTPS');
    expect(town).toReach('inet-terminals', 'st-gateway', 'tcp/443');
  });
});

describe('random flows agree', () => {
  it('delivers no Internet flow into MN, whatever its source address', () => {
    const mn = new Set([...town.topology.nodes.values()].filter((n) => town.topology.zones.get(n.zone)?.class === 'MN').map((n) => n.name));
    fc.assert(
      fc.property(arbitraryFlow(town, { from: 'class:INTERNET', to: 'class:MN', forgedSources: true }), (flow) => {
        return !traceFlow(town.topology, flow).some((t) => isReached(t.disposition) && mn.has(t.at));
      }),
    );
  });
});
