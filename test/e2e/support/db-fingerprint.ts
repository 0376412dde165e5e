/** A digest of every row of every table, to prove a refused call changed nothing in the database. */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

export function databaseFingerprint(db: Database.Database): string {
  const hash = createHash('sha256');
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
    .pluck()
    .all() as string[];
  for (const table of tables) {
    hash.update(`\0table ${table}\0`);
    // rowid order is insertion order for these tables; WITHOUT ROWID tables sort by their key.
    for (const row of db
      .prepare(`SELECT * FROM "${table.replaceAll('"', '""')}"`)
      .raw()
      .iterate()) {
      for (const value of row as unknown[]) {
        hash
          .update(value instanceof Uint8Array ? value : `${typeof value}:${String(value)}`)
          .update('\u0001');
      }
    }
  }
  return hash.digest('hex');
}
