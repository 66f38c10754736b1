/** segproof's public library surface. */
export type { Diagnostic, SourceLocation, Severity } from './diagnostics/diagnostic.js';
export { renderDiagnostic, renderDiagnostics, sortDiagnostics } from './diagnostics/diagnostic.js';
export { CATALOGUE, type DiagnosticCode } from './diagnostics/catalogue.js';
export * as net from './net/index.js';
export { loadTopology, loadTopologyText, type LoadResult } from './topology/load.js';
export type * from './topology/model.js';
export { summariseTopology, type TopologySummary } from './topology/summary.js';
export { generateMunicipality } from './topology/generate/municipality.js';
export { serialiseTopology } from './topology/generate/serialise.js';
export type { MunicipalityOptions } from './topology/generate/options.js';
export { evaluateAclLinear, firstMatchLinear, type AclDecision } from './acl/linear.js';
export { compileAcl } from './acl/compiled.js';
export { findCoveredRules } from './acl/analysis.js';
export * from './engine/index.js';
