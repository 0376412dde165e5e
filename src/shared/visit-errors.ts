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
  /** No live visit with this id at this desk (ended, timed out, or never started here). */
  'VISIT_NOT_FOUND',
  /** A camera frame arrived while the visit is not on the face path. */
  'FRAME_NOT_EXPECTED',
  /** There is no printed slip to hand out (none issued, or already taken). */
  'NO_SLIP',
  /**
   * A printed slip's code was typed before a second operator signed the visit off: refused before
   * it is checked (it costs no try), nothing recorded.
   */
  'SLIP_SIGN_OFF_NEEDED',
  /** A request to the desk is malformed (e.g. a reason that is too long). */
  'INVALID_VISIT_REQUEST',
] as const;
export type VisitErrorCode = (typeof VISIT_ERROR_CODES)[number];

export class VisitError extends TanuError<VisitErrorCode> {
  override readonly name = 'VisitError';
}
