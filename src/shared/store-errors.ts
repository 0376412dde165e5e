/**
 * Errors of the SQLite store, mapped to what the caller can do about them. Like every typed error,
 * only the code and a human message may cross a process boundary, never patient data.
 */
import { TanuError } from './errors.ts';

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
