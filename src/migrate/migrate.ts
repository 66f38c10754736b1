/**
 * `migrate(stepFiles, options)`: every state of a migration — each step with its model's pack and its
 * scenario (found as `segproof verify` finds it), and each half-applied cut-over state between two steps
 * with the R/F views of the stricter of their two models — plus the T invariants over the sequence and
 * the business flows from step to step.
 */
import path from 'node:path';
import type { Diagnostic, SourceLocation } from '../diagnostics/diagnostic.js';
import { hasErrors, sortDiagnostics } from '../diagnostics/diagnostic.js';
import { buildForwarding } from '../engine/routing.js';
import { renderTraces } from '../engine/render.js';
import type { Ipv4 } from '../net/ipv4.js';
import { relocationKey, stepMapping, type AddressMap } from '../readdress/mapping.js';
import type { ReaddressPlan } from '../readdress/plan.js';
import type { FlowSet } from '../replay/flowset.js';
import { loadTopology } from '../topology/load.js';
import type { SegmentationModel, Topology } from '../topology/model.js';
import { VerifyContext } from '../verify/context.js';
import { PACKS, KNOWN_CHECK_IDS } from '../verify/packs/index.js';
import { partialReasons } from '../verify/partial-model.js';
import type { CheckResult, VerifyReport, Violation } from '../verify/result.js';
import { exceptionRecords } from '../verify/scenario/audit.js';
import { checkScenarioTopology, readScenario, resolveScenario, type ParsedScenario } from '../verify/scenario/load.js';
import type { Scenario } from '../verify/scenario/model.js';
import { runInvariant, verifyTopology } from '../verify/verify.js';
import { describeFlow, flowsOfLog, flowsOfScenario, mapFlow, traceBusinessFlow, type BusinessFlow } from './business-flows.js';
import { changedEntries, halfAppliedStates, type CutoverOrder } from './half-applied.js';
import type { MigrationReport, MigrationStep, StateReport } from './model.js';
import { redesignatedIntoInet } from './redesignated.js';
import { checkT1 } from './t1-measures-at-redesignation.js';
import { checkT2 } from './t2-resident-data.js';
import { checkT3 } from './t3-coexistence.js';
import { checkT4 } from './t4-mn-unchanged.js';
import { checkT5 } from './t5-decommissioned.js';

export interface MigrateOptions {
  readonly plan?: ReaddressPlan | undefined;
  /** Cut-over orders by the index of the step the devices change into (1 = between the first and second file); win over the plan's. */
  readonly orders?: ReadonlyMap<number, CutoverOrder> | undefined;
  /** A flow log in the first step's addresses (`importFlows` with `keepLines`). */
  readonly flows?: { readonly file: string; readonly set: FlowSet; readonly lines?: Uint32Array | undefined } | undefined;
  /** The scenario of a step file, if any (the CLI passes verify's lookup by file name). */
  readonly scenarioFor?: ((topologyFile: string) => string | undefined) | undefined;
  readonly includeRoots?: readonly string[] | undefined;
}

export type MigrateResult =
  | { readonly ok: true; readonly report: MigrationReport; readonly warnings: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** Stricter first: β/β′ allow LG data into INET only through LGWAN-data relays, α any approved relay, α′ leaves LG → SaaS open. */
const STRICTNESS: Readonly<Record<SegmentationModel, number>> = { 'alpha-prime': 0, alpha: 1, beta: 2, 'beta-prime': 2, 'zero-trust-2030': 2 };

/** A step with its scenario (resolved against the step, and as parsed, to resolve again against half-applied states). */
export interface LoadedStep extends MigrationStep {
  readonly scenario: Scenario | undefined;
  readonly parsedScenario: ParsedScenario | undefined;
}

const at = (file: string): SourceLocation => ({ file, line: 1, column: 1 });

/** Loads each step file and its scenario (found by `scenarioFor`); every problem is a diagnostic. */
export async function loadMigrationSteps(files: readonly string[], options: MigrateOptions): Promise<{ steps: LoadedStep[]; diagnostics: Diagnostic[]; warnings: Diagnostic[] }> {
  const steps: LoadedStep[] = [];
  const diagnostics: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  for (const file of files) {
    const loaded = await loadTopology(file, { includeRoots: options.includeRoots });
    if (!loaded.ok) {
      diagnostics.push(...loaded.diagnostics);
      continue;
    }
    warnings.push(...loaded.warnings);
    const scenarioFile = options.scenarioFor?.(file);
    let scenario: Scenario | undefined;
    let parsedScenario: ParsedScenario | undefined;
    if (scenarioFile !== undefined) {
      const shown = path.relative(process.cwd(), scenarioFile) || scenarioFile;
      const parsed = await readScenario(shown);
      if (!parsed.ok) diagnostics.push(...parsed.diagnostics);
      else {
        const mismatch = checkScenarioTopology(parsed.value, file);
        if (mismatch) diagnostics.push(mismatch);
        const resolved = resolveScenario(parsed.value, loaded.topology, KNOWN_CHECK_IDS);
        if (!resolved.ok) diagnostics.push(...resolved.diagnostics);
        else {
          scenario = resolved.value;
          parsedScenario = parsed.value;
        }
      }
    }
    steps.push({ file, label: path.basename(file).replace(/\.(ya?ml|json)$/, ''), topology: loaded.topology, scenario, parsedScenario });
  }
  return { steps, diagnostics, warnings };
}

/** The old address of each relocated interface, read from the step the plan step starts from. */
function relocatedFrom(plan: ReaddressPlan, index: number, topology: Topology): Map<string, Ipv4> {
  const out = new Map<string, Ipv4>();
  for (const r of plan.steps[index]?.relocations ?? []) {
    const node = topology.nodes.get(r.node);
    const iface = r.interface !== undefined ? node?.interfaces.get(r.interface) : node?.interfaces.size === 1 ? [...node.interfaces.values()][0] : undefined;
    if (iface?.address !== undefined) out.set(relocationKey(r.node, r.interface), iface.address);
  }
  return out;
}

/** The orders to use per target step: the command line's, else the plan's; each checked against what changes. */
function cutoverOrders(steps: readonly LoadedStep[], options: MigrateOptions): { orders: Map<number, CutoverOrder>; diagnostics: Diagnostic[] } {
  const orders = new Map<number, CutoverOrder>();
  const diagnostics: Diagnostic[] = [];
  for (let k = 1; k < steps.length; k++) {
    const planStep = options.plan?.steps[k - 1];
    const order = options.orders?.get(k) ?? (planStep?.order ? { entries: planStep.order, location: planStep.location } : undefined);
    if (order === undefined) continue;
    const changed = new Set(changedEntries((steps[k - 1] as LoadedStep).topology, (steps[k] as LoadedStep).topology));
    const seen = new Set<string>();
    for (const entry of order.entries) {
      if (seen.has(entry)) {
        diagnostics.push({ code: 'MIG002', severity: 'error', message: `cut-over order into ${steps[k]?.label} names "${entry}" twice`, location: order.location, expected: 'each device or segment once', hint: 'remove the second mention' });
      } else if (!changed.has(entry)) {
        diagnostics.push({
          code: 'MIG002', severity: 'error', message: `cut-over order into ${steps[k]?.label} names "${entry}", which does not change between ${steps[k - 1]?.label} and ${steps[k]?.label}`,
          location: order.location, expected: `one of: ${[...changed].join(', ') || '(nothing changes)'}`, hint: 'name nodes by their node name and segments as segment:NAME',
        });
      }
      seen.add(entry);
    }
    orders.set(k, order);
  }
  return { orders, diagnostics };
}

function modelFor(before: LoadedStep, after: LoadedStep): { model: SegmentationModel | undefined; step: LoadedStep; why: string } {
  const a = before.topology.model;
  const b = after.topology.model;
  if (a === undefined && b === undefined) return { model: undefined, step: after, why: 'neither step declares a model: no pack applied' };
  if (a === undefined || b === undefined || a === b) {
    const model = (a ?? b) as SegmentationModel;
    return { model, step: b !== undefined ? after : before, why: `${model} (the model of ${a === b ? 'both steps' : b !== undefined ? after.label : before.label})` };
  }
  const stricter = STRICTNESS[a] > STRICTNESS[b] ? before : after;
  return { model: stricter.topology.model, step: stricter, why: `${stricter.topology.model} (the stricter of ${a} in ${before.label} and ${b} in ${after.label}; on a tie the later step's)` };
}

function rfReport(topology: Topology, name: string, model: SegmentationModel | undefined, scenario: Scenario | undefined): VerifyReport {
  const t0 = performance.now();
  const ctx = new VerifyContext(topology, scenario?.exceptions ?? []);
  const results: CheckResult[] = model === undefined ? [] : PACKS[model].invariants.filter((i) => /^[RF]\d/.test(i.id)).map((i) => runInvariant(ctx, i, model));
  return {
    topology: name, topologyFile: name, scenarioFile: scenario?.file, exceptions: exceptionRecords(scenario, results), warnings: [],
    model, guidelineVersion: topology.guidelineVersion, results, durationMs: performance.now() - t0, partial: partialReasons(topology),
  };
}

function flowViolation(f: BusinessFlow, from: string, to: string, outcome: ReturnType<typeof traceBusinessFlow>): Violation {
  return {
    summary: `business flow ${f.label} (${describeFlow(f)}) works in ${from} and fails in ${to}${outcome.start === undefined ? ': no node there holds its source address' : ''}.`,
    location: f.location,
    details: outcome.traces.length > 0 ? renderTraces(outcome.traces).trimEnd().split('\n') : undefined,
  };
}

export async function migrate(files: readonly string[], options: MigrateOptions = {}): Promise<MigrateResult> {
  const t0 = performance.now();
  if (files.length < 2) {
    return { ok: false, diagnostics: [{ code: 'MIG001', severity: 'error', message: `a migration needs at least two step files; ${files.length} given`, location: at(files[0] ?? '(command line)'), expected: 'the step files in order: step0 step1 …', hint: 'name every step of the migration, the starting state first' }] };
  }
  const loaded = await loadMigrationSteps(files, options);
  const diagnostics = [...loaded.diagnostics];
  if (options.plan && options.plan.steps.length !== files.length - 1) {
    diagnostics.push({
      code: 'MIG005', severity: 'error', message: `the plan "${options.plan.name}" has ${options.plan.steps.length} step(s) for ${files.length} step files (${files.length - 1} transition(s))`,
      location: at(options.plan.file), expected: `${files.length - 1} plan steps, the first for the change from ${path.basename(files[0] as string)} to ${path.basename(files[1] as string)}`, hint: 'give one plan step per transition between consecutive step files',
    });
  }
  if (hasErrors(diagnostics)) return { ok: false, diagnostics: sortDiagnostics(diagnostics) };
  const result = migrateSteps(loaded.steps, options);
  return result.ok ? { ...result, warnings: sortDiagnostics(loaded.warnings), report: { ...result.report, durationMs: performance.now() - t0 } } : result;
}

/** The migration check on steps already loaded (the benchmark builds steps in memory). */
export function migrateSteps(steps: readonly LoadedStep[], options: MigrateOptions = {}): MigrateResult {
  const t0 = performance.now();
  const { orders, diagnostics: orderProblems } = cutoverOrders(steps, options);
  if (hasErrors(orderProblems)) return { ok: false, diagnostics: sortDiagnostics(orderProblems) };

  const plan = options.plan;
  const mappings: (AddressMap | undefined)[] = steps.slice(0, -1).map((s, k) => (plan ? stepMapping(plan.steps[k] as NonNullable<typeof plan.steps[number]>, relocatedFrom(plan, k, s.topology)) : undefined));
  const planned = steps.map((_, k) => new Set(k === 0 ? [] : (plan?.steps[k - 1]?.redesignations ?? []).map((r) => r.segment)));
  const logFlows = options.flows ? flowsOfLog(options.flows.set, options.flows.file, options.flows.lines) : [];
  const notes: string[] = [];
  const buildProblems: Diagnostic[] = [];
  const states: StateReport[] = [];
  const flowResults: Violation[] = [];
  let flowsChecked = 0;

  let carried = logFlows;
  for (const [k, step] of steps.entries()) {
    if (k > 0) {
      const before = steps[k - 1] as LoadedStep;
      const forwardingBefore = buildForwarding(before.topology);
      const working = [...flowsOfScenario(before.scenario), ...carried].filter((f) => traceBusinessFlow(before.topology, f, forwardingBefore).works);
      const map = mappings[k - 1];
      const order = orders.get(k);
      if (order) {
        const choice = modelFor(before, step);
        const unlisted = changedEntries(before.topology, step.topology).filter((e) => !order.entries.includes(e));
        if (unlisted.length > 0) notes.push(`into ${step.label}: ${unlisted.join(', ')} change${unlisted.length === 1 ? 's' : ''} after the listed order (not in it)`);
        const built = halfAppliedStates(before.topology, step.topology, order);
        buildProblems.push(...built.diagnostics);
        for (const half of built.states) {
          const name = `${before.label} → ${step.label}, ${half.applied.length} of ${order.entries.length} changed (last: ${half.applied[half.applied.length - 1] ?? ''})`;
          const topology: Topology = { ...half.topology, model: choice.model };
          const exceptionsFrom = choice.step.parsedScenario ? resolveScenario(choice.step.parsedScenario, topology, KNOWN_CHECK_IDS) : undefined;
          const scenario = exceptionsFrom?.ok ? exceptionsFrom.value : undefined;
          if (exceptionsFrom && !exceptionsFrom.ok) notes.push(`${name}: the exceptions of ${choice.step.label}'s scenario do not resolve here, so none are applied`);
          const forwarding = buildForwarding(topology);
          const works = (f: BusinessFlow) => traceBusinessFlow(topology, f, forwarding).works || (map !== undefined && traceBusinessFlow(topology, mapFlow(f, map), forwarding).works);
          const flowsDown = working.filter((f) => !works(f)).map((f) => `${f.label} (${describeFlow(f)})`);
          states.push({
            name, kind: 'half-applied', step: k - 1, applied: half.applied, verify: rfReport(topology, name, choice.model, scenario),
            modelChoice: choice.why, temporal: [checkT3(topology, name)], flowsDown, topology,
          });
        }
      }
      const forwarding = buildForwarding(step.topology);
      for (const f of working) {
        const next = mapFlow(f, map);
        const outcome = traceBusinessFlow(step.topology, next, forwarding);
        flowsChecked++;
        if (!outcome.works) flowResults.push(flowViolation(next, before.label, step.label, outcome));
      }
      carried = carried.map((f) => mapFlow(f, map));
    }
    const verify = verifyTopology(step.topology, { topologyFile: step.file, scenario: step.scenario, scenarioChoice: step.scenario ? { by: 'file-name', searched: [] } : undefined });
    states.push({ name: step.label, kind: 'step', step: k, applied: [], verify, temporal: [checkT3(step.topology, step.label)], flowsDown: [], topology: step.topology });
  }

  // Steps first in file order, each followed by the half-applied states into the next step.
  const ordered = [...states].sort((a, b) => a.step - b.step || (a.kind === b.kind ? 0 : a.kind === 'step' ? -1 : 1));
  const redesignated = redesignatedIntoInet(steps.map((s) => s.topology), mappings, planned);
  const sequence: CheckResult[] = [
    checkT1(steps, redesignated),
    checkT2(steps, redesignated),
    checkT4(steps),
    checkT5(steps),
    {
      id: 'flows', kind: 'property', title: 'business flows that work in a step still work in the next (through the plan\'s address mapping)',
      basis: 'docs/guideline-basis.md#b-latent-flows', status: flowsChecked === 0 ? 'not-applicable' : flowResults.length ? 'fail' : 'pass',
      notes: [flowsChecked === 0 ? 'no business flow: the scenarios have no reachable properties and no --flows log was given' : `${flowsChecked} flow(s) carried from one step to the next${plan ? ` with the address mapping of plan ${plan.name}` : ' without an address mapping (no --plan)'}`],
      violations: flowResults, exceptionsUsed: [], durationMs: 0,
    },
  ];
  return {
    ok: true,
    warnings: [],
    report: { steps: steps.map((s) => s.file), plan: plan?.file, states: ordered, sequence, diagnostics: sortDiagnostics(buildProblems), notes, durationMs: performance.now() - t0 },
  };
}
