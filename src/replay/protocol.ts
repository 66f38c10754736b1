/** Typed messages between the pool and its workers. Never one per flow: one per chunk of flows. */
import type { Topology } from '../topology/model.js';
import type { ReplayTotals } from './aggregate.js';
import type { Expectation } from './expect.js';
import type { FlowSetTransfer } from './flowset.js';

/** For tests: make a worker crash on a chunk, on attempts below `attempts` (1 = first try only). */
export interface FaultInjection {
  readonly crashChunks: readonly number[];
  readonly attempts: number;
}

/** What a worker is started with: it compiles its own network from the topology once, for every run. */
export interface WorkerInit {
  readonly topology: Topology;
  /** This worker's slot in a run's control array (a replacement takes over the slot of the one that died). */
  readonly slot: number;
  /** Module to import when running from TypeScript source (set by the pool for the tsx bootstrap). */
  readonly sourceEntry?: string | undefined;
}

/**
 * Control words of one run, in a SharedArrayBuffer (Int32Array): [CONTROL_NEXT] is the next chunk to
 * claim (Atomics.add by the workers, so no chunk waits for a message round trip); [CONTROL_SLOTS + slot]
 * is the chunk a worker is replaying + 1, or 0, so the pool knows which chunk a dead worker held.
 */
export const CONTROL_NEXT = 0;
export const CONTROL_SLOTS = 1;

export interface RunSpec {
  readonly run: number;
  readonly flows: FlowSetTransfer;
  readonly chunkFlows: number;
  readonly chunkCount: number;
  readonly control: SharedArrayBuffer;
  readonly expectations: readonly Expectation[];
  readonly outcomes: { readonly buffer: SharedArrayBuffer; readonly size: number } | undefined;
  readonly fault: FaultInjection | undefined;
}

export type ToWorker =
  /** Claim chunks of this run until none is left, then answer `idle`. */
  | ({ readonly type: 'run' } & RunSpec)
  /** Replay one chunk again (a retry), then answer `idle`. */
  | { readonly type: 'chunk'; readonly run: number; readonly chunk: number; readonly attempt: number }
  | { readonly type: 'stop' };

export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'done'; readonly run: number; readonly chunk: number; readonly totals: ReplayTotals }
  | { readonly type: 'failed'; readonly run: number; readonly chunk: number; readonly message: string }
  | { readonly type: 'idle'; readonly run: number };
