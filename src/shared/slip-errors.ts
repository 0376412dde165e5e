/**
 * Errors of the printed code slip. Like the other typed errors, only the code and a human message
 * may cross a process boundary, and a message names the field or the step that failed, never the
 * code, the initials or a name: a log line must not be enough to use someone's slip.
 */
import { TanuError } from './errors.ts';

export const SLIP_ERROR_CODES = [
  /** A field of the slip is missing, malformed or out of range, or a field the slip does not take was passed. */
  'INVALID_SLIP_INPUT',
  /** The slip's font file cannot be read (a broken install); nothing was rendered. */
  'SLIP_FONT_MISSING',
  /** The PDF could not be made, or it would not fit on one page; nothing was returned. */
  'SLIP_RENDER_FAILED',
] as const;
export type SlipErrorCode = (typeof SLIP_ERROR_CODES)[number];

export class SlipError extends TanuError<SlipErrorCode> {
  override readonly name = 'SlipError';
}
