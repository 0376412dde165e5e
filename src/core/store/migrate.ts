/**
 * Numbered schema migrations. PRAGMA user_version holds the number of the last one applied; each
 * migration runs in its own IMMEDIATE transaction together with the bump of user_version, so a
 * crash leaves the database at one version or the next, never in between. Re-reading the version
 * inside the transaction makes two processes opening the same file at once harmless.
 */
import type Database from 'better-sqlite3';
import { StoreError } from '../../shared/store-errors.ts';
import { runInTransaction, withStoreErrors } from './transaction.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /**
   * The migration rebuilds a table other tables reference (SQLite cannot change a CHECK in
   * place). It runs with foreign keys off, as SQLite's documented procedure for rebuilding a
   * table requires, and `foreign_key_check` must come out clean before it commits.
   */
  rebuildsTables?: boolean;
}

export interface MigrationResult {
  from: number;
  to: number;
}

export function schemaVersion(db: Database.Database): number {
  return withStoreErrors(() => db.pragma('user_version', { simple: true }) as number);
}

/** Versions must be exactly 1, 2, …, n: a gap or a duplicate would skip or repeat schema changes. */
export function checkMigrations(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new StoreError(
        'MIGRATIONS_INVALID',
        `Migration ${i} ("${m.name}") has version ${m.version}; expected ${i + 1}.`,
      );
    }
  });
}

/** Refuses a database written by a newer Tanu: its schema may have changed in ways this one would break. */
export function refuseNewerSchema(version: number, latest: number): void {
  if (version > latest) {
    throw new StoreError(
      'SCHEMA_TOO_NEW',
      `The database has schema version ${version}; this Tanu knows up to ${latest}. Update Tanu instead of opening it.`,
    );
  }
}

export function migrate(db: Database.Database, migrations: readonly Migration[]): MigrationResult {
  checkMigrations(migrations);
  const from = schemaVersion(db);
  refuseNewerSchema(from, migrations.length);
  for (const m of migrations) {
    if (m.version <= from) continue;
    // Outside the transaction: SQLite ignores this pragma inside one.
    if (m.rebuildsTables) db.pragma('foreign_keys = OFF');
    try {
      runInTransaction(db, () => {
        const current = schemaVersion(db);
        refuseNewerSchema(current, migrations.length);
        if (current >= m.version) return; // another process applied it while we waited for the lock
        db.exec(m.sql);
        if (m.rebuildsTables && (db.pragma('foreign_key_check') as unknown[]).length > 0) {
          throw new StoreError(
            'MIGRATIONS_INVALID',
            `Migration ${m.version} ("${m.name}") would leave rows pointing at nothing; nothing was changed.`,
          );
        }
        db.pragma(`user_version = ${m.version}`);
      });
    } finally {
      if (m.rebuildsTables) db.pragma('foreign_keys = ON');
    }
  }
  return { from, to: schemaVersion(db) };
}
