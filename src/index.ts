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
export { HeaderSet } from './symbolic/header-set.js';
export { aclPermitSet, aclDecisionSets } from './symbolic/acl-set.js';
export { computeReachability, zoneSource, type ReachabilityResult, type SymbolicSource } from './symbolic/reachability.js';
export { witnessFor } from './symbolic/witness.js';
export { verifyTopology } from './verify/verify.js';
export type { VerifyReport, CheckResult, Violation, ExceptionRecord, ScenarioChoice } from './verify/result.js';
export { importFlows } from './replay/import.js';
export { runReplay, type ReplayResult } from './replay/replay.js';
export { diffTopologies, reachDelta, type DiffInput, type DiffOptions } from './diff/diff.js';
export { ReachCache } from './diff/cache.js';
export { renderDiffText } from './diff/render/text.js';
export { renderHtmlReport, htmlReportData, type HtmlReportInput } from './report/html/render.js';
export { diffIsEmpty, CRITICAL_CLASSES, DIFF_REPORT_VERSION } from './diff/report.js';
export type {
  DiffReport, DiffSide, DiffStats, ReachChange, ChangeWitness, WitnessSide, ChainSummary, ChainLink, StatusChange, EndpointKind, ReachKind,
  RuleChange as DiffRuleChange, DecidingRule as DiffDecidingRule,
} from './diff/report.js';
