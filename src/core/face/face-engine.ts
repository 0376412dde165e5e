/**
 * The host side of the face engine: owns the engine's thread or process, sends frames as
 * transferred buffers, times requests out and restarts the engine after a crash or a hang.
 * Inference never runs on the caller's thread, so the UI stays responsive. Under Node the engine
 * is a worker thread; the Electron app passes a `spawn` that forks a utilityProcess instead.
 */
import { Worker } from 'node:worker_threads';
import { FaceEngineError } from '../../shared/errors.ts';
import type { RawFrame } from '../../shared/face.ts';
import type {
  EngineRequest,
  EngineRequestBody,
  EngineResponse,
  EngineResult,
  EngineStats,
} from './engine-protocol.ts';
import type { AnalyzeOptions, AnalyzerResult, EngineInfo } from './face-analyzer.ts';
import { validateFrame } from './frame.ts';

export interface FaceEngineOptions {
  modelsDir: string;
  /** A request that takes longer is failed with ENGINE_TIMEOUT and the worker is restarted. */
  timeoutMs?: number;
  /** Model loading can take longer than one frame on a cold Celeron. */
  startTimeoutMs?: number;
  /** Tests only: accept another manifest. */
  pinnedManifestSha256?: string;
  /** V8 heap limits of the worker, in MB (the wasm heap of the models is outside these). */
  resourceLimits?: { maxYoungGenerationSizeMb?: number; maxOldGenerationSizeMb?: number };
  /** Called when the worker died or hung and was replaced. */
  onRestart?: (reason: string) => void;
  /** Where the engine runs; a worker thread by default. */
  spawn?: SpawnEngine;
}

/** A running engine (thread or process) seen from the host. */
export interface EngineChannel {
  send(request: EngineRequest, transfer: ArrayBuffer[]): void;
  onMessage(listener: (response: EngineResponse) => void): void;
  /** Called once when the engine stops by itself (crash, exit). */
  onExit(listener: (reason: string) => void): void;
  terminate(): Promise<void>;
}
export type SpawnEngine = () => EngineChannel;

export interface AnalyzeResult {
  analysis: AnalyzerResult;
  /** The frame's buffer, returned by the worker after it zeroed it; reuse it for the next capture. */
  buffer: ArrayBuffer;
}

interface Pending {
  resolve: (result: EngineResult) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

const WORKER_URL = new URL('./engine-worker-thread.ts', import.meta.url);

/** The default engine: a Node worker thread running engine-worker-thread.ts. */
export function workerThreadEngine(resourceLimits?: FaceEngineOptions['resourceLimits']): SpawnEngine {
  return () => {
    const worker = new Worker(WORKER_URL, resourceLimits ? { resourceLimits } : {});
    return {
      send: (request, transfer) => worker.postMessage(request, transfer),
      onMessage: (listener) => worker.on('message', listener),
      onExit: (listener) => {
        worker.on('error', (error) => listener(`worker error: ${error.message}`));
        worker.on('exit', (code) => listener(`worker exited with code ${code}`));
      },
      terminate: async () => {
        await worker.terminate();
      },
    };
  };
}

/**
 * Moves the frame's pixels into a buffer only the engine holds, leaving none behind: the whole
 * buffer is detached when it can be (no copy), otherwise (a view into a larger buffer, or memory
 * owned by a native addon) the pixels are copied and the original zeroed.
 */
function takeOwnership(data: Uint8Array | Uint8ClampedArray): ArrayBuffer {
  const whole = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
  if (whole && data.buffer instanceof ArrayBuffer) {
    try {
      return structuredClone(data.buffer, { transfer: [data.buffer] });
    } catch {
      // Not detachable (e.g. Buffer memory allocated by a native addon): copy below.
    }
  }
  const copy = new ArrayBuffer(data.byteLength);
  new Uint8Array(copy).set(data);
  data.fill(0);
  return copy;
}

export class FaceEngine {
  private worker: EngineChannel | undefined;
  private ready: Promise<EngineInfo> | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly options: Required<Pick<FaceEngineOptions, 'timeoutMs' | 'startTimeoutMs'>> &
    FaceEngineOptions;
  private closed = false;

  private constructor(options: FaceEngineOptions) {
    this.options = { timeoutMs: 10_000, startTimeoutMs: 30_000, ...options };
  }

  /** Starts the worker and loads the verified models; rejects with MODEL_MISSING / MODEL_TAMPERED. */
  static async start(options: FaceEngineOptions): Promise<FaceEngine> {
    const engine = new FaceEngine(options);
    try {
      await engine.ensureStarted();
    } catch (error) {
      await engine.close();
      throw error;
    }
    return engine;
  }

  info(): Promise<EngineInfo> {
    return this.ensureStarted();
  }

  /**
   * Analyses one frame in the worker. The frame is consumed: its pixels leave this thread (the
   * buffer is transferred, or copied and zeroed when it is a view into a larger buffer).
   */
  async analyze(frame: RawFrame, options: AnalyzeOptions = {}): Promise<AnalyzeResult> {
    let valid: RawFrame;
    try {
      valid = validateFrame(frame);
    } catch (error) {
      if (frame && (frame.data instanceof Uint8Array || frame.data instanceof Uint8ClampedArray))
        frame.data.fill(0);
      throw error;
    }
    const buffer = takeOwnership(valid.data);
    await this.ensureStarted();
    const result = await this.request(
      {
        type: 'analyze',
        frame: { buffer, width: valid.width, height: valid.height, format: valid.format },
        options,
      },
      this.options.timeoutMs,
      [buffer],
    );
    if (result.type !== 'analyze')
      throw new FaceEngineError('ENGINE_UNAVAILABLE', 'Unexpected engine reply.');
    return { analysis: result.analysis, buffer: result.buffer };
  }

  async stats(): Promise<EngineStats> {
    await this.ensureStarted();
    const result = await this.request({ type: 'stats' }, this.options.timeoutMs, []);
    if (result.type !== 'stats') throw new FaceEngineError('ENGINE_UNAVAILABLE', 'Unexpected engine reply.');
    return result.stats;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.failAll(new FaceEngineError('ENGINE_UNAVAILABLE', 'The face engine was closed.'));
    const worker = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    if (worker) await worker.terminate();
  }

  /** Tests and the crash-recovery path: kill the worker as a crash would. */
  async killWorkerForTest(): Promise<void> {
    await this.worker?.terminate();
  }

  private ensureStarted(): Promise<EngineInfo> {
    if (this.closed)
      return Promise.reject(new FaceEngineError('ENGINE_UNAVAILABLE', 'The face engine was closed.'));
    if (!this.ready) {
      const spawn = this.options.spawn ?? workerThreadEngine(this.options.resourceLimits);
      const worker = spawn();
      this.worker = worker;
      worker.onMessage((response) => this.settle(response));
      worker.onExit((reason) => this.lost(worker, reason));
      const init: Extract<EngineRequestBody, { type: 'init' }> = {
        type: 'init',
        modelsDir: this.options.modelsDir,
      };
      if (this.options.pinnedManifestSha256) init.pinnedManifestSha256 = this.options.pinnedManifestSha256;
      this.ready = this.request(init, this.options.startTimeoutMs, []).then((result) => {
        if (result.type !== 'init')
          throw new FaceEngineError('ENGINE_UNAVAILABLE', 'Unexpected engine reply.');
        return result.info;
      });
      // A failed start must not be cached: the next call tries again.
      this.ready.catch(() => {
        if (this.worker === worker) {
          this.ready = undefined;
          this.worker = undefined;
          void worker.terminate();
        }
      });
    }
    return this.ready;
  }

  private request(
    body: EngineRequestBody,
    timeoutMs: number,
    transfer: ArrayBuffer[],
  ): Promise<EngineResult> {
    const worker = this.worker;
    if (!worker)
      return Promise.reject(new FaceEngineError('ENGINE_UNAVAILABLE', 'The face engine is not running.'));
    const id = this.nextId;
    this.nextId += 1;
    return new Promise<EngineResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(
          new FaceEngineError('ENGINE_TIMEOUT', `The face engine did not answer within ${timeoutMs} ms.`),
        );
        this.lost(worker, 'request timed out');
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      try {
        worker.send({ ...body, id } as EngineRequest, transfer);
      } catch (error) {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(
          new FaceEngineError(
            'ENGINE_UNAVAILABLE',
            `The request could not be sent: ${(error as Error).message}`,
          ),
        );
      }
    });
  }

  private settle(response: EngineResponse): void {
    const pending = this.pending.get(response.id);
    if (!pending) return;
    this.pending.delete(response.id);
    clearTimeout(pending.timer);
    if (response.ok) pending.resolve(response.result);
    else pending.reject(new FaceEngineError(response.code, response.message));
  }

  private lost(worker: EngineChannel, reason: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.ready = undefined;
    void worker.terminate();
    this.failAll(
      new FaceEngineError(
        'ENGINE_CRASHED',
        `The face engine stopped (${reason}); it restarts on the next request.`,
      ),
    );
    if (!this.closed) this.options.onRestart?.(reason);
  }

  private failAll(error: Error): void {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(error);
      this.pending.delete(id);
    }
  }
}
