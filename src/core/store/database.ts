/**
 * Opens Tanu's SQLite database: connection pragmas, then the schema migrations. Every connection
 * goes through here, so none runs without WAL, full fsync, foreign keys or a busy timeout.
 */
import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { StoreError } from '../../shared/store-errors.ts';
import { createPrivateFile } from '../data-folder/private-files.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { migrate, refuseNewerSchema, schemaVersion, type Migration } from './migrate.ts';
import { toStoreError } from './sqlite-errors.ts';

/** File name of the database inside the app's data folder. */
export const DATABASE_FILE_NAME = 'tanu.sqlite';

/** Long enough to ride out another desk's write (milliseconds), short enough that the UI can say "busy". */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

export interface OpenOptions {
  busyTimeoutMs?: number;
  /** Read-only (audit verification, export): no migration, the file must exist. */
  readonly?: boolean;
  /** For tests of the migration runner; the app always uses the shipped list. */
  migrations?: readonly Migration[];
  /**
   * The database of a desk that is already set up: it must exist and hold a schema. Never create
   * it (a deleted or emptied file would otherwise start as an empty desk: no operators, no audit).
   */
  existing?: boolean;
}

function refuseMissing(path: string): never {
  throw new StoreError(
    'DATABASE_MISSING',
    `The desk is set up but its database ${path} is missing or empty; restore it from a backup.`,
  );
}

/** The connection's page cache, in KiB (see applyPragmas). */
export const CACHE_KIB = 65_536;

function applyPragmas(db: Database.Database, busyTimeoutMs: number, readonly: boolean): void {
  // First, so that everything after it waits for a competing writer instead of failing at once.
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  if (!readonly) {
    // WAL: readers never block the writer; a crash mid-commit leaves the last committed state.
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') {
      throw new StoreError(
        'JOURNAL_MODE_REFUSED',
        `The database refused WAL mode (it is in ${String(mode)}).`,
      );
    }
  }
  // FULL: a commit is on disk before it returns, so a power cut cannot lose an acknowledged visit.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // 64 MiB of page cache, not SQLite's 2 MiB: a registry of 100,000 patients has about 30 MB of
  // index pages on random keys (UUIDs, IIN lookups), and a pulled page of thousands of changes
  // dirties most of them. With 2 MiB they were spilled to the WAL and read back again and again
  // within one transaction. Pages are held only once used.
  db.pragma(`cache_size = -${CACHE_KIB}`);
  // Deleted content (a withdrawn template, a purged row) is overwritten with zeros, not just unlinked.
  db.pragma('secure_delete = ON');
  // The schema is ours; never run SQL functions from views or triggers an attacker may have added.
  db.pragma('trusted_schema = OFF');
}

export function openDatabase(path: string, options: OpenOptions = {}): Database.Database {
  const readonly = options.readonly ?? false;
  const migrations = options.migrations ?? MIGRATIONS;
  const existing = options.existing ?? false;
  if (existing && !(existsSync(path) && statSync(path).size > 0)) refuseMissing(path);
  let db: Database.Database | undefined;
  try {
    // Made 0600 before SQLite sees it: SQLite would create it 0644, and -wal and -shm after it.
    // If this cannot be done (no such folder, no right), SQLite fails next and says so typed.
    // A set-up desk's database is never created (checked above), so only a new one is made here.
    if (!readonly && !existing && path !== ':memory:') {
      try {
        createPrivateFile(path);
      } catch {
        /* reported by the open below */
      }
    }
    db = new Database(path, { readonly, fileMustExist: readonly || existing });
    applyPragmas(db, options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS, readonly);
    // Before any migration could write a fresh schema into it.
    if (existing && schemaVersion(db) === 0) refuseMissing(path);
    if (readonly) refuseNewerSchema(schemaVersion(db), migrations.length);
    else migrate(db, migrations);
    return db;
  } catch (error) {
    db?.close();
    throw toStoreError(error);
  }
}
