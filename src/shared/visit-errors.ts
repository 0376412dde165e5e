/**
 * Errors of the identification visit state machine. A rejected event leaves the visit unchanged;
 * the message names the phase and the event kind only, never patient data.
 */
import { TanuError } from './errors.ts';

export const VISIT_ERROR_CODES = [
  /** The event is not one this phase accepts (e.g. a code result while guiding the face). */
  'INVALID_EVENT',
  /** The visit already ended (identified, cancelled, timed out…): it accepts nothing more. */
  'VISIT_ENDED',
  /** The machine's configuration is out of range (attempts below 1, a timeout not above 0). */
  'INVALID_VISIT_CONFIG',
] as const;
export type VisitErrorCode = (typeof VISIT_ERROR_CODES)[number];

export class VisitError extends TanuError<VisitErrorCode> {
  override readonly name = 'VisitError';
}
