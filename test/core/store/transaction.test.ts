/**
 * The transaction helper under real SQLite failures: a full disk (max_page_count) and a locked
 * database (a competing BEGIN IMMEDIATE) each give a typed error and leave nothing half-written.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RegistryError } from '../../../src/shared/registry-errors.ts';
import { openDatabase } from '../../../src/core/store/database.ts';
import { runInTransaction } from '../../../src/core/store/transaction.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { typedCode } from '../../support/typed-errors.ts';

const newDir = useTempDir('tx');

function scratchDb(busyTimeoutMs = 5000): { db: Database.Database; path: string } {
  const path = join(newDir(), 'test.sqlite');
  const db = openDatabase(path, { busyTimeoutMs });
  db.exec('CREATE TABLE scratch (id INTEGER PRIMARY KEY, body BLOB NOT NULL) STRICT');
  return { db, path };
}

const count = (db: Database.Database) => db.prepare('SELECT count(*) FROM scratch').pluck().get();
const insert = (db: Database.Database, bytes: number) =>
  db.prepare('INSERT INTO scratch (body) VALUES (?)').run(Buffer.alloc(bytes, 7));

describe('runInTransaction', () => {
  it('maps SQLITE_FULL to DISK_FULL and keeps none of the transaction', () => {
    const { db } = scratchDb();
    insert(db, 100);
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages + 2}`);
    // The first insert fits in the free pages; the second cannot.
    const code = typedCode(() =>
      runInTransaction(db, () => {
        insert(db, 100);
        expect(count(db)).toBe(2);
        insert(db, 1 << 20);
      }),
    );
    expect(code).toBe('DISK_FULL');
    expect(db.inTransaction).toBe(false);
    expect(count(db)).toBe(1);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    // Once there is room again, the same write succeeds.
    db.pragma('max_page_count = 1000000');
    runInTransaction(db, () => insert(db, 1 << 20));
    expect(count(db)).toBe(2);
    db.close();
  });

  it('maps SQLITE_BUSY to DATABASE_BUSY after the busy timeout, and writes nothing', () => {
    const { db, path } = scratchDb(150);
    insert(db, 10);
    const competitor = new Database(path);
    competitor.exec('BEGIN IMMEDIATE');
    competitor.prepare('INSERT INTO scratch (body) VALUES (?)').run(Buffer.alloc(10));
    const started = performance.now();
    const code = typedCode(() => runInTransaction(db, () => insert(db, 10)));
    const waited = performance.now() - started;
    expect(code).toBe('DATABASE_BUSY');
    expect(waited).toBeGreaterThanOrEqual(140); // it waited for the busy timeout before giving up
    expect(db.inTransaction).toBe(false);
    competitor.exec('ROLLBACK');
    competitor.close();
    expect(count(db)).toBe(1);
    runInTransaction(db, () => insert(db, 10));
    expect(count(db)).toBe(2);
    db.close();
  });

  it('rolls back on a domain error and rethrows it unchanged', () => {
    const { db } = scratchDb();
    const error = new RegistryError('INVALID_NAME', 'test');
    let caught: unknown;
    try {
      runInTransaction(db, () => {
        insert(db, 10);
        throw error;
      });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBe(error);
    expect(count(db)).toBe(0);
    db.close();
  });

  it('nests as a savepoint: an inner failure undoes only the inner part when the caller handles it', () => {
    const { db } = scratchDb();
    runInTransaction(db, () => {
      insert(db, 1);
      expect(
        typedCode(() =>
          runInTransaction(db, () => {
            insert(db, 2);
            throw new RegistryError('INVALID_NAME', 'inner');
          }),
        ),
      ).toBe('INVALID_NAME');
      insert(db, 3);
    });
    expect(db.prepare('SELECT length(body) FROM scratch ORDER BY id').pluck().all()).toEqual([1, 3]);
    db.close();
  });

  it('refuses asynchronous work (it would commit before the work finished)', () => {
    const { db } = scratchDb();
    expect(
      typedCode(() =>
        runInTransaction(db, () => {
          insert(db, 1);
          return Promise.resolve();
        }),
      ),
    ).toMatch(/cannot return a promise/);
    expect(count(db)).toBe(0);
    db.close();
  });
});
