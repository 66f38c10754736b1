/**
 * `segproof lint`: rule analysis of a valid topology. Every finding is a warning-severity Diagnostic at the
 * rule, object or segment it is about; none is claimed without proof (see each check's module).
 */
import { sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Topology } from '../topology/model.js';
import type { SourceFile } from '../topology/source.js';
import { buildForwarding } from '../engine/routing.js';
import { aclDecisions } from './acl-decisions.js';
import { anyPermitFindings, protectedSegments } from './any-permits.js';
import { arrivalAt } from './arrival.js';
import { ruleCoverageFindings } from './rule-coverage.js';
import { unreachableFindings } from './unreachable-rules.js';
import { unusedObjectFindings } from './unused-objects.js';
import { duplicateVlanFindings } from './vlans.js';

export interface LintOptions {
  /** The topology's files as parsed (main file and includes): needed for the unused-object check, which is skipped without them. */
  readonly sources?: readonly SourceFile[] | undefined;
}

export function lintTopology(topology: Topology, options: LintOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  const targets = protectedSegments(topology);
  const forwarding = buildForwarding(topology);
  for (const node of topology.nodes.values()) {
    if (node.kind !== 'router' && node.kind !== 'firewall') continue;
    for (const acl of node.acls) {
      const d = aclDecisions(acl);
      const coverage = ruleCoverageFindings(d);
      const arrival = arrivalAt(topology, node, acl);
      out.push(...coverage.diagnostics, ...unreachableFindings(d, arrival, coverage.reported), ...anyPermitFindings(topology, forwarding, d, arrival, coverage.reported, targets));
    }
  }
  out.push(...duplicateVlanFindings(topology));
  if (options.sources) out.push(...unusedObjectFindings(options.sources));
  return sortDiagnostics(out);
}
