/**
 * The running face engine as the visit desk and the enrolment see it. The engine starts in the
 * background (model loading takes a while on a Celeron); a frame sent before it is up, or after it
 * failed to start, is zeroed and answered with ENGINE_UNAVAILABLE, which the screen shows plainly.
 */
import { FaceEngineError, type EngineCannotRun } from '../../shared/errors.ts';
import type { RawFrame } from '../../shared/face.ts';
import type { FaceAnalyzerPort } from '../visit/visit-desk-deps.ts';
import type { AnalyzerResult } from './face-analyzer.ts';
import type { FaceEngine } from './face-engine.ts';
import type { DescriptorPurpose, PipelineId } from './pipelines.ts';

/**
 * What a frame needs from the engine. `pipeline` (default CURRENT_PIPELINE) must be the pipeline
 * of the template the descriptor will be compared with; `purpose` (default 'verify') is 'enrol'
 * for frames that become a template; `templateRefresh` also asks for the face as that pipeline
 * would enrol it (a visit verifying a template made by an older pipeline); `duplicateCheck` asks
 * for it as each of those pipelines would enrol it (an enrolment checked against their templates).
 */
export interface AnalysisNeeds {
  descriptor: boolean;
  pipeline?: PipelineId;
  purpose?: DescriptorPurpose;
  templateRefresh?: PipelineId;
  duplicateCheck?: readonly PipelineId[];
}

export interface EngineAnalyzerPort extends FaceAnalyzerPort {
  analyze(frame: RawFrame, needs: AnalysisNeeds): Promise<AnalyzerResult>;
  /** Set once the engine could not start: why (models missing or altered), for the visit and the admin. */
  unavailable(): EngineCannotRun | null;
  /** Resolves once the engine is ready (rejects if it could not start). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export function engineAnalyzerPort(starting: Promise<FaceEngine>): EngineAnalyzerPort {
  let engine: FaceEngine | null = null;
  let failed: EngineCannotRun | null = null;
  const ready = starting.then(
    (e) => {
      engine = e;
    },
    (error: unknown) => {
      // Missing or altered models keep their own code: the screen and the audit say which.
      const code = error instanceof FaceEngineError ? error.code : null;
      failed = code === 'MODEL_MISSING' || code === 'MODEL_TAMPERED' ? code : 'ENGINE_UNAVAILABLE';
      throw error;
    },
  );
  // Observed here so an engine that fails to start is not an unhandled rejection; ready() reports it.
  ready.catch(() => undefined);
  return {
    async analyze(frame: RawFrame, needs: AnalysisNeeds): Promise<AnalyzerResult> {
      if (engine === null) {
        frame.data.fill(0);
        throw failed === null
          ? new FaceEngineError('ENGINE_UNAVAILABLE', 'The face engine is still starting.')
          : new FaceEngineError(failed, 'The face engine could not start; visits use the code.');
      }
      if (!needs.descriptor) return (await engine.analyze(frame, {})).analysis;
      const { pipeline, purpose, templateRefresh, duplicateCheck } = needs;
      const options = {
        descriptor: true,
        ...(pipeline === undefined ? {} : { pipeline }),
        ...(purpose === undefined ? {} : { purpose }),
        ...(templateRefresh === undefined ? {} : { templateRefresh }),
        ...(duplicateCheck === undefined ? {} : { duplicateCheck }),
      };
      return (await engine.analyze(frame, options)).analysis;
    },
    unavailable: () => failed,
    ready: () => ready,
    async close() {
      await ready.catch(() => undefined);
      await engine?.close();
    },
  };
}
