/**
 * `segproof/testing`: regression tests on a network in its own repository. Load a topology once
 * (`loadNetwork`, cached by the content of its files) and ask exact questions of it; every failure carries
 * a witness packet and its trace with the deciding rules' file:line.
 *
 * This entry needs no test framework: the `check*` functions return `{ pass, message }`. The vitest
 * matchers are in `segproof/testing/vitest`, the fast-check arbitraries in `segproof/testing/arbitraries`,
 * so that each peer dependency is needed only by the entry that uses it.
 */
export { loadNetwork, Network, networkOf, type LoadNetworkOptions } from './network.js';
export { checkIsolated, checkReaches, checkOnlyReachesVia, checkSatisfies, checkNoNewPermits, type CheckOutcome, type NetworkSubject } from './checks.js';
export type { EndpointRef, ServiceRef } from './arguments.js';
export { SegproofTestError } from './errors.js';
