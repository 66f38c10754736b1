/**
 * What a replay counts, as typed arrays: per disposition, per (source zone, destination zone,
 * disposition), per rule, plus the flows that break an expectation. One chunk of flows is counted
 * by `replayChunk` (the same code in a worker and on the main thread) and chunk totals are merged
 * with `mergeTotals`. Counts are sums of integer weights in float64, exact up to 2^53, so the merge
 * order does not change the result.
 */
import { PROTO } from '../net/ports.js';
import type { CompiledNetwork } from './compiled-network.js';
import { DISPOSITION_COUNT } from './disposition.js';
import type { ExpectationMatcher } from './expect.js';
import type { FlowSet } from './flowset.js';

/** Flows that break expectations are listed up to this many; all of them are counted. */
export const VIOLATION_SAMPLE_LIMIT = 1000;
/** Flows without a sender are listed up to this many (examples); all of them are counted. */
export const UNOWNED_SAMPLE_LIMIT = 100;

export interface ReplayTotals {
  /** Rows replayed (rows without a sender are not: see `unowned`). */
  flows: number;
  /** Sum of the replayed rows' counts. */
  weight: number;
  /**
   * Rows not replayed because this version has no sender for them: no node owns the source address (and
   * the row names no start), or the start the row names does not exist. They are in no other count.
   */
  unowned: number;
  unownedWeight: number;
  /** Their flow indices, ascending, at most UNOWNED_SAMPLE_LIMIT. */
  unownedSamples: number[];
  readonly dispositions: Float64Array;
  /** [(srcZone * Z + dstZone) * D + disposition], Z = zones + 1 (the last is "no zone"). */
  readonly matrix: Float64Array;
  readonly ruleHits: Float64Array;
  /** Rows (not weights) whose fate breaks an expectation. */
  violations: number;
  /** Flow indices, ascending, at most VIOLATION_SAMPLE_LIMIT. */
  violationSamples: number[];
}

export function emptyTotals(zoneCount: number, ruleCount: number): ReplayTotals {
  const z = zoneCount + 1;
  return {
    flows: 0,
    weight: 0,
    unowned: 0,
    unownedWeight: 0,
    unownedSamples: [],
    dispositions: new Float64Array(DISPOSITION_COUNT),
    matrix: new Float64Array(z * z * DISPOSITION_COUNT),
    ruleHits: new Float64Array(ruleCount),
    violations: 0,
    violationSamples: [],
  };
}

export function mergeTotals(into: ReplayTotals, from: ReplayTotals): void {
  into.flows += from.flows;
  into.weight += from.weight;
  into.unowned += from.unowned;
  into.unownedWeight += from.unownedWeight;
  // Always merged, keeping the lowest rows: chunks finish in any order, the examples must not depend on it.
  if (from.unownedSamples.length > 0) {
    into.unownedSamples = [...into.unownedSamples, ...from.unownedSamples].sort((a, b) => a - b).slice(0, UNOWNED_SAMPLE_LIMIT);
  }
  addInto(into.dispositions, from.dispositions);
  addInto(into.matrix, from.matrix);
  addInto(into.ruleHits, from.ruleHits);
  into.violations += from.violations;
  if (from.violationSamples.length > 0) {
    into.violationSamples = [...into.violationSamples, ...from.violationSamples].sort((a, b) => a - b).slice(0, VIOLATION_SAMPLE_LIMIT);
  }
}

function addInto(a: Float64Array, b: Float64Array): void {
  for (let i = 0; i < a.length; i++) a[i]! += b[i]!;
}

/** Per-flow fates, written in place by whoever replays the flow (shared between threads). */
export interface FlowOutcomes {
  readonly disposition: Uint8Array;
  readonly rule: Int32Array;
  readonly finalNode: Int32Array;
}

export function allocateOutcomes(size: number): { outcomes: FlowOutcomes; buffer: SharedArrayBuffer } {
  const buffer = new SharedArrayBuffer(Math.max(8, size * 9));
  return { buffer, outcomes: outcomesFromBuffer(buffer, size) };
}

export function outcomesFromBuffer(buffer: SharedArrayBuffer, size: number): FlowOutcomes {
  return {
    rule: new Int32Array(buffer, 0, size),
    finalNode: new Int32Array(buffer, 4 * size, size),
    disposition: new Uint8Array(buffer, 8 * size, size),
  };
}

export interface ChunkContext {
  readonly network: CompiledNetwork;
  readonly flows: FlowSet;
  readonly startTable: Int32Array;
  readonly matcher: ExpectationMatcher | undefined;
  readonly outcomes: FlowOutcomes | undefined;
}

/** Replays flows [from, to) and returns their totals. */
export function replayChunk(ctx: ChunkContext, from: number, to: number): ReplayTotals {
  const { network, flows, startTable, matcher, outcomes } = ctx;
  const totals = emptyTotals(network.zoneCount, network.ruleCount);
  const z = network.zoneCount + 1;
  const none = network.zoneCount;
  const D = DISPOSITION_COUNT;
  const { dispositions, matrix, ruleHits } = totals;
  let weightSum = 0;
  let unowned = 0;
  let unownedWeight = 0;
  for (let i = from; i < to; i++) {
    const w = flows.count[i]!;
    const code = network.evaluateFlow(flows, i, startTable, ruleHits, w);
    if (outcomes) {
      outcomes.disposition[i] = code;
      outcomes.rule[i] = network.decidingRule;
      outcomes.finalNode[i] = network.finalNode;
    }
    if (network.startInterface < 0) {
      // No sender in this version: counted apart, never as a disposition (it was not replayed).
      unowned++;
      unownedWeight += w;
      if (totals.unownedSamples.length < UNOWNED_SAMPLE_LIMIT) totals.unownedSamples.push(i);
      continue;
    }
    weightSum += w;
    dispositions[code]! += w;
    const sz = network.zoneOfInterface(network.startInterface);
    const dz = network.zoneOfAddress(flows.dst[i]!);
    const fromZone = sz < 0 ? none : sz;
    const toZone = dz < 0 ? none : dz;
    matrix[(fromZone * z + toZone) * D + code]! += w;
    if (matcher && matcher.size > 0) {
      const proto = flows.proto[i]!;
      const icmp = proto === PROTO.icmp;
      const sp = flows.srcPort[i]!;
      const dp = flows.dstPort[i]!;
      const k = matcher.match(sz, dz, proto, icmp ? 0 : sp, icmp ? 0 : dp, icmp ? sp : 0, icmp ? dp : 0);
      if (k >= 0 && !matcher.holds(k, code)) {
        totals.violations++;
        if (totals.violationSamples.length < VIOLATION_SAMPLE_LIMIT) totals.violationSamples.push(i);
      }
    }
  }
  totals.flows = to - from - unowned;
  totals.weight = weightSum;
  totals.unowned = unowned;
  totals.unownedWeight = unownedWeight;
  return totals;
}
