/**
 * Making deleted rows really gone. secure_delete (set on every connection) zeroes the freed space
 * in the pages SQLite writes; but in WAL mode the old page images, ciphertext included, stay in the
 * -wal file until a checkpoint copies the new pages into the database and truncates the log. A
 * checkpoint cannot finish while another connection still reads an older snapshot: then this
 * reports false and the caller retries later (the data is deleted, just not yet erased).
 */
import type Database from 'better-sqlite3';
import { withStoreErrors } from './transaction.ts';

interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

/**
 * Checkpoints and truncates the WAL; true when the deleted bytes are gone from both files. Waits
 * at most `waitMs` for readers (not the connection's full busy timeout: this runs on the desk's
 * thread, and a retry later is cheap).
 */
export function eraseDeletedContent(db: Database.Database, waitMs = 250): boolean {
  if (db.inTransaction) return false; // a checkpoint inside a transaction would not run
  return withStoreErrors(() => {
    const busyTimeout = db.pragma('busy_timeout', { simple: true }) as number;
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(waitMs))}`);
    try {
      const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as CheckpointResult[];
      // TRUNCATE succeeded only if it was not blocked and the log is now empty.
      return result !== undefined && result.busy === 0 && result.log === 0;
    } finally {
      db.pragma(`busy_timeout = ${busyTimeout}`);
    }
  });
}
