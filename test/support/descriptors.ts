/** Synthetic descriptors: random unit-length 128-d vectors (real face-api ones have a norm near 1). */
import fc from 'fast-check';
import { DESCRIPTOR_LENGTH } from '../../src/core/face/descriptor.ts';

export function unitVector(values: ArrayLike<number>): Float32Array {
  const v = Float32Array.from(values);
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < v.length; i += 1) v[i] = (v[i] as number) / norm;
  return v;
}

export function randomDescriptor(random: () => number = Math.random): Float32Array {
  return unitVector(Array.from({ length: DESCRIPTOR_LENGTH }, () => random() * 2 - 1));
}

/** A descriptor near `base`: base plus noise of about `spread` in Euclidean distance, renormalised. */
export function nearDescriptor(
  base: Float32Array,
  spread: number,
  random: () => number = Math.random,
): Float32Array {
  const noise = randomDescriptor(random);
  return unitVector(base.map((x, i) => x + (noise[i] as number) * spread));
}

export const descriptorArb = fc
  .array(fc.double({ min: -1, max: 1, noNaN: true }), {
    minLength: DESCRIPTOR_LENGTH,
    maxLength: DESCRIPTOR_LENGTH,
  })
  .filter((a) => a.some((x) => Math.abs(x) > 0.2))
  .map(unitVector);

export const MODEL_ID = 'face-api-1.7.15/face_recognition_model';
export const MODEL_VERSION = '1.7.15';
