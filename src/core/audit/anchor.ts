/**
 * Where the audit chain starts: the anchor left by the last retention purge (the seq and hash of
 * the last purged row), or the genesis (seq 0, 32 zero bytes) when nothing was ever purged.
 */
import type Database from 'better-sqlite3';
import { withStoreErrors } from '../store/transaction.ts';
import { GENESIS_HASH } from './hash-chain.ts';

export interface ChainAnchor {
  /** The last purged row's seq; 0 for the genesis. */
  seq: number;
  hash: Buffer;
}

export const GENESIS_ANCHOR: ChainAnchor = { seq: 0, hash: GENESIS_HASH };

function hasTable(db: Database.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/** The anchor; the genesis also for a database from before retention (opened read-only, unmigrated). */
export function readAnchor(db: Database.Database): ChainAnchor {
  return withStoreErrors(() => {
    if (!hasTable(db, 'audit_anchor')) return GENESIS_ANCHOR;
    const row = db.prepare('SELECT seq, hash FROM audit_anchor WHERE id = 1').get() as
      ChainAnchor | undefined;
    return row ?? GENESIS_ANCHOR;
  });
}

/** True when audit_log has the `detail` column (schema 5 on). */
export function hasDetailColumn(db: Database.Database): boolean {
  return withStoreErrors(() =>
    (db.pragma('table_info(audit_log)') as { name: string }[]).some((c) => c.name === 'detail'),
  );
}
