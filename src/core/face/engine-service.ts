/**
 * The engine's request handler, independent of the transport: a Node worker_thread uses it
 * (engine-worker-thread.ts), and the Electron app hosts the same code in a utilityProcess.
 */
import { FaceEngineError, isFaceErrorCode } from '../../shared/errors.ts';
import type { EngineRequest, EngineResponse } from './engine-protocol.ts';
import { FaceAnalyzer } from './face-analyzer.ts';
import { holdYoungGeneration } from './release-memory.ts';

export interface Reply {
  response: EngineResponse;
  transfer: ArrayBuffer[];
}

export interface EngineServiceOptions {
  /**
   * The engine runs in a process of its own (the app's utilityProcess, the bench's engine
   * process), so process-wide V8 settings may be tuned for it (release-memory.ts). Not in a worker
   * thread: its host's own heap would be tuned too.
   */
  ownProcess?: boolean;
}

export function createEngineService(
  options: EngineServiceOptions = {},
): (request: EngineRequest) => Promise<Reply> {
  let analyzer: FaceAnalyzer | undefined;
  if (options.ownProcess) holdYoungGeneration();
  return async (request) => {
    const transfer: ArrayBuffer[] = [];
    try {
      switch (request.type) {
        case 'init': {
          analyzer = await FaceAnalyzer.create({
            modelsDir: request.modelsDir,
            ...(request.pinnedManifestSha256 ? { pinnedManifestSha256: request.pinnedManifestSha256 } : {}),
          });
          return {
            response: { id: request.id, ok: true, result: { type: 'init', info: analyzer.info } },
            transfer,
          };
        }
        case 'analyze': {
          const { buffer, width, height, format } = request.frame;
          transfer.push(buffer);
          if (!analyzer)
            throw new FaceEngineError('ENGINE_UNAVAILABLE', 'The face engine has not been started.');
          const analysis = await analyzer.analyze(
            { data: new Uint8Array(buffer), width, height, format },
            request.options,
          );
          return {
            response: { id: request.id, ok: true, result: { type: 'analyze', analysis, buffer } },
            transfer,
          };
        }
        case 'stats': {
          const stats = { tensors: analyzer?.tensorCount() ?? 0, rssBytes: process.memoryUsage().rss };
          return { response: { id: request.id, ok: true, result: { type: 'stats', stats } }, transfer };
        }
      }
    } catch (error) {
      if (request.type === 'analyze') new Uint8Array(request.frame.buffer).fill(0);
      const code =
        error instanceof FaceEngineError && isFaceErrorCode(error.code) ? error.code : 'ENGINE_UNAVAILABLE';
      const message = error instanceof Error ? error.message : String(error);
      const failure: EngineResponse = { id: request.id, ok: false, code, message };
      if (request.type === 'analyze') failure.buffer = request.frame.buffer;
      return { response: failure, transfer };
    }
  };
}
