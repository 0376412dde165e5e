/** The operator table: accounts, their secret hashes and the failed sign-in count. */
import type { Tx } from '../store/tx.ts';
import { withStoreErrors } from '../store/transaction.ts';
import { Rows } from '../store/rows.ts';

export interface OperatorRow {
  id: string;
  login: string;
  display_name: string;
  role: string;
  secret_hash: string;
  failed_attempts: number;
  locked: number;
  /** When this desk's timed lock ends (ISO); null: no end (an admin unlocks it). */
  locked_until: string | null;
  /** Timed locks in a row: each doubles the next. */
  lock_count: number;
  created_at: string;
}

export class OperatorRows extends Rows {
  byId(id: string): OperatorRow | null {
    return withStoreErrors(
      () =>
        (this.statement('SELECT * FROM operator WHERE id = ?').get(id) as OperatorRow | undefined) ?? null,
    );
  }

  byLogin(login: string): OperatorRow | null {
    return withStoreErrors(
      () =>
        (this.statement('SELECT * FROM operator WHERE login = ?').get(login) as OperatorRow | undefined) ??
        null,
    );
  }

  /** Every account, by display name. */
  all(): OperatorRow[] {
    return withStoreErrors(
      () => this.statement('SELECT * FROM operator ORDER BY display_name, login').all() as OperatorRow[],
    );
  }

  count(): number {
    return withStoreErrors(() => this.statement('SELECT count(*) FROM operator').pluck().get() as number);
  }

  insert(
    tx: Tx,
    row: Pick<OperatorRow, 'id' | 'login' | 'display_name' | 'role' | 'secret_hash'>,
    createdAt: string,
  ): void {
    this.guard(tx);
    this.statement(
      'INSERT INTO operator (id, login, display_name, role, secret_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(row.id, row.login, row.display_name, row.role, row.secret_hash, createdAt);
  }

  /**
   * An account as the clinic holds it (pulled): inserted, or replaced in place. The failure count
   * is the desk's own and is left as it is.
   */
  upsert(
    tx: Tx,
    row: Pick<OperatorRow, 'id' | 'login' | 'display_name' | 'role' | 'secret_hash' | 'locked'>,
    createdAt: string,
  ): void {
    this.guard(tx);
    this.statement(
      `INSERT INTO operator (id, login, display_name, role, secret_hash, locked, created_at)
         VALUES (@id, @login, @display_name, @role, @secret_hash, @locked, @created_at)
         ON CONFLICT (id) DO UPDATE SET login = excluded.login, display_name = excluded.display_name,
           role = excluded.role, secret_hash = excluded.secret_hash, locked = excluded.locked`,
    ).run({ ...row, created_at: createdAt });
  }

  /** Counts a failed sign-in in SQL, under the write lock (two desks at once both count). */
  countFailure(tx: Tx, id: string): number {
    this.guard(tx);
    return this.statement(
      'UPDATE operator SET failed_attempts = failed_attempts + 1 WHERE id = ? RETURNING failed_attempts',
    )
      .pluck()
      .get(id) as number;
  }

  /** Locks the account: until `until` (a timed lock, counted), or with no end when null. */
  lock(tx: Tx, id: string, until: string | null = null): void {
    this.guard(tx);
    this.statement(
      `UPDATE operator SET locked = 1, locked_until = ?,
           lock_count = lock_count + (CASE WHEN ? IS NULL THEN 0 ELSE 1 END) WHERE id = ?`,
    ).run(until, until, id);
  }

  /** A timed lock ran out: unlocked, the failure count cleared, the count of locks kept (back-off). */
  expireLock(tx: Tx, id: string): void {
    this.guard(tx);
    this.statement(
      'UPDATE operator SET locked = 0, locked_until = NULL, failed_attempts = 0 WHERE id = ?',
    ).run(id);
  }

  /**
   * Clears the failure count and the back-off (a successful sign-in), and the lock too when asked
   * (an admin's unlock).
   */
  clearFailures(tx: Tx, id: string, unlock: boolean): void {
    this.guard(tx);
    this.statement(
      `UPDATE operator SET failed_attempts = 0, lock_count = 0${unlock ? ', locked = 0, locked_until = NULL' : ''} WHERE id = ?`,
    ).run(id);
  }
}
