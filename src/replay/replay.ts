/**
 * Replays a flow set against a topology on N worker threads, or on this thread when N is 1; both
 * paths count the same chunks with the same code, so their totals are identical.
 */
import os from 'node:os';
import type { Topology } from '../topology/model.js';
import { allocateOutcomes, emptyTotals, mergeTotals, replayChunk, type FlowOutcomes, type ReplayTotals } from './aggregate.js';
import { defaultClassifierFactory } from './classifier-choice.js';
import { compileNetwork, type CompiledNetwork } from './compiled-network.js';
import { ExpectationMatcher, type Expectation } from './expect.js';
import { flowSetTransfer, type FlowSet } from './flowset.js';
import { DEFAULT_CHUNK_FLOWS, runPool, type ChunkFailure, type ReplayPool } from './pool.js';
import type { FaultInjection } from './protocol.js';

export interface ReplayOptions {
  readonly topology: Topology;
  readonly flows: FlowSet;
  /** Default: os.availableParallelism(). 1 replays on this thread, without workers. */
  readonly workers?: number | undefined;
  readonly chunkFlows?: number | undefined;
  readonly expectations?: readonly Expectation[] | undefined;
  /** Keep every flow's fate (for `--out`): 9 bytes per flow. */
  readonly keepOutcomes?: boolean | undefined;
  readonly onProgress?: ((flowsDone: number) => void) | undefined;
  readonly fault?: FaultInjection | undefined;
  /** Use the worker pool even for one worker (to measure it); by default one worker means this thread. */
  readonly forcePool?: boolean | undefined;
  /** Reuse a network compiled earlier for the same topology. */
  readonly network?: CompiledNetwork | undefined;
  /**
   * Replay on this pool's workers (opened for the same topology, see openReplayPool), which stay
   * started for the next run; `workers` and `forcePool` are then ignored.
   */
  readonly pool?: ReplayPool | undefined;
}

export interface ReplayResult {
  readonly network: CompiledNetwork;
  readonly totals: ReplayTotals;
  readonly outcomes: FlowOutcomes | undefined;
  /** False when some flows could not be replayed (see lostChunks); never present such a run as complete. */
  readonly complete: boolean;
  readonly failures: readonly ChunkFailure[];
  readonly lostChunks: readonly { readonly chunk: number; readonly from: number; readonly to: number }[];
  readonly workers: number;
}

export function defaultWorkerCount(): number {
  return os.availableParallelism();
}

export async function runReplay(options: ReplayOptions): Promise<ReplayResult> {
  const network = options.network ?? compileNetwork(options.topology, defaultClassifierFactory());
  const flows = options.flows;
  const workers = Math.max(1, Math.floor(options.workers ?? defaultWorkerCount()));
  const expectations = options.expectations ?? [];
  const shared = options.keepOutcomes ? allocateOutcomes(flows.size) : undefined;
  if (options.pool && options.pool.topology !== options.topology) throw new Error('runReplay: the pool was opened for another topology');
  if (workers === 1 && !options.forcePool && !options.pool) {
    const chunkFlows = Math.max(1, options.chunkFlows ?? DEFAULT_CHUNK_FLOWS);
    const ctx = {
      network,
      flows,
      startTable: network.startTable(flows),
      matcher: expectations.length > 0 ? new ExpectationMatcher(expectations, network.zoneNames) : undefined,
      outcomes: shared?.outcomes,
    };
    const totals = emptyTotals(network.zoneCount, network.ruleCount);
    for (let from = 0; from < flows.size; from += chunkFlows) {
      mergeTotals(totals, replayChunk(ctx, from, Math.min(flows.size, from + chunkFlows)));
      options.onProgress?.(totals.flows + totals.unowned);
      // Let timers (the progress bar) run between chunks.
      if (options.onProgress) await new Promise((r) => setImmediate(r));
    }
    return { network, totals, outcomes: shared?.outcomes, complete: true, failures: [], lostChunks: [], workers };
  }
  const run = {
    flows: flowSetTransfer(flows),
    zoneCount: network.zoneCount,
    ruleCount: network.ruleCount,
    chunkFlows: options.chunkFlows,
    expectations,
    outcomes: shared ? { buffer: shared.buffer, size: flows.size } : undefined,
    fault: options.fault,
    onProgress: options.onProgress,
  };
  const pool = options.pool ? await options.pool.run(run) : await runPool({ ...run, topology: options.topology, workers });
  return { network, totals: pool.totals, outcomes: shared?.outcomes, complete: pool.complete, failures: pool.failures, lostChunks: pool.lostChunks, workers: pool.workers };
}
