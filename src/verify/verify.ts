/**
 * Runs a verification: the model's invariant pack (when the topology declares a model) and the
 * scenario's properties, each timed, each with a status that says whether it was really checked.
 */
import type { Topology } from '../topology/model.js';
import { VerifyContext } from './context.js';
import type { Invariant } from './invariants/types.js';
import { PACKS } from './packs/index.js';
import { checkOnlyVia } from './properties/only-via.js';
import { checkReachable } from './properties/reachable.js';
import { isolatedFlow, isolatedPacket, type LayerOutcome } from './properties/isolated.js';
import { partialReasons } from './partial-model.js';
import type { CheckResult, ScenarioChoice, VerifyReport } from './result.js';
import { exceptionRecords, scenarioWarnings } from './scenario/audit.js';
import { exceptionApplies, type Property, type Scenario } from './scenario/model.js';
import { formatLocation } from '../diagnostics/diagnostic.js';

export interface VerifyOptions {
  readonly topologyFile: string;
  readonly scenario?: Scenario | undefined;
  /** How the scenario was found (shown in the report). */
  readonly scenarioChoice?: ScenarioChoice | undefined;
  /** Skip the model's invariant pack. */
  readonly noPack?: boolean;
  /** The context to run in (its exceptions must be the scenario's); callers read its flow graph afterwards. */
  readonly context?: VerifyContext | undefined;
}

function timed<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const v = fn();
  return [v, performance.now() - t0];
}

export function runInvariant(ctx: VerifyContext, inv: Invariant, model: NonNullable<Topology['model']>): CheckResult {
  const [o, ms] = timed(() => inv.check(ctx, model));
  return {
    id: inv.id, kind: 'invariant', title: inv.title, basis: inv.basis, status: o.status,
    notes: [...(o.notes ?? [])], violations: [...(o.violations ?? [])], exceptionsUsed: [...(o.exceptionsUsed ?? [])],
    ...(o.cells ? { cells: o.cells } : {}), durationMs: ms,
  };
}

function describeProperty(p: Property): string {
  switch (p.type) {
    case 'isolated': return `isolated: ${p.from.text} ↛ ${p.to.text}${p.packetLayer && p.flowLayer ? '' : p.packetLayer ? ' (packet layer)' : ' (information-flow layer)'}`;
    case 'reachable': return `reachable: ${p.from.text} → ${p.to.text} on ${p.serviceText}`;
    case 'only-via': return `only-via: ${p.from.text} → ${p.to.text} through ${p.through.join(', ')}`;
  }
}

export function runProperty(ctx: VerifyContext, p: Property): CheckResult {
  const applies = (e: Parameters<typeof exceptionApplies>[0]) => exceptionApplies(e, p.name);
  const [parts, ms] = timed((): LayerOutcome[] => {
    switch (p.type) {
      case 'isolated': {
        const q = { from: p.from, to: p.to, services: p.services, allow: p.allow, propagate: p.propagate };
        const out: LayerOutcome[] = [];
        if (p.packetLayer) out.push(isolatedPacket(ctx, q, applies));
        if (p.flowLayer) {
          const flow = isolatedFlow(ctx, q, applies);
          out.push(p.services ? { ...flow, notes: [...flow.notes, 'the header constraint applies to the packet layer only'] } : flow);
        }
        return out;
      }
      case 'reachable':
        return [checkReachable(ctx, p)];
      case 'only-via':
        return [checkOnlyVia(ctx, p, applies)];
    }
  });
  const violations = parts.flatMap((x) => x.violations);
  return {
    id: p.name, kind: 'property', title: p.description ?? describeProperty(p), basis: p.location ? formatLocation(p.location) : undefined,
    status: violations.length ? 'fail' : 'pass', notes: parts.flatMap((x) => x.notes), violations,
    exceptionsUsed: [...new Set(parts.flatMap((x) => x.exceptionsUsed))], durationMs: ms,
  };
}

export function verifyTopology(topology: Topology, options: VerifyOptions): VerifyReport {
  const t0 = performance.now();
  const ctx = options.context ?? new VerifyContext(topology, options.scenario?.exceptions ?? []);
  const results: CheckResult[] = [];
  if (topology.model && !options.noPack) {
    for (const inv of PACKS[topology.model].invariants) results.push(runInvariant(ctx, inv, topology.model));
  }
  for (const p of options.scenario?.properties ?? []) results.push(runProperty(ctx, p));
  const exceptions = exceptionRecords(options.scenario, results);
  return {
    topology: topology.name, topologyFile: options.topologyFile, scenarioFile: options.scenario?.file, scenarioChoice: options.scenarioChoice,
    today: options.scenario?.today, exceptions, warnings: scenarioWarnings(options.scenario, exceptions),
    model: topology.model, guidelineVersion: topology.guidelineVersion, results, durationMs: performance.now() - t0,
    partial: partialReasons(topology, options.scenario?.properties),
  };
}
