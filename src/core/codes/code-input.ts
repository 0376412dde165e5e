/**
 * What a patient typed: exactly six ASCII digits. Anything else (spaces, Arabic-Indic or full-width
 * digits, five or seven digits, a number) is refused before any state is read, so it neither costs a
 * try nor reaches the audit trail. The message never repeats what was typed.
 */
import { CodeError } from '../../shared/code-errors.ts';

const SIX_ASCII_DIGITS = /^[0-9]{6}$/;

export function parseEnteredCode(entered: unknown): string {
  if (typeof entered !== 'string' || !SIX_ASCII_DIGITS.test(entered)) {
    throw new CodeError('CODE_MALFORMED', 'A code is exactly six digits 0–9.');
  }
  return entered;
}
