// Runs the TypeScript worker from source (under vitest or tsx): Node cannot load .ts in a worker by
// itself, so register tsx's loader first. The compiled build (dist/) starts worker.js directly.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.sourceEntry);
