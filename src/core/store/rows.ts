/**
 * What every repository of the desk store holds: the connection and the guard that checks a write's
 * transaction handle (tx.ts). Only DeskStore makes repositories, so only it hands these out.
 */
import type Database from 'better-sqlite3';
import type { TxGuard } from './tx.ts';

export abstract class Rows {
  protected readonly db: Database.Database;
  protected readonly guard: TxGuard;

  constructor(db: Database.Database, guard: TxGuard) {
    this.db = db;
    this.guard = guard;
  }
}
