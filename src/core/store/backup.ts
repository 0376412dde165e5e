/**
 * Database backups with SQLite's online backup API (never a file copy: a WAL database copied while
 * in use can miss committed pages). Used by `npm run backup`, the admin's "Back up now" and a desk
 * move; every backup and every file about to be restored is checked first.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { StoreError } from '../../shared/registry-errors.ts';
import { MIGRATIONS } from './migrations/index.ts';

/** Throws STORE_FAILED / SCHEMA_TOO_NEW unless `file` is a sound Tanu database. */
export function checkBackupFile(file: string): void {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch {
    throw new StoreError('STORE_FAILED', `${file} cannot be opened as a database.`);
  }
  try {
    let integrity: unknown;
    try {
      integrity = db.pragma('integrity_check', { simple: true });
    } catch {
      throw new StoreError('STORE_FAILED', `${file} is not a database.`);
    }
    if (integrity !== 'ok')
      throw new StoreError('STORE_FAILED', `${file}: integrity_check says ${String(integrity)}.`);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length) {
      throw new StoreError(
        'SCHEMA_TOO_NEW',
        `${file} has schema ${version}, newer than this Tanu (${MIGRATIONS.length}).`,
      );
    }
    const tables = db
      .prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('patient', 'audit_log')")
      .pluck()
      .get();
    if (tables !== 2) throw new StoreError('STORE_FAILED', `${file} is not a Tanu database.`);
  } finally {
    db.close();
  }
}

/** Backs `db` up into a new file `to` (refuses to overwrite) and checks the result. */
export async function backupDatabase(db: Database.Database, to: string): Promise<void> {
  if (existsSync(to)) throw new StoreError('STORE_FAILED', `${to} exists; choose a new file name.`);
  await db.backup(to);
  checkBackupFile(to);
}

/** Copies a checked backup `from` into a new database file `to` (which must not exist). */
export async function restoreBackup(from: string, to: string): Promise<void> {
  checkBackupFile(from);
  if (existsSync(to)) throw new StoreError('STORE_FAILED', `${to} exists; it is never overwritten here.`);
  const source = new Database(from, { readonly: true, fileMustExist: true });
  try {
    await source.backup(to);
  } finally {
    source.close();
  }
  checkBackupFile(to);
}
