/**
 * The false-match rate as a function of distance, over every cross-identity pair of a data set
 * whose folders are identities (LFW: 7,687 photos with a face, 29.5 million pairs). It carries a
 * limit from one descriptor pipeline to another: a limit in the old pipeline's units is moved to
 * the distance with the same false-match rate in the new one, so it protects exactly as much.
 */
import { DESCRIPTOR_LENGTH } from '../face/descriptor.ts';
import { identityMatrix } from './identity-matrix.ts';
import type { Analyses } from './run-evaluation.ts';

/** Every cross-identity distance, sorted ascending. */
export function crossIdentityDistances(analyses: Analyses): Float32Array {
  const { n, matrix, identity } = identityMatrix(analyses);
  let count = 0;
  for (let i = 0; i < n; i += 1)
    for (let j = i + 1; j < n; j += 1) if (identity[i] !== identity[j]) count += 1;
  const out = new Float32Array(count);
  let k = 0;
  for (let i = 0; i < n; i += 1) {
    const oi = i * DESCRIPTOR_LENGTH;
    for (let j = i + 1; j < n; j += 1) {
      if (identity[i] === identity[j]) continue;
      const oj = j * DESCRIPTOR_LENGTH;
      let sum = 0;
      for (let d = 0; d < DESCRIPTOR_LENGTH; d += 1) {
        const x = (matrix[oi + d] as number) - (matrix[oj + d] as number);
        sum += x * x;
      }
      out[k] = Math.sqrt(sum);
      k += 1;
    }
  }
  return out.sort();
}

/** Share of the sorted distances at or below `distance`. */
export function falseMatchRateAt(sorted: Float32Array, distance: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= distance) lo = mid + 1;
    else hi = mid;
  }
  return sorted.length ? lo / sorted.length : 0;
}

/** The largest distance whose false-match rate is at most `rate`. */
export function distanceAtFalseMatchRate(sorted: Float32Array, rate: number): number {
  const allowed = Math.floor(rate * sorted.length);
  if (allowed <= 0) return (sorted[0] ?? 0) - 1e-6;
  return sorted[allowed - 1] as number;
}
