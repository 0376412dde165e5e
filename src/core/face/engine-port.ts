/**
 * Serves engine requests over any message port, one at a time: a Node worker thread's parentPort
 * (engine-worker-thread.ts) or an Electron utilityProcess's parentPort in the app.
 */
import type { EngineRequest, EngineResponse } from './engine-protocol.ts';
import { createEngineService, type EngineServiceOptions } from './engine-service.ts';

export interface EnginePort {
  onMessage(listener: (request: EngineRequest) => void): void;
  post(response: EngineResponse, transfer: ArrayBuffer[]): void;
}

export function serveEngine(port: EnginePort, options: EngineServiceOptions = {}): void {
  const handle = createEngineService(options);
  // Inference is CPU-bound: queueing here keeps one frame in flight and memory flat.
  let queue: Promise<void> = Promise.resolve();
  port.onMessage((request) => {
    queue = queue.then(async () => {
      const { response, transfer } = await handle(request);
      port.post(response, transfer);
    });
  });
}
