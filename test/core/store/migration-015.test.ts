/**
 * Migration 015 (interrupted visits) rebuilds `visit` to widen its end states: every visit and the
 * decisions pointing at it stay, the clinic queue's triggers still fire, and the new states are
 * accepted while an unknown one is still refused.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/core/store/database.ts';
import { MIGRATIONS } from '../../../src/core/store/migrations/index.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const newDir = useTempDir('migration-015');

describe('migration 015', () => {
  it('keeps visits and their decisions, the clinic triggers, and accepts interrupted', () => {
    const path = join(newDir(), 'tanu.sqlite');
    const v14 = openDatabase(path, { migrations: MIGRATIONS.slice(0, 14) });
    v14
      .prepare(
        `INSERT INTO patient VALUES ('p', randomblob(32), x'00', 'A', 'B', 'a', 'b', '2000-01-01', 0, NULL, 0, 'now', NULL)`,
      )
      .run();
    const visit = v14.prepare(
      'INSERT INTO visit (id, patient_id, operator_id, desk_id, started_at, ended_at, end_state, method) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    visit.run('v-ended', 'p', 'o', 'd', '2026-12-01T08:00:00Z', '2026-12-01T08:05:00Z', 'identified', 'code');
    visit.run('v-open', 'p', 'o', 'd', '2026-12-01T09:00:00Z', null, null, null);
    v14
      .prepare(
        `INSERT INTO decision (id, patient_id, operator_id, desk_id, decided_at, outcome, method, visit_id)
         VALUES ('d1', 'p', 'o', 'd', '2026-12-01T08:04:00Z', 'identified', 'code', 'v-ended')`,
      )
      .run();
    v14.close();

    const db = openDatabase(path);
    expect(db.prepare('SELECT id, end_state AS e FROM visit ORDER BY id').all()).toEqual([
      { id: 'v-ended', e: 'identified' },
      { id: 'v-open', e: null },
    ]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    // A decision still cannot point at a visit that is not there.
    expect(() =>
      db
        .prepare(
          `INSERT INTO decision (id, patient_id, operator_id, desk_id, decided_at, outcome, method, visit_id)
           VALUES ('d2', 'p', 'o', 'd', 'x', 'identified', 'code', 'v-none')`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    db.prepare("UPDATE visit SET ended_at = 'later', end_state = 'interrupted' WHERE id = 'v-open'").run();
    expect(
      db.prepare("SELECT count(*) FROM clinic_unsent WHERE kind = 'visit' AND id = 'v-open'").pluck().get(),
    ).toBe(1);
    // An unknown end state is still refused.
    expect(() =>
      db
        .prepare(
          `INSERT INTO visit (id, operator_id, desk_id, started_at, ended_at, end_state)
           VALUES ('v-odd', 'o', 'd', 'now', 'later', 'vanished')`,
        )
        .run(),
    ).toThrow(/CHECK/);
    db.close();
  });
});
