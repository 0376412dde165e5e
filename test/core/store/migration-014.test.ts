/**
 * Migration 014 (codes from their own secret): the install-wide counter goes, every row keeps a
 * salt, settled codes keep their history, and a code still active at the upgrade (made the old way,
 * it cannot be checked the new way) is voided rather than left to fail as a wrong code.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/core/store/database.ts';
import { MIGRATIONS } from '../../../src/core/store/migrations/index.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const newDir = useTempDir('migration-014');

describe('migration 014', () => {
  it('drops the counter, salts every row, keeps settled codes and voids the active one', () => {
    const path = join(newDir(), 'tanu.sqlite');
    const v13 = openDatabase(path, { migrations: MIGRATIONS.slice(0, 13) });
    v13
      .prepare(
        `INSERT INTO patient VALUES ('p', randomblob(32), x'00', 'A', 'B', 'a', 'b', '2000-01-01', 0, NULL, 0, 'now', NULL)`,
      )
      .run();
    const code = v13.prepare(
      `INSERT INTO identification_code (patient_id, visit_id, counter, code_hash, issued_at, expires_at, state, settled_at)
       VALUES ('p', ?, ?, randomblob(32), '2026-12-01T08:00:00.000Z', '2026-12-01T08:05:00.000Z', ?, ?)`,
    );
    code.run('v-used', 0, 'used', '2026-12-01T08:01:00.000Z');
    code.run('v-open', 1, 'active', null);
    v13.prepare('UPDATE code_counter SET next = 2').run();
    v13.close();

    const db = openDatabase(path);
    const rows = db
      .prepare(
        'SELECT visit_id AS visit, state, length(salt) AS salt, settled_at AS settled FROM identification_code ORDER BY id',
      )
      .all() as { visit: string; state: string; salt: number; settled: string | null }[];
    expect(rows.map((r) => [r.visit, r.state, r.salt])).toEqual([
      ['v-used', 'used', 16],
      ['v-open', 'superseded', 16],
    ]);
    expect(rows[0]?.settled).toBe('2026-12-01T08:01:00.000Z');
    expect(rows[1]?.settled).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'code_counter'").pluck().get()).toBe(
      0,
    );
    // At most one active code per visit still holds.
    const insert = db.prepare(
      `INSERT INTO identification_code (patient_id, visit_id, salt, code_hash, issued_at, expires_at)
       VALUES ('p', 'v-new', randomblob(16), randomblob(32), '2026-12-02T08:00:00.000Z', '2026-12-02T08:05:00.000Z')`,
    );
    insert.run();
    expect(() => insert.run()).toThrow(/UNIQUE/);
    db.close();
  });
});
