/**
 * Entry point of the face engine's Electron utilityProcess: the same request handler the Node
 * worker thread runs (src/core/face/engine-port.ts), behind the utility process's parent port.
 */
import type { EngineRequest } from '../../core/face/engine-protocol.ts';
import { serveEngine } from '../../core/face/engine-port.ts';

const port = process.parentPort;
serveEngine(
  {
    onMessage: (listener) => port.on('message', (event) => listener(event.data as EngineRequest)),
    // A parent port cannot transfer ArrayBuffers: the reply (with the zeroed frame buffer) is cloned.
    post: (response) => port.postMessage(response),
  },
  // This process runs nothing but the engine.
  { ownProcess: true },
);
