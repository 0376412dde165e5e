/**
 * Errors of the clinic database (PostgreSQL): its connection rule, its schema, the desks' api
 * functions and the `npm run clinic` commands. As everywhere, only the code and a message that names
 * the step or the field cross a boundary: never a password, a key, an IIN or a row's content.
 *
 * The api functions raise their own SQLSTATEs (class "TN", see CLINIC_SQLSTATES); the desk's client
 * maps them to these codes, so the sync code never parses a message.
 */
import { TanuError } from './errors.ts';

export const CLINIC_ERROR_CODES = [
  /** A non-loopback host without TLS files: the connection was not attempted. */
  'CLINIC_TLS_REQUIRED',
  /** The connection URL is malformed, or carries options Tanu sets itself (ssl*). */
  'CLINIC_INVALID_URL',
  /** A command's arguments are missing or malformed. */
  'CLINIC_INVALID_ARGUMENTS',
  /**
   * add-desk or a desk's join: the desk's certificate does not name its role, its key does not fit
   * it, the clinic's CA did not issue it, or it is out of date (desk-certificate.ts).
   */
  'CLINIC_CERTIFICATE_INVALID',
  /**
   * The server could not be reached, refused the login, the desk's role is revoked (NOLOGIN), or the
   * connection went away during a call (it may have committed just before: every api call is safe
   * to retry, see docs/CLINIC-PROTOCOL.md).
   */
  'CLINIC_UNREACHABLE',
  /** The session's role is not a registered, unrevoked desk of this clinic. */
  'CLINIC_DESK_UNKNOWN',
  /** add-desk: a desk or role of that name exists already. */
  'CLINIC_DESK_EXISTS',
  /** A pushed audit row's seq does not follow the desk's stored head (rows are missing). */
  'CLINIC_CHAIN_GAP',
  /** A pushed audit row does not link to the stored head, or differs from the row stored at its seq. */
  'CLINIC_CHAIN_FORK',
  /** A pushed batch, op or cursor is malformed (unknown field, wrong type, foreign desk id). */
  'CLINIC_INVALID_BATCH',
  /** A decision or visit was pushed again under the same id with different content. */
  'CLINIC_RECORD_CONFLICT',
  /** An UPDATE, DELETE or TRUNCATE of append-only evidence reached the trigger. */
  'CLINIC_APPEND_ONLY',
  /** The database's schema is newer than this Tanu, or a migration failed (rolled back whole). */
  'CLINIC_SCHEMA_FAILED',
  /**
   * The desk side: the clinic acknowledged a head this desk's chain does not hold, or less than it
   * acknowledged before (a database restored behind what it pushed, or another clinic database).
   */
  'CLINIC_ACK_MISMATCH',
  /** Any other server failure; the call's transaction was rolled back. */
  'CLINIC_FAILED',
] as const;
export type ClinicErrorCode = (typeof CLINIC_ERROR_CODES)[number];

/** The SQLSTATEs the api functions raise, and the code each maps to. */
export const CLINIC_SQLSTATES: Readonly<Record<string, ClinicErrorCode>> = {
  TN001: 'CLINIC_CHAIN_GAP',
  TN002: 'CLINIC_CHAIN_FORK',
  TN003: 'CLINIC_DESK_UNKNOWN',
  TN004: 'CLINIC_INVALID_BATCH',
  TN005: 'CLINIC_RECORD_CONFLICT',
  TN006: 'CLINIC_APPEND_ONLY',
};

export class ClinicError extends TanuError<ClinicErrorCode> {
  override readonly name = 'ClinicError';
}
