/** key_check: the check value of the desk's data key (migration 009), written once. */
import type { Tx } from '../store/tx.ts';
import { withStoreErrors } from '../store/transaction.ts';
import { Rows } from '../store/rows.ts';

export class KeyCheckRows extends Rows {
  /** The stored check value; null before the first start with a key (or on a pre-009 copy). */
  stored(): Buffer | null {
    return withStoreErrors(() => {
      const table = this.statement(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'key_check'",
      ).get();
      if (table === undefined) return null;
      return (
        (this.statement('SELECT mac FROM key_check WHERE id = 1').pluck().get() as Buffer | undefined) ?? null
      );
    });
  }

  insert(tx: Tx, mac: Buffer): void {
    this.guard(tx);
    this.statement('INSERT INTO key_check (id, mac) VALUES (1, ?)').run(mac);
  }
}
