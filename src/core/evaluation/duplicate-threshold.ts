/**
 * The false-match rate of the 1:N duplicate check, per comparison: every pair of described
 * photos in a data set whose folders are identities, split into same-identity and cross-identity
 * pairs, counted at each candidate threshold. (LFW: 7,687 photos, 29.5 million cross pairs.)
 */
import { DESCRIPTOR_LENGTH } from '../face/descriptor.ts';
import { identityMatrix } from './identity-matrix.ts';
import type { Analyses } from './run-evaluation.ts';

export interface DuplicateThresholdRow {
  threshold: number;
  /** Cross-identity pairs at or under the threshold, per comparison. */
  falseMatchRate: number;
  /** Expected false duplicate flags for one enrolment against 100,000 templates. */
  falseFlagsPer100k: number;
  /** Same-identity pairs at or under the threshold. */
  sameFound: number;
}

export function duplicateThresholdTable(
  analyses: Analyses,
  thresholds: readonly number[],
): {
  photos: number;
  samePairs: number;
  crossPairs: number;
  rows: DuplicateThresholdRow[];
} {
  const { n, matrix, identity } = identityMatrix(analyses);
  const sorted = [...thresholds].sort((a, b) => a - b);
  const maxT = sorted[sorted.length - 1] ?? 0;
  const maxSq = maxT * maxT;
  const cross = new Array<number>(sorted.length).fill(0);
  const same = new Array<number>(sorted.length).fill(0);
  let crossPairs = 0;
  let samePairs = 0;
  for (let i = 0; i < n; i += 1) {
    const oi = i * DESCRIPTOR_LENGTH;
    for (let j = i + 1; j < n; j += 1) {
      const isSame = identity[i] === identity[j];
      if (isSame) samePairs += 1;
      else crossPairs += 1;
      const oj = j * DESCRIPTOR_LENGTH;
      let sum = 0;
      for (let k = 0; k < DESCRIPTOR_LENGTH && sum <= maxSq; k += 1) {
        const d = (matrix[oi + k] as number) - (matrix[oj + k] as number);
        sum += d * d;
      }
      if (sum > maxSq) continue;
      const distance = Math.sqrt(sum);
      const counts = isSame ? same : cross;
      for (let t = 0; t < sorted.length; t += 1)
        if (distance <= (sorted[t] as number)) counts[t] = (counts[t] as number) + 1;
    }
  }
  return {
    photos: n,
    samePairs,
    crossPairs,
    rows: sorted.map((threshold, t) => {
      const falseMatchRate = (cross[t] as number) / Math.max(1, crossPairs);
      return {
        threshold,
        falseMatchRate: Number(falseMatchRate.toExponential(2)),
        falseFlagsPer100k: Number((falseMatchRate * 100_000).toFixed(3)),
        sameFound: Number(((same[t] as number) / Math.max(1, samePairs)).toFixed(4)),
      };
    }),
  };
}

/**
 * What the 1:N duplicate check may cost: at most this many expected false duplicate flags per
 * enrolment against 100,000 templates (one wrongly blocked enrolment in 20 at a large clinic's
 * registry, each resolved by a supervisor). The 2026.11.2 pipeline's 0.32 gave 0.04.
 */
export const MAX_FALSE_FLAGS_PER_100K = 0.05;

/** Candidate thresholds the harness measures, every 0.01 from 0.20 to 0.50. */
export const DUPLICATE_THRESHOLD_GRID = Array.from({ length: 31 }, (_, i) =>
  Number((0.2 + i * 0.01).toFixed(2)),
);

/** The loosest measured threshold within MAX_FALSE_FLAGS_PER_100K, or null when none is. */
export function chooseDuplicateThreshold(rows: readonly DuplicateThresholdRow[]): number | null {
  const within = rows.filter((r) => r.falseFlagsPer100k <= MAX_FALSE_FLAGS_PER_100K);
  return within.length > 0 ? Math.max(...within.map((r) => r.threshold)) : null;
}
