/**
 * Maps SQLite's result codes to StoreError codes, so callers decide on "disk full, tell IT" or
 * "busy, retry" without knowing SQLite. Our own typed errors pass through unchanged.
 */
import Database from 'better-sqlite3';
import { StoreError } from '../../shared/store-errors.ts';
import { TanuError } from '../../shared/errors.ts';

export type TypedError = TanuError<string>;

export function isTypedError(error: unknown): error is TypedError {
  return error instanceof TanuError;
}

/** The primary SQLite code of an error thrown by better-sqlite3 ('SQLITE_IOERR_WRITE' → 'SQLITE_IOERR'). */
export function sqliteCode(error: unknown): string | null {
  if (!(error instanceof Database.SqliteError)) return null;
  const match = /^SQLITE_[A-Z]+/.exec(error.code);
  return match ? match[0] : error.code;
}

export function toStoreError(error: unknown): unknown {
  if (isTypedError(error)) return error;
  const code = sqliteCode(error);
  if (code === null) return error;
  const detail = `${(error as Error).message} (${(error as InstanceType<typeof Database.SqliteError>).code})`;
  switch (code) {
    case 'SQLITE_FULL':
      return new StoreError('DISK_FULL', `The database is full; nothing was written. ${detail}`);
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new StoreError(
        'DATABASE_BUSY',
        `The database is locked by another writer; nothing was written. ${detail}`,
      );
    case 'SQLITE_CORRUPT':
    case 'SQLITE_NOTADB':
      return new StoreError('DATABASE_CORRUPT', `The database file is damaged. ${detail}`);
    case 'SQLITE_READONLY':
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_IOERR':
    case 'SQLITE_PERM':
      return new StoreError('DATABASE_UNAVAILABLE', `The database cannot be written or read. ${detail}`);
    default:
      return new StoreError('STORE_FAILED', detail);
  }
}
