/**
 * A replay worker: compiles its own copy of the network from the topology once, then, for every run
 * it is sent, claims chunks from the run's shared counter until none is left (no message round trip
 * per chunk) and answers each chunk with its totals as transferred typed arrays. Retries come as
 * single-chunk messages.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compileNetwork } from './compiled-network.js';
import { defaultClassifierFactory } from './classifier-choice.js';
import { outcomesFromBuffer, replayChunk, type ChunkContext } from './aggregate.js';
import { ExpectationMatcher } from './expect.js';
import { flowSetFromTransfer } from './flowset.js';
import { CONTROL_NEXT, CONTROL_SLOTS, type FromWorker, type RunSpec, type ToWorker, type WorkerInit } from './protocol.js';

function start(port: NonNullable<typeof parentPort>, init: WorkerInit): void {
  const network = compileNetwork(init.topology, defaultClassifierFactory());
  const send = (m: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);
  let current: { spec: RunSpec; ctx: ChunkContext; control: Int32Array } | undefined;

  const replay = (chunk: number, attempt: number): void => {
    const { spec, ctx, control } = current!;
    Atomics.store(control, CONTROL_SLOTS + init.slot, chunk + 1);
    if (spec.fault && spec.fault.crashChunks.includes(chunk) && attempt < spec.fault.attempts) {
      // Injected fault: an uncaught error kills this thread the way a real bug would.
      throw new Error(`injected crash in chunk ${chunk}`);
    }
    const from = chunk * spec.chunkFlows;
    const to = Math.min(spec.flows.size, from + spec.chunkFlows);
    let totals;
    try {
      totals = replayChunk(ctx, from, to);
    } catch (error) {
      send({ type: 'failed', run: spec.run, chunk, message: error instanceof Error ? error.message : String(error) });
      Atomics.store(control, CONTROL_SLOTS + init.slot, 0);
      return;
    }
    send({ type: 'done', run: spec.run, chunk, totals }, [totals.dispositions.buffer as ArrayBuffer, totals.matrix.buffer as ArrayBuffer, totals.ruleHits.buffer as ArrayBuffer]);
    Atomics.store(control, CONTROL_SLOTS + init.slot, 0);
  };

  port.on('message', (m: ToWorker) => {
    if (m.type === 'stop') {
      port.close();
      return;
    }
    if (m.type === 'run') {
      if (current?.spec.run !== m.run) {
        const flows = flowSetFromTransfer(m.flows);
        current = {
          spec: m,
          control: new Int32Array(m.control),
          ctx: {
            network,
            flows,
            startTable: network.startTable(flows),
            matcher: m.expectations.length > 0 ? new ExpectationMatcher(m.expectations, network.zoneNames) : undefined,
            outcomes: m.outcomes ? outcomesFromBuffer(m.outcomes.buffer, m.outcomes.size) : undefined,
          },
        };
      }
      const control = current.control;
      for (;;) {
        const chunk = Atomics.add(control, CONTROL_NEXT, 1);
        if (chunk >= m.chunkCount) break;
        replay(chunk, 0);
      }
      send({ type: 'idle', run: m.run });
      return;
    }
    if (current?.spec.run === m.run) replay(m.chunk, m.attempt);
    send({ type: 'idle', run: m.run });
  });
  send({ type: 'ready' });
}

if (parentPort) start(parentPort, workerData as WorkerInit);
