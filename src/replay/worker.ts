/**
 * A replay worker: compiles its own copy of the network from the topology it is given, then replays
 * the chunks it is sent and answers each with the chunk's totals.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compileNetwork } from './compiled-network.js';
import { defaultClassifierFactory } from './classifier-choice.js';
import { outcomesFromBuffer, replayChunk, type ChunkContext } from './aggregate.js';
import { ExpectationMatcher } from './expect.js';
import { flowSetFromTransfer } from './flowset.js';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.js';

function start(port: NonNullable<typeof parentPort>, init: WorkerInit): void {
  const network = compileNetwork(init.topology, defaultClassifierFactory());
  const flows = flowSetFromTransfer(init.flows);
  const ctx: ChunkContext = {
    network,
    flows,
    startTable: network.startTable(flows),
    matcher: init.expectations.length > 0 ? new ExpectationMatcher(init.expectations, network.zoneNames) : undefined,
    outcomes: init.outcomes ? outcomesFromBuffer(init.outcomes.buffer, init.outcomes.size) : undefined,
  };
  const send = (m: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);
  port.on('message', (m: ToWorker) => {
    if (m.type === 'stop') {
      port.close();
      return;
    }
    if (init.fault && init.fault.crashChunks.includes(m.chunk) && m.attempt < init.fault.attempts) {
      // Injected fault: an uncaught error kills this thread the way a real bug would.
      setImmediate(() => {
        throw new Error(`injected crash in chunk ${m.chunk}`);
      });
      return;
    }
    let totals;
    try {
      totals = replayChunk(ctx, m.from, m.to);
    } catch (error) {
      send({ type: 'failed', chunk: m.chunk, message: error instanceof Error ? error.message : String(error) });
      return;
    }
    send({ type: 'done', chunk: m.chunk, totals }, [totals.dispositions.buffer as ArrayBuffer, totals.matrix.buffer as ArrayBuffer, totals.ruleHits.buffer as ArrayBuffer]);
  });
  send({ type: 'ready' });
}

if (parentPort) start(parentPort, workerData as WorkerInit);
