/** Errors of the audit trail and its retention. */
import { TanuError } from './errors.ts';

export const AUDIT_ERROR_CODES = [
  /** The event does not fit the audit schema (unknown field, missing field, value out of range). */
  'INVALID_AUDIT_EVENT',
  /** A retention period that is not a whole number of days, at least one. */
  'INVALID_RETENTION',
  /** The chain does not verify: nothing is purged, so the evidence of tampering is kept. */
  'AUDIT_CHAIN_BROKEN',
  /** The desk's clock is not trusted (set back, or far ahead): nothing is purged until an admin confirms it. */
  'CLOCK_UNTRUSTED',
] as const;
export type AuditErrorCode = (typeof AUDIT_ERROR_CODES)[number];

export class AuditError extends TanuError<AuditErrorCode> {
  override readonly name = 'AuditError';
}
