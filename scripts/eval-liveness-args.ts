/**
 * `npm run eval:liveness`'s arguments, read and checked before any engine starts: how many runs of
 * each kind, which people and video, which descriptor pipeline, and research continuity limits.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_LIVENESS_CONFIG, livenessConfigFor } from '../src/core/liveness/config.ts';
import { CURRENT_PIPELINE, isPipelineId, PIPELINE_IDS, type PipelineId } from '../src/core/face/pipelines.ts';

export function readLivenessEvalArgs(shared: string) {
  const { values } = parseArgs({
    options: {
      'attack-runs': { type: 'string', default: '200' },
      /** Prompt-following runs per re-rendered attack photo. */
      'warped-runs': { type: 'string', default: '60' },
      /** Engine frames per hand movement (sway, tilt one way, tilt the other) of each attack photo. */
      'warped-frames': { type: 'string', default: '10' },
      'genuine-runs': { type: 'string', default: '200' },
      'composed-runs': { type: 'string', default: '400' },
      /** People photos (the first of each of the first N people) used as attack photos. */
      people: { type: 'string', default: '5' },
      /** How many of the people/ persons (all by default) are composed patients. */
      'composed-people': { type: 'string', default: '1000' },
      /** LFW people with the most photos used as composed patients. */
      'lfw-people': { type: 'string', default: '12' },
      video: { type: 'string', default: join(shared, 'video', 'short_hamilton_clip.mp4') },
      /** Decode only the first S seconds (tests keep the engine pass short). */
      'video-seconds': { type: 'string' },
      workers: { type: 'string', default: String(Math.max(1, availableParallelism())) },
      seed: { type: 'string', default: 'tanu-liveness' },
      /** The descriptor pipeline the session's frames are described with (its continuity limits apply). */
      pipeline: { type: 'string', default: CURRENT_PIPELINE },
      /** Other continuity limits to try, "frontal,turned" (research; the shipped ones are in liveness/config.ts). */
      continuity: { type: 'string' },
    },
  });
  if (!isPipelineId(values.pipeline)) {
    throw new Error(`Unknown pipeline ${values.pipeline}; use one of ${PIPELINE_IDS.join(', ')}.`);
  }
  const pipeline: PipelineId = values.pipeline;
  const int = (name: string, v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} takes a non-negative integer, not ${v}`);
    return n;
  };
  const attackRuns = int('attack-runs', values['attack-runs']);
  const warpedRuns = int('warped-runs', values['warped-runs']);
  const warpedFrames = int('warped-frames', values['warped-frames']);
  const genuineRuns = int('genuine-runs', values['genuine-runs']);
  const composedRuns = int('composed-runs', values['composed-runs']);
  const peopleCount = int('people', values.people);
  const composedPeople = int('composed-people', values['composed-people']);
  const lfwPeople = int('lfw-people', values['lfw-people']);
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const continuityLimits = values.continuity?.split(',').map(Number);
  if (continuityLimits && (continuityLimits.length !== 2 || continuityLimits.some((x) => !(x > 0)))) {
    throw new Error('--continuity takes two positive distances, "frontal,turned"');
  }
  const pipelineConfig = livenessConfigFor(DEFAULT_LIVENESS_CONFIG, pipeline);
  const config = continuityLimits
    ? {
        ...pipelineConfig,
        continuity: {
          ...pipelineConfig.continuity,
          maxDescriptorDistance: continuityLimits[0] as number,
          maxTurnedDescriptorDistance: continuityLimits[1] as number,
        },
      }
    : pipelineConfig;

  return {
    values,
    pipeline,
    config,
    log,
    int,
    attackRuns,
    warpedRuns,
    warpedFrames,
    genuineRuns,
    composedRuns,
    peopleCount,
    composedPeople,
    lfwPeople,
  };
}
