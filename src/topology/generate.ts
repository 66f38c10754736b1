/**
 * Synthetic networks for benchmarks and property tests: `generateMunicipality` builds a realistic
 * municipality from a seed and `serialiseTopology` writes it as YAML. The pieces live in `generate/`. The
 * fast-check arbitraries over them are part of the testing API (src/testing/topology-arbitraries.ts), so
 * nothing here loads fast-check.
 */
export { generateMunicipality, RELAY_SEGMENT_NAMES, splitCount } from './generate/municipality.js';
export { serialiseTopology, serialiseTopologyChunks, serialiseTopologyWithYamlPackage } from './generate/serialise.js';
export { municipalityScenario, scenarioFileFor, serialiseScenario } from './generate/scenario.js';
export {
  checkMunicipalityOptions, resolveMunicipalityOptions, minimumSegments, minimumRulesPerFirewall, bodySizeOf,
  GENERATED_MODELS, INSECURE_KINDS, REQUIRED_SYSTEMS, SIZE_DEFAULTS, LIMITS,
  type MunicipalityOptions, type ResolvedMunicipalityOptions, type GeneratedModel, type InsecureKind, type BodySize,
} from './generate/options.js';
export { Rng, hash32 } from './generate/prng.js';
export { resolveGeneratedTopology, type GeneratedLoad } from './generate/resolve-generated.js';
