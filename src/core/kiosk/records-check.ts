/**
 * Checks of a database file that is not (yet) the desk's own: a backup being taken over by a new
 * PC, or a desk's records being given back their key. Opened read-only, closed before returning.
 */
import { verifyChain } from '../audit/verify.ts';
import { keyFitsDatabase } from '../crypto/key-check.ts';
import { DeskStore } from '../store/desk-store.ts';

function withReadOnly<T>(dbFile: string, work: (store: DeskStore) => T): T {
  const store = DeskStore.open(dbFile, { readonly: true });
  try {
    return work(store);
  } finally {
    store.close();
  }
}

/** Whether the file's whole audit chain verifies under `chainKey` (the 'audit-chain' subkey). */
export function chainVerifies(dbFile: string, chainKey: Buffer): boolean {
  return withReadOnly(dbFile, (store) => verifyChain(store.rows.audit, chainKey).ok);
}

/** Whether `chainKey` is the key the file's records were written with (key-check.ts). */
export function keyOpensRecords(dbFile: string, chainKey: Buffer): boolean {
  return withReadOnly(dbFile, (store) => keyFitsDatabase(store, chainKey));
}
