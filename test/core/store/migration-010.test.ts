/**
 * Migration 010 takes the language list out of the database: a desk at version 9 keeps every
 * patient and every remembered language, the columns keep their order, and the CHECK is gone (the
 * code checks the language now: test/core/patients/patient-language.test.ts).
 */
import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/core/store/database.ts';
import { MIGRATIONS } from '../../../src/core/store/migrations/index.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const newDir = useTempDir('migration-010');

function columns(db: Database.Database): string[] {
  return (db.pragma('table_info(patient)') as { name: string }[]).map((c) => c.name);
}

function patientSql(db: Database.Database): string {
  return db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'patient'").pluck().get() as string;
}

describe('migration 010', () => {
  it('keeps every patient and language, in the same columns, without the list', () => {
    const path = join(newDir(), 'tanu.sqlite');
    const v9 = openDatabase(path, { migrations: MIGRATIONS.slice(0, 9) });
    expect(patientSql(v9)).toContain("language IN ('kk', 'ru', 'en')");
    const insert = v9.prepare(
      `INSERT INTO patient VALUES (?, randomblob(32), x'00', 'A', 'B', 'a', 'b', '2000-01-01', 0, NULL, 0, 'now', ?)`,
    );
    insert.run('p-kk', 'kk');
    insert.run('p-en', 'en');
    insert.run('p-none', null);
    v9.prepare(
      "INSERT INTO visit_session (id, patient_id, operator_id, desk_id, started_at) VALUES ('s1', 'p-kk', 'o', 'd', 'now')",
    ).run();
    const before = columns(v9);
    v9.close();

    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(columns(db)).toEqual(before);
    expect(columns(db).at(-1)).toBe('language');
    expect(db.prepare('SELECT id, language FROM patient ORDER BY id').all()).toEqual([
      { id: 'p-en', language: 'en' },
      { id: 'p-kk', language: 'kk' },
      { id: 'p-none', language: null },
    ]);
    expect(patientSql(db)).not.toMatch(/'kk'|CHECK \(language/);
    // The rows that name a patient still find it, and the file is whole.
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
