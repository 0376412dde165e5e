/**
 * What every repository of the desk store holds: the connection, the guard that checks a write's
 * transaction handle (tx.ts), and its prepared statements. Only DeskStore makes repositories, so
 * only it hands these out.
 */
import type Database from 'better-sqlite3';
import type { TxGuard } from './tx.ts';

export abstract class Rows {
  protected readonly db: Database.Database;
  protected readonly guard: TxGuard;
  readonly #statements = new Map<string, Database.Statement>();

  constructor(db: Database.Database, guard: TxGuard) {
    this.db = db;
    this.guard = guard;
  }

  /**
   * The statement for `sql`, prepared on first use and kept for the connection's life: preparing
   * costs more than running a small write, and a first pull runs a handful of them per change for
   * hundreds of thousands of changes. Returned with pluck off, so a caller that does not pluck
   * never gets another caller's mode. Not for `.iterate()`: a kept statement that is still
   * iterating is busy, and the next call to it would fail; prepare those with `this.db.prepare`.
   */
  protected statement(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement.reader ? statement.pluck(false) : statement;
  }
}
