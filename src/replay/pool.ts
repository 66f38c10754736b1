/**
 * The worker pool: flows stay in one SharedArrayBuffer; workers are handed chunk ranges and answer
 * with chunk totals, merged here. A worker that dies (or reports a failure) is replaced and its chunk
 * retried once; a chunk that fails twice makes the run incomplete, and the result says so.
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { emptyTotals, mergeTotals, type ReplayTotals } from './aggregate.js';
import type { FaultInjection, FromWorker, ToWorker, WorkerInit } from './protocol.js';
import type { Topology } from '../topology/model.js';
import type { Expectation } from './expect.js';
import type { FlowSetTransfer } from './flowset.js';

export const DEFAULT_CHUNK_FLOWS = 65536;
/** Attempts per chunk: the first try and one retry. */
const MAX_ATTEMPTS = 2;

export interface ChunkFailure {
  readonly chunk: number;
  readonly from: number;
  readonly to: number;
  readonly attempt: number;
  readonly reason: string;
}

export interface PoolResult {
  readonly totals: ReplayTotals;
  /** Every failed attempt, retried or not. */
  readonly failures: readonly ChunkFailure[];
  /** Chunks that failed on every attempt: their flows are missing from the totals. */
  readonly lostChunks: readonly { readonly chunk: number; readonly from: number; readonly to: number }[];
  readonly complete: boolean;
  /** Worker threads started at once: --workers, or fewer when there are fewer chunks. */
  readonly workers: number;
}

export interface PoolOptions {
  readonly topology: Topology;
  readonly flows: FlowSetTransfer;
  readonly zoneCount: number;
  readonly ruleCount: number;
  readonly workers: number;
  readonly chunkFlows?: number | undefined;
  readonly expectations?: readonly Expectation[] | undefined;
  readonly outcomes?: { readonly buffer: SharedArrayBuffer; readonly size: number } | undefined;
  readonly fault?: FaultInjection | undefined;
  /** Called with the number of flows done so far (replayed or found without a sender). */
  readonly onProgress?: ((flowsDone: number) => void) | undefined;
}

/** The worker entry: compiled JS next to this module, or the tsx bootstrap when running from source. */
function workerEntry(): { url: URL; sourceEntry: string | undefined } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    return { url: new URL('./worker-bootstrap.mjs', here), sourceEntry: new URL('./worker.ts', here).href };
  }
  return { url: new URL('./worker.js', here), sourceEntry: undefined };
}

export function runPool(options: PoolOptions): Promise<PoolResult> {
  const chunkFlows = Math.max(1, options.chunkFlows ?? DEFAULT_CHUNK_FLOWS);
  const size = options.flows.size;
  const chunks: { from: number; to: number }[] = [];
  for (let from = 0; from < size; from += chunkFlows) chunks.push({ from, to: Math.min(size, from + chunkFlows) });
  const totals = emptyTotals(options.zoneCount, options.ruleCount);
  const failures: ChunkFailure[] = [];
  const lost: { chunk: number; from: number; to: number }[] = [];
  if (chunks.length === 0) return Promise.resolve({ totals, failures, lostChunks: lost, complete: true, workers: 0 });

  const entry = workerEntry();
  const init: WorkerInit = {
    topology: options.topology,
    flows: options.flows,
    expectations: options.expectations ?? [],
    outcomes: options.outcomes,
    fault: options.fault,
    sourceEntry: entry.sourceEntry,
  };
  const queue: { chunk: number; attempt: number }[] = chunks.map((_, chunk) => ({ chunk, attempt: 0 }));
  let settled = 0;
  let flowsDone = 0;
  const wanted = Math.max(1, Math.min(options.workers, chunks.length));

  return new Promise((resolve) => {
    let live = 0;
    const finishIfDone = (): void => {
      if (settled === chunks.length && live === 0) {
        lost.sort((a, b) => a.chunk - b.chunk);
        resolve({ totals, failures, lostChunks: lost, complete: lost.length === 0, workers: wanted });
      }
    };
    const fail = (job: { chunk: number; attempt: number }, reason: string): void => {
      const c = chunks[job.chunk]!;
      failures.push({ chunk: job.chunk, from: c.from, to: c.to, attempt: job.attempt + 1, reason });
      if (job.attempt + 1 < MAX_ATTEMPTS) {
        queue.push({ chunk: job.chunk, attempt: job.attempt + 1 });
      } else {
        lost.push({ chunk: job.chunk, ...c });
        settled++;
      }
    };
    const spawn = (): void => {
      live++;
      const worker = new Worker(fileURLToPath(entry.url), { workerData: init });
      let current: { chunk: number; attempt: number } | undefined;
      let ended = false;
      const next = (): void => {
        const job = queue.shift();
        if (!job) {
          current = undefined;
          worker.postMessage({ type: 'stop' } satisfies ToWorker);
          return;
        }
        current = job;
        const c = chunks[job.chunk]!;
        worker.postMessage({ type: 'chunk', chunk: job.chunk, from: c.from, to: c.to, attempt: job.attempt } satisfies ToWorker);
      };
      const end = (reason: string | undefined): void => {
        if (ended) return;
        ended = true;
        live--;
        if (current && reason !== undefined) fail(current, reason);
        current = undefined;
        // Replace a dead worker while work remains, so one crash does not shrink the pool for good.
        if (queue.length > 0 && live < wanted) spawn();
        finishIfDone();
      };
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'ready') return next();
        if (m.type === 'failed') {
          if (current) fail(current, m.message);
          current = undefined;
          return next();
        }
        mergeTotals(totals, m.totals);
        settled++;
        flowsDone += m.totals.flows + m.totals.unowned;
        options.onProgress?.(flowsDone);
        current = undefined;
        next();
      });
      worker.on('error', (error) => end(`worker crashed: ${error.message}`));
      worker.on('exit', (code) => end(current ? `worker exited with code ${code}` : undefined));
    };
    for (let i = 0; i < wanted; i++) spawn();
  });
}
