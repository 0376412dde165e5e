/**
 * Every write goes through here: one IMMEDIATE transaction (the write lock is taken up front, so a
 * competing writer fails at BEGIN instead of half-way through), rolled back as a whole on any
 * error, SQLite errors mapped to StoreError. Nested calls become savepoints, so a helper that
 * writes a decision and its audit row can itself be part of a larger transaction.
 */
import type Database from 'better-sqlite3';
import { toStoreError } from './sqlite-errors.ts';

export function runInTransaction<T>(db: Database.Database, work: () => T): T {
  try {
    return db.transaction(work).immediate();
  } catch (error) {
    throw toStoreError(error);
  }
}

/** Runs a statement outside a write transaction (reads, pragmas) with the same error mapping. */
export function withStoreErrors<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw toStoreError(error);
  }
}
