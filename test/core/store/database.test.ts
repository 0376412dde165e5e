/**
 * Opening the database: pragmas on every connection, migrations applied once, a newer schema
 * refused. Real SQLite files in a temporary folder.
 */
import Database from 'better-sqlite3';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CACHE_KIB, DATABASE_FILE_NAME, openDatabase } from '../../../src/core/store/database.ts';
import { MIGRATIONS } from '../../../src/core/store/migrations/index.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { typedCode } from '../../support/typed-errors.ts';

const newDir = useTempDir('store');
const dbPath = () => join(newDir(), DATABASE_FILE_NAME);

function schemaDump(db: Database.Database): unknown[] {
  return db.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY type, name').all();
}

describe('openDatabase', () => {
  it('creates the whole schema on a fresh file and records its version', () => {
    const db = openDatabase(dbPath());
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    const tables = db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
      .pluck()
      .all();
    expect(tables).toEqual([
      'audit_anchor',
      'audit_log',
      'audit_purge_marker',
      'clinic_ack',
      'clinic_op',
      'clinic_pull',
      'clinic_pull_issue',
      'clinic_unsent',
      'consent',
      'decision',
      'face_template',
      'identification_code',
      'key_check',
      'notification_outbox',
      'operator',
      'patient',
      'patient_flag',
      'representative',
      'sign_in_throttle',
      'visit',
    ]);
    db.close();
  });

  it("a set-up desk's database is never made anew: missing, empty or schemaless is DATABASE_MISSING, and nothing is written", () => {
    const missing = dbPath();
    expect(typedCode(() => openDatabase(missing, { existing: true }))).toBe('DATABASE_MISSING');
    expect(existsSync(missing)).toBe(false);
    const empty = dbPath();
    writeFileSync(empty, '');
    expect(typedCode(() => openDatabase(empty, { existing: true }))).toBe('DATABASE_MISSING');
    expect(statSync(empty).size).toBe(0);
    const schemaless = dbPath();
    const raw = new Database(schemaless);
    raw.exec('CREATE TABLE unrelated (x)');
    raw.close();
    expect(typedCode(() => openDatabase(schemaless, { existing: true }))).toBe('DATABASE_MISSING');
    const check = new Database(schemaless, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(0);
    check.close();
    const real = dbPath();
    openDatabase(real).close();
    const reopened = openDatabase(real, { existing: true });
    expect(reopened.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    reopened.close();
  });

  it('sets WAL, synchronous=FULL, foreign keys, secure_delete, the busy timeout and the cache on every connection', () => {
    const path = dbPath();
    const first = openDatabase(path, { busyTimeoutMs: 1234 });
    const second = openDatabase(path, { busyTimeoutMs: 250 });
    for (const [db, timeout] of [
      [first, 1234],
      [second, 250],
    ] as const) {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('secure_delete', { simple: true })).toBe(1);
      expect(db.pragma('trusted_schema', { simple: true })).toBe(0);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(timeout);
      expect(db.pragma('cache_size', { simple: true })).toBe(-CACHE_KIB);
    }
    // Foreign keys are enforced, not just reported as on.
    expect(() =>
      first
        .prepare(
          `INSERT INTO representative VALUES ('nobody', 'no-one', 'parent', 'birth_certificate', 'x', 'now')`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    first.close();
    second.close();
  });

  it('reopening is idempotent: same schema, same version, data kept', () => {
    const path = dbPath();
    const db = openDatabase(path);
    const before = schemaDump(db);
    db.prepare(
      `INSERT INTO patient VALUES ('p1', zeroblob(32), x'00', 'A', 'B', 'a', 'b', '2000-01-01', 0, NULL, 0, 'now', 'kk')`,
    ).run();
    db.close();
    for (let i = 0; i < 3; i += 1) {
      const again = openDatabase(path);
      expect(schemaDump(again)).toEqual(before);
      expect(again.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      expect(again.prepare('SELECT count(*) FROM patient').pluck().get()).toBe(1);
      again.close();
    }
  });

  it('refuses a database from a newer schema and leaves it untouched', () => {
    const path = dbPath();
    openDatabase(path).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    expect(typedCode(() => openDatabase(path))).toBe('SCHEMA_TOO_NEW');
    expect(typedCode(() => openDatabase(path, { readonly: true }))).toBe('SCHEMA_TOO_NEW');
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length + 1);
    check.close();
  });

  it('reports a file that is not a database as corrupt', () => {
    const path = dbPath();
    writeFileSync(path, Buffer.alloc(8192, 0x41));
    expect(typedCode(() => openDatabase(path))).toBe('DATABASE_CORRUPT');
  });

  it('opens read-only without migrating, and only an existing file', () => {
    const path = dbPath();
    expect(typedCode(() => openDatabase(path, { readonly: true }))).toBe('DATABASE_UNAVAILABLE');
    openDatabase(path, { migrations: MIGRATIONS.slice(0, 1) }).close();
    const ro = openDatabase(path, { readonly: true });
    expect(ro.pragma('user_version', { simple: true })).toBe(1);
    expect(typedCode(() => ro.prepare('DELETE FROM patient').run())).toMatch(/readonly/i);
    ro.close();
  });

  it.skipIf(process.platform === 'win32')(
    'creates the database 0600, and SQLite gives its -wal and -shm the same mode (whatever the umask)',
    () => {
      const modes = (path: string) =>
        ['', '-wal', '-shm'].map((suffix) => statSync(`${path}${suffix}`).mode & 0o777);
      // The control: a file SQLite creates itself is 0644 under the usual umask, and its WAL and
      // shared-memory files follow it.
      const umask = process.umask(0o022);
      try {
        const plain = dbPath();
        const raw = new Database(plain);
        raw.pragma('journal_mode = WAL');
        raw.exec('CREATE TABLE t (x)');
        expect(modes(plain)).toEqual([0o644, 0o644, 0o644]);
        raw.close();

        const path = dbPath();
        const db = openDatabase(path);
        db.prepare(
          `INSERT INTO patient VALUES ('p1', zeroblob(32), x'00', 'A', 'B', 'a', 'b', '2000-01-01', 0, NULL, 0, 'now', 'kk')`,
        ).run();
        expect(modes(path)).toEqual([0o600, 0o600, 0o600]);
        db.close();
      } finally {
        process.umask(umask);
      }
    },
  );
});
