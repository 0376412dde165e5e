/** Failures of the patient-notification outbox; a gateway that is down is a result, not an error. */
import { TanuError } from './errors.ts';

export const NOTIFY_ERROR_CODES = [
  /** A notification with a bad phone, empty or over-long text, or a visit/patient id that is not a UUID. */
  'INVALID_NOTIFICATION',
  /** A language not in src/shared/languages.ts, or a template field that is empty or too long. */
  'INVALID_TEMPLATE_INPUT',
] as const;
export type NotifyErrorCode = (typeof NOTIFY_ERROR_CODES)[number];

export class NotifyError extends TanuError<NotifyErrorCode> {
  override readonly name = 'NotifyError';
}
