/** Entry point of the engine worker under Node (worker_threads). */
import { parentPort } from 'node:worker_threads';
import type { EngineRequest } from './engine-protocol.ts';
import { createEngineService } from './engine-service.ts';

if (!parentPort) throw new Error('engine-worker-thread.ts must run as a worker thread');
const port = parentPort;
const handle = createEngineService();
// One request at a time: inference is CPU-bound, and queueing here keeps memory flat.
let queue: Promise<void> = Promise.resolve();
port.on('message', (request: EngineRequest) => {
  queue = queue.then(async () => {
    const { response, transfer } = await handle(request);
    port.postMessage(response, transfer);
  });
});
