/**
 * The descriptor pipelines: how a face becomes the 128 numbers a template holds. Distances are only
 * comparable within one pipeline, so every template is stored with the pipeline that made it
 * (its model version), verified with that same pipeline and judged by that pipeline's decision
 * rule (resources/decision-rule.json holds one per pipeline). New templates use CURRENT_PIPELINE.
 */
import { FaceEngineError } from '../../shared/errors.ts';

/** How the face is cut out for the recognition net. */
export type FaceAlignment =
  /** face-api's own input: the axis-aligned box of the 68 landmarks, resized (neither rotated nor scaled to a pose). */
  | 'landmark-box'
  /** dlib's chip: the landmarks mapped onto dlib's mean face by a similarity transform, 150×150 (face-chip.ts). */
  | 'dlib-chip';

/** Every alignment this build can compute. */
export const FACE_ALIGNMENTS: readonly FaceAlignment[] = ['landmark-box', 'dlib-chip'];

/** Enrolment and verification may describe a face differently (mirror-averaging costs a second pass of the net). */
export type DescriptorPurpose = 'enrol' | 'verify';

export interface PipelineSpec {
  alignment: FaceAlignment;
  /** Average the descriptor with that of the mirror image, per purpose. */
  mirrorAverage: Record<DescriptorPurpose, boolean>;
}

export const FACE_PIPELINES = {
  /** Until 2026-12: the landmarks' box, mirror-averaged everywhere. */
  'tanu-face-2026.11.2': { alignment: 'landmark-box', mirrorAverage: { enrol: true, verify: true } },
  /** dlib's alignment (issue 14). */
  'tanu-face-2026.12.1': { alignment: 'dlib-chip', mirrorAverage: { enrol: true, verify: true } },
} as const satisfies Record<string, PipelineSpec>;

export type PipelineId = keyof typeof FACE_PIPELINES;

/** Every pipeline this build can still compute, oldest first. */
export const PIPELINE_IDS = Object.keys(FACE_PIPELINES) as PipelineId[];

/** The pipeline new templates are made with. */
export const CURRENT_PIPELINE: PipelineId = 'tanu-face-2026.12.1';

export function isPipelineId(value: unknown): value is PipelineId {
  return typeof value === 'string' && Object.hasOwn(FACE_PIPELINES, value);
}

/** The pipeline's spec, or INVALID_TEMPLATE for a pipeline this build does not know (a template from a newer build). */
export function pipelineSpec(id: unknown): PipelineSpec {
  if (!isPipelineId(id)) {
    throw new FaceEngineError(
      'INVALID_TEMPLATE',
      `Unknown descriptor pipeline ${JSON.stringify(id)}; this build knows ${PIPELINE_IDS.join(', ')}.`,
    );
  }
  return FACE_PIPELINES[id];
}
