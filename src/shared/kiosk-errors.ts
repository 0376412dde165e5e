/** Errors of the running kiosk itself (its setup, the signed-in operator, the printer). */
import { TanuError } from './errors.ts';

export const KIOSK_ERROR_CODES = [
  /** The machine has no configuration yet: only the first-start setup is available. */
  'SETUP_REQUIRED',
  /** Setup was already done on this machine. */
  'SETUP_DONE',
  /** Nobody is signed in at this desk. */
  'NOT_SIGNED_IN',
  /** The desk signed the operator out after the configured time without an action. */
  'SESSION_EXPIRED',
  /** The signed-in account was locked or removed (here or at the clinic): signed out at once. */
  'SESSION_REVOKED',
  /** A sensitive action (transfer file, backup, settings) needs the operator's password again. */
  'PASSWORD_REQUIRED',
  /** The visit or enrolment was started by another operator. */
  'NOT_YOUR_VISIT',
  /** No enrolment in progress with this id. */
  'ENROLMENT_NOT_FOUND',
  /** The slip could not be printed (no printer, the print failed). */
  'PRINT_FAILED',
  /** The face engine is not running (starting, or restarting after a crash). */
  'ENGINE_NOT_READY',
  /** The desk refused to start (setup:status names the problem); only its recovery is available. */
  'STARTUP_FAILED',
  /** The transfer file cannot mend this problem (it holds a key and configuration, not records). */
  'NOT_RECOVERABLE',
] as const;
export type KioskErrorCode = (typeof KIOSK_ERROR_CODES)[number];

/** The answers that mean nobody is signed in any more: the screens go back to signing in. */
export const SESSION_ENDED_CODES: ReadonlySet<string> = new Set<KioskErrorCode>([
  'NOT_SIGNED_IN',
  'SESSION_EXPIRED',
  'SESSION_REVOKED',
]);

export class KioskError extends TanuError<KioskErrorCode> {
  override readonly name = 'KioskError';
}
