/**
 * Migration 012 (clinic evidence): a desk at version 11 that never pushed has sent nothing, so every
 * decision and every ended visit it holds is queued, and an open visit is queued when it ends. The
 * acknowledgement stands only on a row of the chain and never moves back.
 */
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/core/store/database.ts';
import { MIGRATIONS } from '../../../src/core/store/migrations/index.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const newDir = useTempDir('migration-012');

describe('migration 012', () => {
  it('queues the decisions and ended visits of a desk at version 11; open visits when they end', () => {
    const path = join(newDir(), 'tanu.sqlite');
    const v11 = openDatabase(path, { migrations: MIGRATIONS.slice(0, 11) });
    v11
      .prepare(
        `INSERT INTO patient VALUES ('p', randomblob(32), x'00', 'A', 'B', 'a', 'b', '2000-01-01', 0, NULL, 0, 'now', NULL)`,
      )
      .run();
    const visit = v11.prepare(
      'INSERT INTO visit (id, patient_id, operator_id, desk_id, started_at, ended_at, end_state) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    visit.run('v-ended', 'p', 'o', 'd', '2026-12-01T08:00:00Z', '2026-12-01T08:05:00Z', 'cancelled');
    visit.run('v-open', 'p', 'o', 'd', '2026-12-01T09:00:00Z', null, null);
    v11
      .prepare(
        `INSERT INTO decision (id, patient_id, operator_id, desk_id, decided_at, outcome, method, visit_id)
         VALUES ('d1', 'p', 'o', 'd', '2026-12-01T08:04:00Z', 'not_identified', 'code', 'v-ended')`,
      )
      .run();
    v11.close();

    const db = openDatabase(path);
    const queued = () => db.prepare('SELECT kind, id FROM clinic_unsent ORDER BY n').all();
    expect(queued()).toEqual([
      { kind: 'decision', id: 'd1' },
      { kind: 'visit', id: 'v-ended' },
    ]);
    db.prepare("UPDATE visit SET ended_at = 'later', end_state = 'timedOut' WHERE id = 'v-open'").run();
    db.prepare(
      `INSERT INTO decision (id, patient_id, operator_id, desk_id, decided_at, outcome, method)
       VALUES ('d2', 'p', 'o', 'd', 'later', 'not_identified', 'face')`,
    ).run();
    expect(queued().slice(2)).toEqual([
      { kind: 'visit', id: 'v-open' },
      { kind: 'decision', id: 'd2' },
    ]);
    db.close();
  });

  it('keeps the acknowledgement on a row of the chain, never moving back', () => {
    const db = openDatabase(join(newDir(), 'tanu.sqlite'));
    const row = db.prepare(
      `INSERT INTO audit_log (seq, at, operator_id, desk_id, event, hash) VALUES (?, 'now', 'o', 'd', 'operator_login', ?)`,
    );
    const hashes = [1, 2, 3].map((seq) => {
      const hash = randomBytes(32);
      row.run(seq, hash);
      return hash;
    });
    const ack = db.prepare(
      `INSERT INTO clinic_ack (id, seq, hash, acknowledged_at) VALUES (1, ?, ?, 'now')
       ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash`,
    );
    expect(() => ack.run(2, randomBytes(32))).toThrow(/must be an audit row/);
    ack.run(2, hashes[1]);
    expect(() => ack.run(1, hashes[0])).toThrow(/only moves forward/);
    expect(() => ack.run(4, randomBytes(32))).toThrow(/audit row/);
    ack.run(3, hashes[2]);
    expect(db.prepare('SELECT seq FROM clinic_ack').pluck().get()).toBe(3);
    db.close();
  });
});
