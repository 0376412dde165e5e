/**
 * Error codes of the store, the registry, the key handling and the audit trail. Like
 * FaceEngineError, only the code and a human message may cross a process boundary: a message
 * names the problem (which field, which check), never an IIN, a name or key material.
 */
import { TanuError } from './errors.ts';

/** SQLite failures mapped to what the caller can do about them. */
export const STORE_ERROR_CODES = [
  /** SQLITE_FULL: the disk (or max_page_count) is full; nothing of the transaction was written. */
  'DISK_FULL',
  /** SQLITE_BUSY / SQLITE_LOCKED after the busy timeout: another writer holds the lock; retry. */
  'DATABASE_BUSY',
  /** SQLITE_CORRUPT / SQLITE_NOTADB: the file is damaged or not a database. */
  'DATABASE_CORRUPT',
  /** SQLITE_READONLY / SQLITE_CANTOPEN / SQLITE_IOERR: the file cannot be written or read. */
  'DATABASE_UNAVAILABLE',
  /** The file was written by a newer Tanu: opening it with this one could damage it. */
  'SCHEMA_TOO_NEW',
  /** A configured desk's database is gone, empty, or holds no Tanu schema: it is not made anew. */
  'DATABASE_MISSING',
  /** The migrations shipped with the app are not numbered 1..n (a programming error). */
  'MIGRATIONS_INVALID',
  /** The database refused the journal mode Tanu needs (WAL). */
  'JOURNAL_MODE_REFUSED',
  /** Any other SQLite failure; the transaction was rolled back. */
  'STORE_FAILED',
] as const;
export type StoreErrorCode = (typeof STORE_ERROR_CODES)[number];

export class StoreError extends TanuError<StoreErrorCode> {
  override readonly name = 'StoreError';
}

export const REGISTRY_ERROR_CODES = [
  'IIN_LENGTH',
  'IIN_NOT_DIGITS',
  'IIN_CENTURY_DIGIT',
  'IIN_BAD_DATE',
  'IIN_CHECK_DIGIT',
  'IIN_ALREADY_REGISTERED',
  /** A stored IIN does not open for its row (copied between rows, altered, or another key). */
  'IIN_UNREADABLE',
  'INVALID_NAME',
  'INVALID_BIRTH_DATE',
  'INVALID_PHONE',
  'INVALID_PATIENT',
  'PATIENT_NOT_FOUND',
  'INVALID_REPRESENTATIVE',
  'TEMPLATE_NOT_FOUND',
  /** The template's ciphertext does not open for this patient and model (copied, altered, wrong key). */
  'TEMPLATE_UNREADABLE',
  'INVALID_DECISION',
  'CONSENT_REQUIRED',
  'INVALID_CONSENT',
  'INVALID_ENROLMENT',
  'INVALID_OPERATOR',
  'OPERATOR_EXISTS',
  'AUTHENTICATION_FAILED',
  'OPERATOR_LOCKED',
  'NOT_AUTHORISED',
] as const;
export type RegistryErrorCode = (typeof REGISTRY_ERROR_CODES)[number];

export class RegistryError extends TanuError<RegistryErrorCode> {
  override readonly name = 'RegistryError';
}

export const CRYPTO_ERROR_CODES = [
  /** The key file (or the OS key store) has no key and creating one was not allowed. */
  'KEY_MISSING',
  /** The key is not 32 bytes. */
  'KEY_INVALID',
  /** The key file is readable by other users: refuse rather than use a key others may have copied. */
  'KEY_INSECURE',
  /** The OS key store is unavailable or would store the key in plain text: fail closed. */
  'KEY_UNAVAILABLE',
  /** Authentication failed: wrong key, wrong associated data, or altered ciphertext. */
  'DECRYPT_FAILED',
  /** The data key opens, but it is not the key this desk's records were written with. */
  'KEY_WRONG',
] as const;
export type CryptoErrorCode = (typeof CRYPTO_ERROR_CODES)[number];

export class CryptoError extends TanuError<CryptoErrorCode> {
  override readonly name = 'CryptoError';
}

/**
 * Why an encrypted backup file (src/core/crypto/backup-file.ts) was not opened. Each is found
 * before anything is restored, and nothing decrypted is left behind.
 */
export const BACKUP_ERROR_CODES = [
  /** Not a Tanu backup at all, or one written by a newer Tanu. */
  'BACKUP_UNRECOGNISED',
  /** An unencrypted SQLite database (a backup of an older Tanu, or the sqlite3 tool's): never taken as a backup here. */
  'BACKUP_PLAINTEXT',
  /** The backup was encrypted with a passphrase (an off-desk copy), and none was given. */
  'BACKUP_NEEDS_PASSPHRASE',
  /** The backup was encrypted with a desk's data key, and a passphrase was given instead. */
  'BACKUP_NEEDS_DESK_KEY',
  /** The key or passphrase is not the one the backup was made with (its key check differs). */
  'BACKUP_WRONG_KEY',
  /** The file ends before the length its header states: an interrupted copy. */
  'BACKUP_TRUNCATED',
  /** The right key, but the bytes do not authenticate: the file was changed or damaged. */
  'BACKUP_ALTERED',
] as const;
export type BackupErrorCode = (typeof BACKUP_ERROR_CODES)[number];

export class BackupError extends TanuError<BackupErrorCode> {
  override readonly name = 'BackupError';
}

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

/** Failures of the six-digit identification codes; a wrong, expired or used code is a result, not an error. */
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

/** Failures of the patient-notification outbox; a gateway that is down is a result, not an error. */
export const NOTIFY_ERROR_CODES = [
  /** A notification with a bad phone, empty or over-long text, or a visit/patient id that is not a UUID. */
  'INVALID_NOTIFICATION',
  /** A language other than kk, ru or en, or a template field that is empty or too long. */
  'INVALID_TEMPLATE_INPUT',
] as const;
export type NotifyErrorCode = (typeof NOTIFY_ERROR_CODES)[number];

export class NotifyError extends TanuError<NotifyErrorCode> {
  override readonly name = 'NotifyError';
}
