/** Shared, lazily built state for one verification run: forwarding tables and the flow graph. */
import { buildForwarding, type Forwarding } from '../engine/routing.js';
import { buildFlowGraph, type FlowGraph } from '../flowgraph/graph.js';
import type { Topology } from '../topology/model.js';
import type { ScenarioException } from './scenario/model.js';

export class VerifyContext {
  private flowGraphValue: FlowGraph | undefined;
  private forwardingValue: Forwarding | undefined;
  /** Violations listed per check before the rest are counted only. */
  readonly maxViolations = 10;

  constructor(
    readonly topology: Topology,
    readonly exceptions: readonly ScenarioException[] = [],
    /**
     * Run the slow twins of the checks' fast paths: the flow graph's per-sender reply sets, symbolic runs
     * that record their drops. Property tests hold both to the same report.
     */
    readonly reference = false,
  ) {}

  get forwarding(): Forwarding {
    return (this.forwardingValue ??= buildForwarding(this.topology));
  }

  get flowGraph(): FlowGraph {
    return (this.flowGraphValue ??= buildFlowGraph(this.topology, { reference: this.reference }));
  }

  private readonly memo = new Map<string, unknown>();

  /** Computes a value once per run (e.g. the separation matrix, shared by its views). */
  once<T>(key: string, compute: () => T): T {
    if (!this.memo.has(key)) this.memo.set(key, compute());
    return this.memo.get(key) as T;
  }
}
