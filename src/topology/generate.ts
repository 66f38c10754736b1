/**
 * Synthetic networks for benchmarks and property tests: `generateMunicipality` builds a realistic
 * municipality from a seed, `serialiseTopology` writes it as YAML, and the fast-check arbitraries feed
 * property tests. The pieces live in `generate/`; the CLI imports them directly so that it does not load
 * fast-check (a development dependency).
 */
export { generateMunicipality, splitCount } from './generate/municipality.js';
export { serialiseTopology, serialiseTopologyChunks, serialiseTopologyWithYamlPackage } from './generate/serialise.js';
export {
  checkMunicipalityOptions, resolveMunicipalityOptions, minimumSegments, minimumRulesPerFirewall, bodySizeOf,
  GENERATED_MODELS, INSECURE_KINDS, REQUIRED_SYSTEMS, SIZE_DEFAULTS, LIMITS,
  type MunicipalityOptions, type ResolvedMunicipalityOptions, type GeneratedModel, type InsecureKind, type BodySize,
} from './generate/options.js';
export { arbitraryMunicipalityOptions, arbitrarySmallTopology, arbitrarySmallResolvedTopology, buildSmallTopology, smallTopologySpec, type SmallTopologySpec, type MunicipalityArbitraryLimits } from './generate/arbitrary.js';
export { Rng, hash32 } from './generate/prng.js';
export { resolveGeneratedTopology, type GeneratedLoad } from './generate/resolve-generated.js';
