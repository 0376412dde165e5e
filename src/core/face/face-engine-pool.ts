/**
 * Several engine workers behind one queue, for batch work (accuracy evaluation, benchmarks). The
 * kiosk uses one FaceEngine; a pool of one per core is what makes a 7,701-image benchmark run in
 * minutes on a 2-core clinic PC.
 */
import type { RawFrame } from '../../shared/face.ts';
import type { AnalyzeOptions } from './face-analyzer.ts';
import { FaceEngine, type AnalyzeResult, type FaceEngineOptions } from './face-engine.ts';

export class FaceEnginePool {
  private readonly idle: FaceEngine[];
  private readonly waiting: ((engine: FaceEngine) => void)[] = [];
  private readonly all: FaceEngine[];

  private constructor(engines: FaceEngine[]) {
    this.all = engines;
    this.idle = [...engines];
  }

  static async start(size: number, options: FaceEngineOptions): Promise<FaceEnginePool> {
    const engines = await Promise.all(
      Array.from({ length: Math.max(1, size) }, () => FaceEngine.start(options)),
    );
    return new FaceEnginePool(engines);
  }

  async analyze(frame: RawFrame, options: AnalyzeOptions = {}): Promise<AnalyzeResult> {
    const engine =
      this.idle.pop() ?? (await new Promise<FaceEngine>((resolve) => this.waiting.push(resolve)));
    try {
      return await engine.analyze(frame, options);
    } finally {
      const next = this.waiting.shift();
      if (next) next(engine);
      else this.idle.push(engine);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((e) => e.close()));
  }
}
