/**
 * Configuration of the challenge–response liveness check, validated once so the session can
 * trust it. Thresholds are relative to the patient's own first frames (frontal yaw, open-eye EAR)
 * because a geometric yaw estimate and EAR both vary from face to face. The passive texture
 * signal (passive-texture.ts) has its own section; it can only fail a check, never pass one.
 */
import { z } from 'zod';
import { LivenessError } from '../../shared/liveness-errors.ts';
import { LIVENESS_PROMPTS, type LivenessPrompt } from '../../shared/visit-view.ts';
import { CURRENT_PIPELINE, type PipelineId } from '../face/pipelines.ts';

/** The actions a challenge can ask for: the prompts the screens show (shared/visit-view.ts). */
export const LIVENESS_ACTIONS = LIVENESS_PROMPTS;
export type LivenessAction = LivenessPrompt;

/**
 * How far a face's descriptor may drift from the session's first one and still count as the same
 * face, per descriptor pipeline: a distance means something only within its own pipeline.
 * `frontal` stays below the pipeline's match threshold on purpose (it stops an impostor who
 * performs the actions live from ending on the patient's photo, and a photo pitched to squash its
 * eyes from faking a blink); `turned` is looser because a turned head changes its own descriptor.
 * 2026.11.2's limits were set on the video's one-person shot (README, "Liveness"). For 2026.12.1,
 * `npm run eval:liveness -- --continuity F,T` measured: at frontal 0.45 no re-rendered photo fakes a
 * blink (0 of 162 asks), at 0.46 13 do, at 0.47 and 0.49 22 do; 0.49 is where 2026.11.2's 0.45 would
 * land at equal false-match rate over LFW (`npm run eval -- --continuity`). `turned` is carried at
 * equal false-match rate (0.705, rounded down): no turn is faked at it.
 */
export const CONTINUITY_LIMITS: Record<PipelineId, { frontal: number; turned: number }> = {
  'tanu-face-2026.11.2': { frontal: 0.45, turned: 0.65 },
  'tanu-face-2026.12.1': { frontal: 0.45, turned: 0.7 },
};

/** The passive signal's defaults, also given to configs written before it existed. */
const DEFAULT_PASSIVE = { enabled: true, minFineDetailRatio: 0.05, minScoredFrames: 3 };

export const livenessConfigSchema = z
  .object({
    /** The set the challenge's actions are drawn from, without repetition. */
    actions: z
      .array(z.enum(LIVENESS_ACTIONS))
      .min(1)
      .refine((a) => new Set(a).size === a.length, 'actions must not repeat'),
    /** How many actions one challenge asks for. */
    actionsPerChallenge: z.number().int().min(1),
    /** Time allowed for each action, counted from the end of the previous one (or the start). */
    actionTimeoutMs: z.number().int().positive(),
    /** Single-face frames at the start that set the frontal yaw and the open-eye EAR. */
    calibrationFrames: z.number().int().min(1),
    /** A turn counts once |yaw − frontal yaw| passes this, in the asked direction. */
    yawThresholdDeg: z.number().positive().max(60),
    /** "Back near frontal": |yaw − frontal yaw| within this; also how frontal a match frame must be. */
    frontalToleranceDeg: z.number().positive(),
    /** A blink starts when EAR falls below this fraction of the open-eye baseline… */
    blinkCloseRatio: z.number().gt(0).lt(1),
    /** …and ends when it recovers above this fraction; also the minimum for a match frame. */
    blinkOpenRatio: z.number().gt(0).max(1),
    continuity: z
      .object({
        /** Minimum IoU of the face box with the previous one: a lower value is a jump to another face. */
        minBoxIou: z.number().gt(0).max(1),
        /** How long a frame with no face, or with two or more, is tolerated before the check fails. */
        faceGraceMs: z.number().int().min(0),
        /** Maximum descriptor distance to the first descriptor of the session, on frontal frames. */
        maxDescriptorDistance: z.number().positive(),
        /**
         * The same on turned frames, looser because a turned head changes its own descriptor (one
         * person's frames drift by a median 0.48 in the video shot); another person is still far
         * beyond it. Configs written before it existed get the default.
         */
        maxTurnedDescriptorDistance: z
          .number()
          .positive()
          .default(CONTINUITY_LIMITS[CURRENT_PIPELINE].turned),
      })
      .strict(),
    /** The passive texture signal; configs written before it existed get the defaults. */
    passive: z
      .object({
        /** Off: the session ignores any texture it is given. */
        enabled: z.boolean(),
        /**
         * A passed challenge whose match frames have a median fine-detail ratio below this fails
         * with 'passive_spoof_signal'. 0.05 rejects 2.0 % of the NUAA real crops (README, "Liveness").
         */
        minFineDetailRatio: z.number().positive().lt(1),
        /** Fewer match frames with a ratio than this: no passive verdict (the challenge alone decides). */
        minScoredFrames: z.number().int().min(1),
      })
      .strict()
      .default(() => ({ ...DEFAULT_PASSIVE })),
  })
  .strict()
  .refine((c) => c.actionsPerChallenge <= c.actions.length, {
    path: ['actionsPerChallenge'],
    message: 'more actions per challenge than configured actions',
  })
  .refine((c) => c.blinkCloseRatio < c.blinkOpenRatio, {
    path: ['blinkCloseRatio'],
    message: 'the close ratio must be below the open ratio',
  })
  .refine((c) => c.frontalToleranceDeg < c.yawThresholdDeg, {
    path: ['frontalToleranceDeg'],
    message: 'the frontal tolerance must be below the yaw threshold',
  });

export type LivenessConfig = z.infer<typeof livenessConfigSchema>;

export const DEFAULT_LIVENESS_CONFIG: LivenessConfig = {
  actions: ['turnLeft', 'turnRight', 'blink'],
  actionsPerChallenge: 2,
  actionTimeoutMs: 6000,
  calibrationFrames: 3,
  yawThresholdDeg: 18,
  frontalToleranceDeg: 8,
  blinkCloseRatio: 0.7,
  blinkOpenRatio: 0.9,
  continuity: {
    minBoxIou: 0.3,
    faceGraceMs: 500,
    maxDescriptorDistance: CONTINUITY_LIMITS[CURRENT_PIPELINE].frontal,
    maxTurnedDescriptorDistance: CONTINUITY_LIMITS[CURRENT_PIPELINE].turned,
  },
  passive: { ...DEFAULT_PASSIVE },
};

/**
 * The liveness config for a session whose descriptors come from `pipeline`. A config's descriptor
 * limits are for the current pipeline; a visit that verifies a template made by an older pipeline
 * describes its frames with that pipeline, so its session takes that pipeline's limits.
 */
export function livenessConfigFor(config: LivenessConfig, pipeline: PipelineId): LivenessConfig {
  if (pipeline === CURRENT_PIPELINE) return config;
  const limits = CONTINUITY_LIMITS[pipeline];
  return {
    ...config,
    continuity: {
      ...config.continuity,
      maxDescriptorDistance: limits.frontal,
      maxTurnedDescriptorDistance: limits.turned,
    },
  };
}

/** Parses a config; anything out of range is a typed error naming the field, not a zod dump. */
export function parseLivenessConfig(input: unknown): LivenessConfig {
  const parsed = livenessConfigSchema.safeParse(input);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
    throw new LivenessError('INVALID_LIVENESS_CONFIG', `Liveness config is invalid at: ${where}.`);
  }
  return parsed.data;
}
