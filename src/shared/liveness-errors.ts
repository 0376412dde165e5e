/** Typed errors of the liveness check: a bad configuration or an observation the caller got wrong. */
import { TanuError } from './errors.ts';

export const LIVENESS_ERROR_CODES = [
  /** The liveness configuration is out of range (e.g. more actions asked than configured). */
  'INVALID_LIVENESS_CONFIG',
  /** An observation is malformed: time going backwards, not 68 landmarks, a non-finite value. */
  'INVALID_OBSERVATION',
] as const;
export type LivenessErrorCode = (typeof LIVENESS_ERROR_CODES)[number];

export class LivenessError extends TanuError<LivenessErrorCode> {
  override readonly name = 'LivenessError';
}
