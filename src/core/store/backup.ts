/**
 * Database backups with SQLite's online backup API (never a file copy: a WAL database copied while
 * in use can miss committed pages), encrypted on the way out (crypto/backup-file.ts). Used by
 * `npm run backup`, the admin's "Back up now" and a desk move; every backup and every file about
 * to be restored is checked first. The plaintext copy only ever exists in the data folder.
 */
import Database from 'better-sqlite3';
import type { DeskStore } from './desk-store.ts';
import { existsSync, rmSync } from 'node:fs';
import { StoreError } from '../../shared/store-errors.ts';
import { decryptBackup, encryptBackup, type BackupInfo, type BackupKey } from '../crypto/backup-file.ts';
import { createPrivateFile, privateTempPath, wipeFile } from '../data-folder/private-files.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { toStoreError } from './sqlite-errors.ts';

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

export interface BackupOptions {
  key: BackupKey;
  /** Where the plaintext copy is made before it is encrypted: the data folder, never elsewhere. */
  tempDir: string;
  deskId: string;
  now: Date;
}

/**
 * Backs the store up into a new encrypted file `to` (refuses to overwrite): the backup API into a
 * private temporary file in the data folder, checked, encrypted into `to`, `to` read back and
 * authenticated, and the temporary file overwritten and removed whatever happened.
 */
export async function backupDatabase(source: DeskStore, to: string, options: BackupOptions): Promise<void> {
  if (existsSync(to)) throw new StoreError('STORE_FAILED', `${to} exists; choose a new file name.`);
  const temp = privateTempPath(options.tempDir, 'backup');
  try {
    createPrivateFile(temp);
    await source.backupTo(temp);
    checkBackupFile(temp);
    await encryptBackup(temp, to, options.key, { deskId: options.deskId, createdAt: options.now });
    try {
      await decryptBackup(to, null, options.key);
    } catch (error) {
      rmSync(to, { force: true });
      throw error;
    }
  } catch (error) {
    throw toStoreError(fileError(error, `No backup was written to ${to}`));
  } finally {
    wipeFile(temp);
  }
}

/** A file system refusal (a full USB stick, a folder gone, no right to write) as a typed error. */
function fileError(error: unknown, to: string): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOSPC')
    return new StoreError('DISK_FULL', `The disk is full; no backup was written to ${to}.`);
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    return new StoreError('STORE_FAILED', `No backup was written to ${to} (${code}).`);
  }
  return error;
}

/**
 * Decrypts the backup `from` into a private temporary file in `tempDir`, authenticates it, checks it
 * is a sound Tanu database, and only then gives it to `use`; the temporary file is overwritten and
 * removed afterwards, whatever happened. A wrong key, a truncated or altered file each throw their
 * own BackupError with nothing left behind.
 */
export async function withDecryptedBackup<T>(
  from: string,
  key: BackupKey,
  tempDir: string,
  use: (database: string, info: BackupInfo) => T | Promise<T>,
): Promise<T> {
  const temp = privateTempPath(tempDir, 'restore');
  try {
    let info: BackupInfo;
    try {
      info = await decryptBackup(from, temp, key);
    } catch (error) {
      throw fileError(error, `${from} was not read`);
    }
    checkBackupFile(temp);
    return await use(temp, info);
  } finally {
    wipeFile(temp);
  }
}

/** Copies a checked, plaintext database `from` into a new database file `to` (which must not exist). */
export async function restoreDatabaseFile(from: string, to: string): Promise<void> {
  checkBackupFile(from);
  if (existsSync(to)) throw new StoreError('STORE_FAILED', `${to} exists; it is never overwritten here.`);
  const source = new Database(from, { readonly: true, fileMustExist: true });
  try {
    createPrivateFile(to);
    await source.backup(to);
  } finally {
    source.close();
  }
  checkBackupFile(to);
}

/** Restores the encrypted backup `from` into a new database file `to` (which must not exist). */
export async function restoreBackup(
  from: string,
  to: string,
  key: BackupKey,
  tempDir: string,
): Promise<void> {
  await withDecryptedBackup(from, key, tempDir, (database) => restoreDatabaseFile(database, to));
}
