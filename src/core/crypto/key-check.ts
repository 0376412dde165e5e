/**
 * Does this data key belong to these records? The database keeps a MAC of a fixed text under the
 * key's audit-chain subkey (migration 009), written the first time the desk opens with its key. A
 * database from before it has none yet: then the newest audit row's hash decides, and on success
 * the check value is written for next time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type Database from 'better-sqlite3';
import { chainKeyFits } from '../audit/verify.ts';

const CHECK_TEXT = 'tanu/key-check/v1';

function keyCheckMac(chainKey: Buffer): Buffer {
  return createHmac('sha256', chainKey).update(CHECK_TEXT, 'utf8').digest();
}

function storedMac(db: Database.Database): Buffer | null {
  return (db.prepare('SELECT mac FROM key_check WHERE id = 1').pluck().get() as Buffer | undefined) ?? null;
}

/** Read-only: whether `chainKey` (the 'audit-chain' subkey) is this database's key. */
export function keyFitsDatabase(db: Database.Database, chainKey: Buffer): boolean {
  const stored = storedMac(db);
  if (stored !== null) return timingSafeEqual(stored, keyCheckMac(chainKey));
  return chainKeyFits(db, chainKey);
}

/** Checks the key and, the first time, records its check value. False: not this database's key. */
export function claimDatabaseKey(db: Database.Database, chainKey: Buffer): boolean {
  if (!keyFitsDatabase(db, chainKey)) return false;
  if (storedMac(db) === null) {
    db.prepare('INSERT INTO key_check (id, mac) VALUES (1, ?)').run(keyCheckMac(chainKey));
  }
  return true;
}
