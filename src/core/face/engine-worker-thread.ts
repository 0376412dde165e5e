/** Entry point of the engine worker under Node (worker_threads). */
import { parentPort } from 'node:worker_threads';
import type { EngineRequest } from './engine-protocol.ts';
import { serveEngine } from './engine-port.ts';

if (!parentPort) throw new Error('engine-worker-thread.ts must run as a worker thread');
const port = parentPort;
serveEngine({
  onMessage: (listener) => port.on('message', (request: EngineRequest) => listener(request)),
  post: (response, transfer) => port.postMessage(response, transfer),
});
