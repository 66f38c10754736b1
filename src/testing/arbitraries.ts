/**
 * `segproof/testing/arbitraries`: fast-check arbitraries (fast-check is a peer dependency of this entry
 * only). Flows, headers and header sets over a given topology for property tests on one's own network,
 * and random small topologies and generator options for tests of tools built on segproof.
 */
export { arbitraryFlow, arbitraryHeader, arbitraryHeaderSet, type FlowArbitraryOptions, type HeaderSetArbitraryOptions } from './flow-arbitraries.js';
export {
  arbitraryMunicipalityOptions, arbitrarySmallTopology, arbitrarySmallResolvedTopology, buildSmallTopology, smallTopologySpec, type SmallTopologySpec, type MunicipalityArbitraryLimits,
} from './topology-arbitraries.js';
