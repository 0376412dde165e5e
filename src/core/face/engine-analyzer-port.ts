/**
 * The running face engine as the visit desk and the enrolment see it. The engine starts in the
 * background (model loading takes a while on a Celeron); a frame sent before it is up, or after it
 * failed to start, is zeroed and answered with ENGINE_UNAVAILABLE, which the screen shows plainly.
 */
import { FaceEngineError } from '../../shared/errors.ts';
import type { RawFrame } from '../../shared/face.ts';
import type { FaceAnalyzerPort } from '../visit/visit-desk.ts';
import type { AnalyzerResult } from './face-analyzer.ts';
import type { FaceEngine } from './face-engine.ts';
import type { DescriptorPurpose, PipelineId } from './pipelines.ts';

/**
 * What a frame needs from the engine. `pipeline` (default CURRENT_PIPELINE) must be the pipeline
 * of the template the descriptor will be compared with; `purpose` (default 'verify') is 'enrol'
 * for frames that become a template.
 */
export interface AnalysisNeeds {
  descriptor: boolean;
  pipeline?: PipelineId;
  purpose?: DescriptorPurpose;
}

export interface EngineAnalyzerPort extends FaceAnalyzerPort {
  analyze(frame: RawFrame, needs: AnalysisNeeds): Promise<AnalyzerResult>;
  /** Resolves once the engine is ready (rejects if it could not start). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export function engineAnalyzerPort(starting: Promise<FaceEngine>): EngineAnalyzerPort {
  let engine: FaceEngine | null = null;
  let failed = false;
  const ready = starting.then(
    (e) => {
      engine = e;
    },
    (error: unknown) => {
      failed = true;
      throw error;
    },
  );
  // Observed here so an engine that fails to start is not an unhandled rejection; ready() reports it.
  ready.catch(() => undefined);
  return {
    async analyze(frame: RawFrame, needs: AnalysisNeeds): Promise<AnalyzerResult> {
      if (engine === null) {
        frame.data.fill(0);
        throw new FaceEngineError(
          'ENGINE_UNAVAILABLE',
          failed ? 'The face engine could not start.' : 'The face engine is still starting.',
        );
      }
      if (!needs.descriptor) return (await engine.analyze(frame, {})).analysis;
      const { pipeline, purpose } = needs;
      const options = {
        descriptor: true,
        ...(pipeline === undefined ? {} : { pipeline }),
        ...(purpose === undefined ? {} : { purpose }),
      };
      return (await engine.analyze(frame, options)).analysis;
    },
    ready: () => ready,
    async close() {
      await ready.catch(() => undefined);
      await engine?.close();
    },
  };
}
