/**
 * Calibrates the decision rule on scored pairs from every capture condition.
 *
 * The rule has a base threshold for good captures and stricter thresholds for bands of weaker
 * captures (small face, greyscale, dim, soft). Each threshold is chosen on the pooled pairs of all
 * conditions it applies to, for FAR ≤ `targetFar`, and the choice is cross-validated: the
 * threshold is the lowest of the ten "choose on nine folds" values, so a fold that was not seen
 * does not get a looser threshold than the others. Then every condition is checked on its own, and
 * the thresholds that govern a condition over its FAR budget are tightened until none is.
 * A pair applies a band when either photo falls in it; its threshold is the strictest that applies.
 */
import type { QualityMetrics } from '../../shared/face.ts';
import {
  bandHolds,
  MAX_MATCH_THRESHOLD,
  thresholdFor,
  type BandCondition,
  type DecisionRule,
} from '../face/decision-rule.ts';
import type { Condition } from './capture-conditions.ts';
import type { Pair } from './pairs.ts';
import { scorePairs, type Analyses, type PairScore } from './run-evaluation.ts';
import { ratesAtRule, thresholdForFar } from './verification-metrics.ts';

/**
 * The bands and where they start, read off the quality measurements of the clean and degraded LFW
 * photos (README, "Accuracy"): on clean photos the 5th percentiles are a 111 px face, colourfulness
 * 31, brightness 82 and sharpness 83, with sharpness under 490 for 95 % of them. Degraded copies
 * fall outside: far faces under 105 px, greyscale at 0, dim light under 52, and sensor noise
 * pushing the Laplacian variance past 790.
 */
export const CALIBRATION_BANDS: { name: string; when: BandCondition }[] = [
  { name: 'small-face', when: { maxFaceWidthPx: 105 } },
  { name: 'greyscale', when: { maxColourfulness: 6 } },
  { name: 'dim', when: { maxBrightness: 70 } },
  { name: 'soft', when: { maxSharpness: 75 } },
  { name: 'noisy', when: { minSharpness: 700 } },
];

export interface CalibrationOptions {
  source: string;
  /** The command that made the rule, recorded in it. */
  command: string;
  /**
   * The verification side of each pair when the pipeline describes verification differently from
   * enrolment (`analyses` is then the enrolment side).
   */
  probes?: Map<Condition, Analyses>;
  /** FAR the calibration aims for on pooled pairs; below the 0.1 % target to leave a margin for unseen photos. */
  targetFar?: number;
  /** FAR no single condition may exceed. */
  maxConditionFar?: number;
  date?: string;
  /** Told what the calibration chose and why, step by step. */
  log?: (line: string) => void;
}

/** The conservative cross-validated threshold: the lowest of the leave-one-fold-out choices. */
function conservativeThreshold(pairs: PairScore[], targetFar: number): number {
  const folds = [...new Set(pairs.map((p) => p.fold))];
  const choices = folds.map((fold) =>
    thresholdForFar(
      pairs.filter((p) => p.fold !== fold),
      targetFar,
    ),
  );
  choices.push(thresholdForFar(pairs, targetFar));
  return Math.min(...choices);
}

export function calibrateRule(
  pairsFor: (condition: Condition) => Pair[],
  analyses: Map<Condition, Analyses>,
  rule: DecisionRule,
  options: CalibrationOptions,
): DecisionRule {
  const targetFar = options.targetFar ?? 0.001;
  const maxConditionFar = options.maxConditionFar ?? 0.001;
  const score = (condition: Condition, candidate: DecisionRule): PairScore[] => {
    const a = analyses.get(condition) as Analyses;
    return scorePairs(pairsFor(condition), a, candidate, options.probes?.get(condition) ?? a);
  };
  const scoredByCondition = new Map<Condition, PairScore[]>();
  for (const condition of analyses.keys()) scoredByCondition.set(condition, score(condition, rule));
  const pooled = [...scoredByCondition.values()].flat().filter((p) => p.metricsA && p.metricsB);
  const inBand = (p: PairScore, when: BandCondition): boolean =>
    bandHolds(when, p.metricsA as QualityMetrics) || bandHolds(when, p.metricsB as QualityMetrics);

  const outside = pooled.filter((p) => !CALIBRATION_BANDS.some((b) => inBand(p, b.when)));
  // Never beyond the cap any rule file is held to, whatever the data would allow.
  let base = Math.min(MAX_MATCH_THRESHOLD, conservativeThreshold(outside, targetFar));
  const bands = CALIBRATION_BANDS.map((b) => {
    const members = pooled.filter((p) => inBand(p, b.when));
    const threshold = members.some((p) => !p.same)
      ? Math.min(base, conservativeThreshold(members, targetFar))
      : base;
    return { name: b.name, when: b.when, threshold };
  });

  const log = options.log ?? (() => undefined);
  log(`calibration: base ${base.toFixed(4)} from ${outside.length} pairs outside every band`);
  for (const b of bands)
    log(
      `calibration: band ${b.name} ${b.threshold.toFixed(4)} from ${pooled.filter((p) => inBand(p, b.when)).length} pairs`,
    );
  const round = (x: number): number => Math.floor(x * 1000) / 1000;
  const build = (): DecisionRule => ({
    ...rule,
    calibration: {
      source: options.source,
      command: options.command,
      date: options.date ?? new Date().toISOString().slice(0, 10),
    },
    threshold: round(base),
    bands: bands.map((b) => ({ ...b, threshold: round(b.threshold) })),
    // The 1:N threshold is set by `--dedup`; it may never be looser than the 1:1 one.
    duplicateThreshold: Math.min(rule.duplicateThreshold, round(base)),
  });

  // Tighten whatever governs a condition that is still over budget, one small step at a time.
  for (let step = 0; step < 400; step += 1) {
    const candidate = build();
    let worst: { condition: Condition; far: number } | undefined;
    for (const condition of scoredByCondition.keys()) {
      const far = ratesAtRule(score(condition, candidate)).far;
      if (far > maxConditionFar && (!worst || far > worst.far)) worst = { condition, far };
    }
    if (!worst) return candidate;
    log(`calibration: ${worst.condition} FAR ${(worst.far * 100).toFixed(3)}% over budget; tightening`);
    const rescored = score(worst.condition, candidate);
    const accepted = rescored.filter(
      (p) => !p.same && p.distance !== null && p.threshold !== undefined && p.distance <= p.threshold,
    );
    for (const p of accepted) {
      const applied = thresholdFor(candidate, p.metricsA as QualityMetrics, p.metricsB as QualityMetrics);
      if (applied.bands.length === 0) base -= 0.005;
      for (const name of applied.bands) {
        const band = bands.find((b) => b.name === name);
        if (band && band.threshold >= applied.threshold - 1e-9) band.threshold -= 0.005;
      }
    }
    for (const b of bands) b.threshold = Math.min(b.threshold, base);
  }
  throw new Error('Calibration did not converge: no rule keeps every condition within its FAR budget.');
}
