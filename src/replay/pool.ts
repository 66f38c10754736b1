/**
 * The worker pool. Workers start once per pool, each compiling the network from the topology, and
 * serve any number of runs (start-up is paid once, however many flow sets are replayed). In a run
 * the flows stay in one SharedArrayBuffer and workers claim chunk ranges from a shared counter
 * (Atomics.add), so no chunk waits for a message round trip; each chunk's totals come back as
 * transferred typed arrays and are merged here, which is all this thread does during a run. A worker
 * that dies (or reports a failure) is replaced and the chunk it held (its slot in the run's control
 * array says which) is retried once; a chunk that fails twice makes the run incomplete, and the
 * result says so.
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { emptyTotals, mergeTotals, type ReplayTotals } from './aggregate.js';
import { CONTROL_SLOTS, type FaultInjection, type FromWorker, type RunSpec, type ToWorker, type WorkerInit } from './protocol.js';
import type { Topology } from '../topology/model.js';
import type { Expectation } from './expect.js';
import type { FlowSetTransfer } from './flowset.js';

export const DEFAULT_CHUNK_FLOWS = 65536;
/** Attempts per chunk: the first try and one retry. */
const MAX_ATTEMPTS = 2;
/** A slot whose worker dies this many times in a row before it is ready is given up. */
const MAX_EARLY_DEATHS = 3;

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
  /** Worker threads of the pool. */
  readonly workers: number;
}

export interface PoolRunOptions {
  readonly flows: FlowSetTransfer;
  readonly zoneCount: number;
  readonly ruleCount: number;
  readonly chunkFlows?: number | undefined;
  readonly expectations?: readonly Expectation[] | undefined;
  readonly outcomes?: { readonly buffer: SharedArrayBuffer; readonly size: number } | undefined;
  readonly fault?: FaultInjection | undefined;
  /** Called with the number of flows done so far (replayed or found without a sender). */
  readonly onProgress?: ((flowsDone: number) => void) | undefined;
}

export interface PoolOptions extends PoolRunOptions {
  readonly topology: Topology;
  readonly workers: number;
}

/** The worker entry: compiled JS next to this module, or the tsx bootstrap when running from source. */
function workerEntry(): { url: URL; sourceEntry: string | undefined } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    return { url: new URL('./worker-bootstrap.mjs', here), sourceEntry: new URL('./worker.ts', here).href };
  }
  return { url: new URL('./worker.js', here), sourceEntry: undefined };
}

interface Slot {
  worker: Worker | undefined;
  ready: boolean;
  /** The run this worker was last given work in, until it answers `idle` for it. */
  busyRun: number;
  /** The retry it was last given (claimed chunks are first attempts); the run says whether it is still current. */
  retry: { run: number; chunk: number; attempt: number } | undefined;
  earlyDeaths: number;
}

interface ActiveRun {
  readonly spec: RunSpec;
  readonly control: Int32Array;
  readonly options: PoolRunOptions;
  /** Per chunk: 0 pending, 1 counted, 2 lost. */
  readonly state: Uint8Array;
  readonly retries: { chunk: number; attempt: number }[];
  readonly totals: ReplayTotals;
  readonly failures: ChunkFailure[];
  readonly lost: { chunk: number; from: number; to: number }[];
  settled: number;
  flowsDone: number;
  readonly resolve: (r: PoolResult) => void;
}

/**
 * Worker threads that each hold the compiled network of one topology, kept between runs. Idle
 * workers do not keep the process alive; `close` ends them.
 */
export class ReplayPool {
  private readonly slots: Slot[] = [];
  private readonly entry = workerEntry();
  private active: ActiveRun | undefined;
  private runs = 0;
  private closed = false;
  private readonly readyWaiters: (() => void)[] = [];

  constructor(
    readonly topology: Topology,
    readonly workers: number,
  ) {
    for (let slot = 0; slot < Math.max(1, Math.floor(workers)); slot++) {
      this.slots.push({ worker: undefined, ready: false, busyRun: -1, retry: undefined, earlyDeaths: 0 });
      this.spawn(slot);
    }
  }

  /** Resolves once every worker has compiled its network (or given up); for measuring start-up. */
  ready(): Promise<void> {
    if (this.allReady()) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Replays one flow set; one run at a time. */
  run(options: PoolRunOptions): Promise<PoolResult> {
    if (this.closed) return Promise.reject(new Error('replay pool is closed'));
    if (this.active) return Promise.reject(new Error('replay pool is busy with another run'));
    const chunkFlows = Math.max(1, options.chunkFlows ?? DEFAULT_CHUNK_FLOWS);
    const size = options.flows.size;
    const chunkCount = Math.ceil(size / chunkFlows);
    const totals = emptyTotals(options.zoneCount, options.ruleCount);
    if (chunkCount === 0) return Promise.resolve({ totals, failures: [], lostChunks: [], complete: true, workers: this.slots.length });
    const control = new SharedArrayBuffer(4 * (CONTROL_SLOTS + this.slots.length));
    const spec: RunSpec = {
      run: ++this.runs,
      flows: options.flows,
      chunkFlows,
      chunkCount,
      control,
      expectations: options.expectations ?? [],
      outcomes: options.outcomes,
      fault: options.fault,
    };
    return new Promise((resolve) => {
      this.active = {
        spec, control: new Int32Array(control), options, state: new Uint8Array(chunkCount), retries: [], totals,
        failures: [], lost: [], settled: 0, flowsDone: 0, resolve,
      };
      this.slots.forEach((s, slot) => {
        if (!s.worker) return;
        s.worker.ref();
        this.give(slot, { type: 'run', ...spec });
      });
      this.checkAbandoned();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker?.terminate()));
  }

  private allReady(): boolean {
    return this.slots.every((s) => s.ready || s.worker === undefined);
  }

  private give(slot: number, message: ToWorker): void {
    const s = this.slots[slot]!;
    if (message.type === 'run' || message.type === 'chunk') s.busyRun = message.run;
    s.retry = message.type === 'chunk' ? { run: message.run, chunk: message.chunk, attempt: message.attempt } : undefined;
    s.worker!.postMessage(message);
  }

  private spawn(slot: number): void {
    const s = this.slots[slot]!;
    const init: WorkerInit = { topology: this.topology, slot, sourceEntry: this.entry.sourceEntry };
    const worker = new Worker(fileURLToPath(this.entry.url), { workerData: init });
    s.worker = worker;
    s.ready = false;
    s.busyRun = -1;
    s.retry = undefined;
    if (this.active) this.give(slot, { type: 'run', ...this.active.spec });
    else worker.unref();
    let ended = false;
    const end = (reason: string): void => {
      if (ended) return;
      ended = true;
      this.died(slot, worker, reason);
    };
    worker.on('message', (m: FromWorker) => this.received(slot, m));
    worker.on('error', (error) => end(`worker crashed: ${error.message}`));
    worker.on('exit', (code) => end(`worker exited with code ${code}`));
  }

  private received(slot: number, m: FromWorker): void {
    const s = this.slots[slot]!;
    if (m.type === 'ready') {
      s.ready = true;
      s.earlyDeaths = 0;
      if (this.allReady()) this.readyWaiters.splice(0).forEach((r) => r());
      return;
    }
    const run = this.active;
    if (m.type === 'idle') {
      if (s.busyRun === m.run) {
        s.busyRun = -1;
        s.retry = undefined;
      }
      this.dispatch();
      return;
    }
    if (!run || m.run !== run.spec.run) return; // a late answer from a run already finished
    if (m.type === 'failed') {
      this.fail(run, m.chunk, this.attemptOf(s, run, m.chunk), m.message);
      return;
    }
    if (run.state[m.chunk] !== 0) return; // already counted (a retry raced a late answer) or given up
    mergeTotals(run.totals, m.totals);
    run.state[m.chunk] = 1;
    const queued = run.retries.findIndex((r) => r.chunk === m.chunk);
    if (queued >= 0) run.retries.splice(queued, 1);
    run.settled++;
    run.flowsDone += m.totals.flows + m.totals.unowned;
    run.options.onProgress?.(run.flowsDone);
    this.finishIfDone();
  }

  private died(slot: number, worker: Worker, reason: string): void {
    const s = this.slots[slot]!;
    if (s.worker !== worker) return;
    const run = this.active;
    if (run && s.busyRun === run.spec.run) {
      const held = Atomics.load(run.control, CONTROL_SLOTS + slot) - 1;
      Atomics.store(run.control, CONTROL_SLOTS + slot, 0);
      if (held >= 0) this.fail(run, held, this.attemptOf(s, run, held), reason);
    }
    s.earlyDeaths = s.ready ? 0 : s.earlyDeaths + 1;
    s.worker = undefined;
    s.ready = false;
    s.busyRun = -1;
    s.retry = undefined;
    if (this.closed) return;
    // Replace a dead worker, so one crash does not shrink the pool for good; unless it never starts.
    if (s.earlyDeaths < MAX_EARLY_DEATHS) this.spawn(slot);
    else if (this.allReady()) this.readyWaiters.splice(0).forEach((r) => r());
    this.checkAbandoned();
    this.dispatch();
  }

  /** Which attempt at `chunk` the slot's worker was making: the retry it was given in this run, else the first. */
  private attemptOf(s: Slot, run: ActiveRun, chunk: number): number {
    return s.retry !== undefined && s.retry.run === run.spec.run && s.retry.chunk === chunk ? s.retry.attempt : 0;
  }

  /** With no worker left that could start, every chunk not yet counted is lost. */
  private checkAbandoned(): void {
    const run = this.active;
    if (!run || this.slots.some((s) => s.worker !== undefined)) return;
    for (let chunk = 0; chunk < run.state.length; chunk++) {
      if (run.state[chunk] !== 0) continue;
      const { from, to } = this.bounds(run, chunk);
      run.failures.push({ chunk, from, to, attempt: MAX_ATTEMPTS, reason: 'no replay worker could start' });
      run.state[chunk] = 2;
      run.lost.push({ chunk, from, to });
      run.settled++;
    }
    run.retries.length = 0;
    this.finishIfDone();
  }

  private bounds(run: ActiveRun, chunk: number): { from: number; to: number } {
    const from = chunk * run.spec.chunkFlows;
    return { from, to: Math.min(run.spec.flows.size, from + run.spec.chunkFlows) };
  }

  private fail(run: ActiveRun, chunk: number, attempt: number, reason: string): void {
    if (run.state[chunk] !== 0) return;
    const { from, to } = this.bounds(run, chunk);
    run.failures.push({ chunk, from, to, attempt: attempt + 1, reason });
    if (attempt + 1 < MAX_ATTEMPTS) {
      run.retries.push({ chunk, attempt: attempt + 1 });
      this.dispatch();
    } else {
      run.state[chunk] = 2;
      run.lost.push({ chunk, from, to });
      run.settled++;
      this.finishIfDone();
    }
  }

  /** Hands queued retries to workers that have nothing left to claim. */
  private dispatch(): void {
    const run = this.active;
    if (!run) return;
    for (let slot = 0; slot < this.slots.length && run.retries.length > 0; slot++) {
      const s = this.slots[slot]!;
      if (!s.worker || s.busyRun !== -1) continue;
      const job = run.retries.shift()!;
      this.give(slot, { type: 'chunk', run: run.spec.run, chunk: job.chunk, attempt: job.attempt });
    }
  }

  private finishIfDone(): void {
    const run = this.active;
    if (!run || run.settled < run.state.length) return;
    this.active = undefined;
    for (const s of this.slots) s.worker?.unref();
    run.lost.sort((a, b) => a.chunk - b.chunk);
    run.resolve({ totals: run.totals, failures: run.failures, lostChunks: run.lost, complete: run.lost.length === 0, workers: this.slots.length });
  }
}

/** Opens a pool of `workers` threads for one topology; reuse it for several runs, then `close` it. */
export function openReplayPool(topology: Topology, workers: number): ReplayPool {
  return new ReplayPool(topology, workers);
}

/** One run on a pool of its own (no more workers than chunks), closed afterwards. */
export async function runPool(options: PoolOptions): Promise<PoolResult> {
  const chunkFlows = Math.max(1, options.chunkFlows ?? DEFAULT_CHUNK_FLOWS);
  const chunks = Math.ceil(options.flows.size / chunkFlows);
  if (chunks === 0) return { totals: emptyTotals(options.zoneCount, options.ruleCount), failures: [], lostChunks: [], complete: true, workers: 0 };
  const pool = new ReplayPool(options.topology, Math.max(1, Math.min(options.workers, chunks)));
  try {
    return await pool.run(options);
  } finally {
    await pool.close();
  }
}
