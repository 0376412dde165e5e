/** The migration runner: in order, once, each all-or-nothing. */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/core/store/database.ts';
import { migrate, type Migration } from '../../../src/core/store/migrate.ts';
import { MIGRATIONS } from '../../../src/core/store/migrations/index.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { typedCode } from '../../support/typed-errors.ts';

const newDir = useTempDir('migrate');
const dbPath = () => join(newDir(), 'test.sqlite');

const steps: Migration[] = [
  { version: 1, name: 'a', sql: 'CREATE TABLE a (x INTEGER) STRICT;' },
  { version: 2, name: 'b', sql: 'CREATE TABLE b (y INTEGER) STRICT; INSERT INTO b VALUES (1);' },
];

function tables(db: Database.Database): string[] {
  return db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
    .pluck()
    .all() as string[];
}

describe('migrate', () => {
  it('upgrades an older database to the latest version, applying only what is missing', () => {
    const path = dbPath();
    const old = openDatabase(path, { migrations: steps.slice(0, 1) });
    old.prepare('INSERT INTO a VALUES (7)').run();
    old.close();
    const db = openDatabase(path, { migrations: steps });
    expect(tables(db)).toEqual(['a', 'b']);
    expect(db.prepare('SELECT x FROM a').pluck().all()).toEqual([7]);
    // A second run changes nothing (b's INSERT would otherwise add a second row).
    expect(migrate(db, steps)).toEqual({ from: 2, to: 2 });
    expect(db.prepare('SELECT count(*) FROM b').pluck().get()).toBe(1);
    db.close();
  });

  it('rolls a failing migration back completely and keeps the previous version', () => {
    const path = dbPath();
    const broken: Migration[] = [
      ...steps,
      { version: 3, name: 'broken', sql: 'CREATE TABLE c (z INTEGER); INSERT INTO missing VALUES (1);' },
    ];
    expect(typedCode(() => openDatabase(path, { migrations: broken }))).toBe('STORE_FAILED');
    const raw = new Database(path);
    expect(raw.pragma('user_version', { simple: true })).toBe(2);
    expect(tables(raw)).toEqual(['a', 'b']); // no half-created table c
    raw.close();
  });

  it('refuses a migration list with a gap or a duplicate before touching the file', () => {
    const path = dbPath();
    const gap: Migration[] = [steps[0] as Migration, { ...(steps[1] as Migration), version: 3 }];
    expect(typedCode(() => openDatabase(path, { migrations: gap }))).toBe('MIGRATIONS_INVALID');
    const dup: Migration[] = [steps[0] as Migration, { ...(steps[1] as Migration), version: 1 }];
    expect(typedCode(() => openDatabase(path, { migrations: dup }))).toBe('MIGRATIONS_INVALID');
    const raw = new Database(path);
    expect(raw.pragma('user_version', { simple: true })).toBe(0);
    expect(tables(raw)).toEqual([]);
    raw.close();
  });

  it('ships migrations numbered 1..n', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });
});
