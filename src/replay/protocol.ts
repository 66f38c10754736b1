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

export interface WorkerInit {
  readonly topology: Topology;
  readonly flows: FlowSetTransfer;
  readonly expectations: readonly Expectation[];
  readonly outcomes: { readonly buffer: SharedArrayBuffer; readonly size: number } | undefined;
  readonly fault: FaultInjection | undefined;
  /** Module to import when running from TypeScript source (set by the pool for the tsx bootstrap). */
  readonly sourceEntry?: string | undefined;
}

export type ToWorker =
  | { readonly type: 'chunk'; readonly chunk: number; readonly from: number; readonly to: number; readonly attempt: number }
  | { readonly type: 'stop' };

export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'done'; readonly chunk: number; readonly totals: ReplayTotals }
  | { readonly type: 'failed'; readonly chunk: number; readonly message: string };
