/**
 * `segproof/testing/vitest`: importing it registers segproof's matchers with vitest's `expect` and gives
 * them types (vitest is a peer dependency of this entry only):
 *
 *   import 'segproof/testing/vitest';
 *   import { loadNetwork } from 'segproof/testing';
 *   const net = await loadNetwork('network/town.yaml');
 *   expect(net).toBeIsolated('class:INET', 'class:MN');
 *
 * Or call `setupSegproofMatchers()` from a vitest `setupFiles` entry.
 */
import { expect } from 'vitest';
import { checkIsolated, checkNoNewPermits, checkOnlyReachesVia, checkReaches, checkSatisfies, type CheckOutcome, type NetworkSubject } from './checks.js';
import type { EndpointRef, ServiceRef } from './arguments.js';
import { failArgument } from './errors.js';
import { Network } from './network.js';

export interface SegproofMatchers<R = unknown> {
  /** No header (of `service`, when given) from `from` arrives at `to`, under the attacker: forged sources, any next hop. Exact. */
  toBeIsolated(from: EndpointRef, to: EndpointRef, service?: ServiceRef): R;
  /** Every header of `service` each member of `from` sends from its own addresses arrives at each member of `to`. */
  toReach(from: EndpointRef, to: EndpointRef, service: ServiceRef): R;
  /** Everything from `from` that arrives at `to` passes one of `through` (node names). */
  toOnlyReachVia(from: EndpointRef, to: EndpointRef, through: EndpointRef): R;
  /** Nothing arrives at a destination of zone class `toClass` that did not in `baseline`. */
  toHaveNoNewPermits(baseline: NetworkSubject, toClass: string): R;
}

/**
 * `toSatisfy` is also vitest's own predicate matcher: a string asks for an invariant of the network's model
 * (R1, F3, P1 …, with its scenario's exceptions), a function keeps vitest's meaning.
 */
export interface SatisfyOverloads<R = unknown> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- vitest's own signature, repeated so the overloads merge
  (matcher: (value: any) => boolean, message?: string): any;
  (invariantId: string): R;
}

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-empty-object-type -- vitest declares these interfaces with T = any, merged declarations must match; the empty interface is how vitest takes custom matchers */
declare module 'vitest' {
  interface Matchers<T = any> extends SegproofMatchers<T> {}
  interface Assertion<T = any> {
    toSatisfy: SatisfyOverloads<T>;
  }
}
/* eslint-enable @typescript-eslint/no-explicit-any, @typescript-eslint/no-empty-object-type */

function subject(received: unknown, matcher: string): NetworkSubject {
  if (received instanceof Network) return received;
  const looksLikeTopology = typeof received === 'object' && received !== null && 'nodes' in received && 'zones' in received && 'segments' in received;
  if (looksLikeTopology) return received as NetworkSubject;
  return failArgument('TEST002', `${matcher}: expect() was given ${received === null ? 'null' : typeof received}, not a network`, 'a Network from loadNetwork() or a loaded Topology', 'write expect(await loadNetwork(file)).' + matcher + '(…)');
}

const result = (o: CheckOutcome): { pass: boolean; message: () => string } => ({ pass: o.pass, message: () => o.message });

/** The matchers as `expect.extend` takes them (for frameworks with a vitest-compatible `expect`). */
export const segproofMatchers: Parameters<typeof expect.extend>[0] = {
  toBeIsolated(received: unknown, from: EndpointRef, to: EndpointRef, service?: ServiceRef) {
    return result(checkIsolated(subject(received, 'toBeIsolated'), from, to, service));
  },
  toReach(received: unknown, from: EndpointRef, to: EndpointRef, service: ServiceRef) {
    return result(checkReaches(subject(received, 'toReach'), from, to, service));
  },
  toOnlyReachVia(received: unknown, from: EndpointRef, to: EndpointRef, through: EndpointRef) {
    return result(checkOnlyReachesVia(subject(received, 'toOnlyReachVia'), from, to, through));
  },
  toSatisfy(received: unknown, invariant: unknown, message?: string) {
    if (typeof invariant === 'function') {
      const pass = Boolean((invariant as (value: unknown) => unknown)(received));
      const { printReceived, printExpected } = this.utils;
      return { pass, message: () => `expected value ${pass ? 'not ' : ''}to satisfy ${message ?? printExpected(invariant)}\nReceived: ${printReceived(received)}` };
    }
    return result(checkSatisfies(subject(received, 'toSatisfy'), String(invariant)));
  },
  toHaveNoNewPermits(received: unknown, baseline: unknown, toClass: string) {
    return result(checkNoNewPermits(subject(received, 'toHaveNoNewPermits'), subject(baseline, 'toHaveNoNewPermits (baseline)'), toClass));
  },
};

/** Registers the matchers (importing this module already does; calling it again changes nothing). */
export function setupSegproofMatchers(): void {
  expect.extend(segproofMatchers);
}

setupSegproofMatchers();
