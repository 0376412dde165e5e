/**
 * The decision rule: which distance counts as "same person" for a capture of a given quality, and
 * how several frames must agree. Distances mean something only within one descriptor pipeline, so
 * there is one rule per pipeline (resources/decision-rule.json, loaded by decision-rule-file.ts),
 * calibrated by `npm run eval -- --pipeline ID --calibrate --write` (see README, "Accuracy").
 */
import { z } from 'zod';
import type { QualityMetrics } from '../../shared/face.ts';

/**
 * No rule may accept a distance above this, whatever its file says: face-api's own default
 * threshold, which accepts 3.8 % of clean LFW impostors with the old pipeline (README, "Accuracy").
 * A rule beyond it is a typo or an attack on the file, not a calibration.
 */
export const MAX_MATCH_THRESHOLD = 0.6;

const threshold = z.number().positive().max(MAX_MATCH_THRESHOLD);

const bandCondition = z
  .object({
    maxFaceWidthPx: z.number().positive().optional(),
    maxColourfulness: z.number().nonnegative().optional(),
    maxSharpness: z.number().nonnegative().optional(),
    /** A Laplacian variance this high on the face is mostly sensor noise, not detail. */
    minSharpness: z.number().nonnegative().optional(),
    maxBrightness: z.number().nonnegative().optional(),
  })
  .strict();

export const decisionRuleSchema = z
  .object({
    /** Where and how the numbers were measured; shown read-only on the admin screen. */
    calibration: z
      .object({ source: z.string().min(1), command: z.string().min(1), date: z.string().min(1) })
      .strict(),
    /** The recognition model the thresholds were calibrated for. */
    modelId: z.string().min(1),
    /** Euclidean distance at or below which a good-quality capture matches. */
    threshold,
    /**
     * Stricter thresholds for weaker captures. A band applies when any one of its conditions holds
     * for the probe or the reference; the strictest applicable threshold wins.
     */
    bands: z
      .array(z.object({ name: z.string().min(1), when: bandCondition, threshold }).strict())
      .default([]),
    multiFrame: z
      .object({
        /** Gate-passing frames a decision needs. */
        frames: z.number().int().min(1).max(10),
        /** How many of them must be within the threshold... */
        agree: z.number().int().min(1).max(10),
        /** ...and the mean of their descriptors must be within it too. */
        meanMustMatch: z.boolean(),
      })
      .strict()
      .refine((m) => m.agree <= m.frames, 'agree cannot exceed frames'),
    /**
     * Mean-to-mean distance at or below which enrolment is blocked as another patient's face (the
     * 1:N duplicate check). A search over N templates multiplies false matches by N, so it is set
     * from the per-comparison false-match rate (`npm run eval -- --dedup`), far below `threshold`.
     */
    duplicateThreshold: threshold,
  })
  .strict()
  .refine((r) => r.bands.every((b) => b.threshold <= r.threshold), {
    path: ['bands'],
    message: 'a band can only make the threshold stricter',
  })
  .refine((r) => r.duplicateThreshold <= r.threshold, {
    path: ['duplicateThreshold'],
    message: 'the 1:N duplicate threshold cannot be looser than the 1:1 threshold',
  });

export type DecisionRule = z.infer<typeof decisionRuleSchema>;
export type BandCondition = z.infer<typeof bandCondition>;

/** Whether a capture with these measurements falls in the band. */
export function bandHolds(when: BandCondition, m: QualityMetrics): boolean {
  return (
    (when.maxFaceWidthPx !== undefined && m.faceWidthPx <= when.maxFaceWidthPx) ||
    (when.maxColourfulness !== undefined && m.colourfulness <= when.maxColourfulness) ||
    (when.maxSharpness !== undefined && m.sharpness <= when.maxSharpness) ||
    (when.minSharpness !== undefined && m.sharpness >= when.minSharpness) ||
    (when.maxBrightness !== undefined && m.brightness <= when.maxBrightness)
  );
}

export interface AppliedThreshold {
  threshold: number;
  /** Names of the bands that applied, for the audit trail ("why this threshold"). */
  bands: string[];
}

/** The threshold for comparing captures of these qualities (probe and, when known, reference). */
export function thresholdFor(rule: DecisionRule, ...captures: QualityMetrics[]): AppliedThreshold {
  let threshold = rule.threshold;
  const bands: string[] = [];
  for (const band of rule.bands) {
    if (captures.some((m) => bandHolds(band.when, m))) {
      bands.push(band.name);
      threshold = Math.min(threshold, band.threshold);
    }
  }
  return { threshold, bands };
}
