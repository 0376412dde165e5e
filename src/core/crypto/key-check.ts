/**
 * Does this data key belong to these records? The database keeps a MAC of a fixed text under the
 * key's audit-chain subkey (migration 009), written the first time the desk opens with its key. A
 * database from before it has none yet: then the newest audit row's hash decides, and on success
 * the check value is written for next time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { chainKeyFits } from '../audit/verify.ts';
import type { DeskStore } from '../store/desk-store.ts';

const CHECK_TEXT = 'tanu/key-check/v1';

function keyCheckMac(chainKey: Buffer): Buffer {
  return createHmac('sha256', chainKey).update(CHECK_TEXT, 'utf8').digest();
}

/** Read-only: whether `chainKey` (the 'audit-chain' subkey) is this database's key. */
export function keyFitsDatabase(store: DeskStore, chainKey: Buffer): boolean {
  const stored = store.rows.keyCheck.stored();
  if (stored !== null) return timingSafeEqual(stored, keyCheckMac(chainKey));
  return chainKeyFits(store.rows.audit, chainKey);
}

/** Checks the key and, the first time, records its check value. False: not this database's key. */
export function claimDatabaseKey(store: DeskStore, chainKey: Buffer): boolean {
  if (!keyFitsDatabase(store, chainKey)) return false;
  if (store.rows.keyCheck.stored() === null) {
    store.write((tx) => store.rows.keyCheck.insert(tx, keyCheckMac(chainKey)));
  }
  return true;
}
