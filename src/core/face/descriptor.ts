/**
 * Descriptor and template validation and the distance between descriptors. Every value is
 * checked before any arithmetic: a NaN would compare false against every threshold and could
 * turn "no match" into an error path, or worse, into a silent pass in careless code.
 */
import { FaceEngineError } from '../../shared/errors.ts';

export const DESCRIPTOR_LENGTH = 128;
export const MAX_TEMPLATE_DESCRIPTORS = 10;

export type Descriptor = Float32Array;

export interface FaceTemplate {
  /** The recognition model the descriptors were made with (see models/manifest.json). */
  modelId: string;
  descriptors: Descriptor[];
}

export function validateDescriptor(value: unknown, what = 'descriptor'): Descriptor {
  if (!(value instanceof Float32Array || value instanceof Float64Array || Array.isArray(value))) {
    throw new FaceEngineError(
      'INVALID_DESCRIPTOR',
      `The ${what} must be an array of ${DESCRIPTOR_LENGTH} numbers.`,
    );
  }
  if (value.length !== DESCRIPTOR_LENGTH) {
    throw new FaceEngineError(
      'INVALID_DESCRIPTOR',
      `The ${what} has ${value.length} values; expected ${DESCRIPTOR_LENGTH}.`,
    );
  }
  const out = new Float32Array(DESCRIPTOR_LENGTH);
  let norm = 0;
  for (let i = 0; i < DESCRIPTOR_LENGTH; i += 1) {
    const v = (value as ArrayLike<unknown>)[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new FaceEngineError('INVALID_DESCRIPTOR', `The ${what} holds a non-finite value at index ${i}.`);
    }
    out[i] = v;
    norm += v * v;
  }
  // face-api descriptors have a norm near 1; an all-zero or exploded vector is corrupt data.
  if (!(norm > 0.01 && norm < 100)) {
    throw new FaceEngineError(
      'INVALID_DESCRIPTOR',
      `The ${what} is degenerate (squared norm ${norm.toFixed(4)}).`,
    );
  }
  return out;
}

export function validateTemplate(value: unknown, expectedModelId?: string): FaceTemplate {
  if (typeof value !== 'object' || value === null) {
    throw new FaceEngineError(
      'INVALID_TEMPLATE',
      'A template must be an object with modelId and descriptors.',
    );
  }
  const { modelId, descriptors } = value as Partial<FaceTemplate>;
  if (typeof modelId !== 'string' || modelId.length === 0) {
    throw new FaceEngineError('INVALID_TEMPLATE', 'The template does not name its model.');
  }
  if (expectedModelId !== undefined && modelId !== expectedModelId) {
    throw new FaceEngineError(
      'INVALID_TEMPLATE',
      `The template was made with ${modelId}, but the engine runs ${expectedModelId}; the patient must be enrolled again.`,
    );
  }
  if (
    !Array.isArray(descriptors) ||
    descriptors.length === 0 ||
    descriptors.length > MAX_TEMPLATE_DESCRIPTORS
  ) {
    throw new FaceEngineError(
      'INVALID_TEMPLATE',
      `A template holds 1 to ${MAX_TEMPLATE_DESCRIPTORS} descriptors.`,
    );
  }
  return {
    modelId,
    descriptors: descriptors.map((d, i) => {
      try {
        return validateDescriptor(d, `template descriptor ${i}`);
      } catch (error) {
        throw new FaceEngineError('INVALID_TEMPLATE', (error as Error).message);
      }
    }),
  };
}

/** Euclidean distance of two vectors of equal length (validated descriptors, or plain arrays checked by the caller). */
export function euclidean(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) {
    const d = (a[i] as number) - (b[i] as number);
    sum += d * d;
  }
  return Math.sqrt(sum);
}

/** Distance of a probe to a template: its nearest enrolled descriptor. */
export function distanceToTemplate(template: FaceTemplate, probe: Descriptor): number {
  let best = Number.POSITIVE_INFINITY;
  for (const d of template.descriptors) best = Math.min(best, euclidean(d, probe));
  return best;
}
