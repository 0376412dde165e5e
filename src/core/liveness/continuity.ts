/** Same-face checks between frames: box overlap and descriptor distance. */
import type { Box } from '../../shared/face.ts';
import { euclidean } from '../face/descriptor.ts';

/** Intersection over union of two boxes; 0 for disjoint or empty boxes. */
export function boxIou(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * Euclidean distance for descriptors of any length (the observation carries plain arrays).
 * Different lengths, e.g. from another model, are infinitely far: they cannot be the same face.
 */
export function descriptorDistance(a: readonly number[], b: readonly number[]): number {
  return a.length === b.length ? euclidean(a, b) : Number.POSITIVE_INFINITY;
}
