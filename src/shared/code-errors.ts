/** Failures of the six-digit identification codes; a wrong, expired or used code is a result, not an error. */
import { TanuError } from './errors.ts';

export const CODE_ERROR_CODES = [
  /** The entered code is not exactly six ASCII digits; nothing was checked, counted or written. */
  'CODE_MALFORMED',
  /** The patient already had three codes in the last hour; no code was made. */
  'CODE_RATE_LIMITED',
  /** No code was ever issued for this visit. */
  'CODE_NOT_FOUND',
  /** A patient or visit id that is not a UUID. */
  'INVALID_CODE_REQUEST',
] as const;
export type CodeErrorCode = (typeof CODE_ERROR_CODES)[number];

export class CodeError extends TanuError<CodeErrorCode> {
  override readonly name = 'CodeError';
}
