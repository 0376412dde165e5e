/**
 * A decision and its audit row are one transaction: under a real full disk (max_page_count) and a
 * real competing writer, every decision has its audit row and every decision's audit row its decision.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/core/audit/actor.ts';
import { verifyChain } from '../../../src/core/audit/verify.ts';
import { recordDecision, type Decision } from '../../../src/core/visit/decisions.ts';
import { newPatient, openTestRegistry, rowCount, type TestRegistry } from '../../support/registry.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { typedCode } from '../../support/typed-errors.ts';

const newDir = useTempDir('visits');

function setup(): TestRegistry & { patientId: string } {
  const r = openTestRegistry(newDir());
  return { ...r, patientId: r.patients.register(newPatient(), r.actor).id };
}

const faceMatch = (patientId: string): Decision => ({
  patientId,
  outcome: 'identified',
  method: 'face',
  distance: 0.42,
  threshold: 0.6,
  modelVersion: '1.7.15',
});

/** Every visit has exactly one decision row in the audit, with the same patient, and vice versa. */
/** One decision and its audit row, in a transaction of their own. */
function record(r: TestRegistry, decision: Decision, actor: Actor) {
  return r.store.write((tx) => recordDecision(tx, r, decision, actor));
}

function consistent(r: TestRegistry): void {
  const orphanVisits = r.db
    .prepare(
      'SELECT count(*) FROM decision v WHERE (SELECT count(*) FROM audit_log a WHERE a.visit_id = v.id AND a.patient_id = v.patient_id) <> 1',
    )
    .pluck()
    .get();
  const orphanAudit = r.db
    .prepare(
      'SELECT count(*) FROM audit_log a WHERE a.visit_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM decision v WHERE v.id = a.visit_id)',
    )
    .pluck()
    .get();
  expect({ orphanVisits, orphanAudit }).toEqual({ orphanVisits: 0, orphanAudit: 0 });
  expect(verifyChain(r.store.rows.audit, r.keys['audit-chain']).ok).toBe(true);
  expect(r.db.pragma('integrity_check', { simple: true })).toBe('ok');
}

describe('recordDecision', () => {
  it('writes the visit and its audit row with the face figures', () => {
    const r = setup();
    const { decisionId, auditSeq } = record(r, faceMatch(r.patientId), r.actor);
    expect(
      r.db.prepare('SELECT outcome, method, distance, threshold FROM decision WHERE id = ?').get(decisionId),
    ).toEqual({
      outcome: 'identified',
      method: 'face',
      distance: 0.42,
      threshold: 0.6,
    });
    expect(
      r.db
        .prepare('SELECT event, visit_id, distance, threshold, model_version FROM audit_log WHERE seq = ?')
        .get(auditSeq),
    ).toEqual({
      event: 'face_match',
      visit_id: decisionId,
      distance: 0.42,
      threshold: 0.6,
      model_version: '1.7.15',
    });
    const code = record(r, { patientId: r.patientId, outcome: 'not_identified', method: 'code' }, r.actor);
    expect(r.db.prepare('SELECT event FROM audit_log WHERE seq = ?').pluck().get(code.auditSeq)).toBe(
      'code_failed',
    );
    consistent(r);
    r.db.close();
  });

  it('refuses an impossible decision and writes nothing', () => {
    const r = setup();
    const before = rowCount(r, 'audit_log');
    const cases: [Decision, string][] = [
      [{ patientId: r.patientId, outcome: 'not_identified', method: 'override' }, 'INVALID_DECISION'],
      [{ ...faceMatch(r.patientId), distance: null }, 'INVALID_AUDIT_EVENT'],
      [
        { patientId: r.patientId, outcome: 'identified', method: 'code', distance: 0.3 },
        'INVALID_AUDIT_EVENT',
      ],
      [faceMatch('8a0c3b64-4a11-4d4e-9c7c-2f6a8f7f1a11'), 'PATIENT_NOT_FOUND'],
    ];
    for (const [decision, code] of cases) expect(typedCode(() => record(r, decision, r.actor))).toBe(code);
    expect(rowCount(r, 'decision')).toBe(0);
    expect(rowCount(r, 'audit_log')).toBe(before);
    r.db.close();
  });

  it('on a full disk (SQLITE_FULL) fails with DISK_FULL and leaves no half-written visit', () => {
    const r = setup();
    r.db.pragma(`max_page_count = ${(r.db.pragma('page_count', { simple: true }) as number) + 3}`);
    let recorded = 0;
    let code = 'no error';
    while (code === 'no error' && recorded < 100_000) {
      code = typedCode(() => record(r, faceMatch(r.patientId), r.actor));
      if (code === 'no error') recorded += 1;
    }
    expect(code).toBe('DISK_FULL');
    expect(recorded).toBeGreaterThan(0);
    expect(rowCount(r, 'decision')).toBe(recorded);
    consistent(r);
    // Once there is room again, the next decision goes through.
    r.db.pragma('max_page_count = 1000000');
    record(r, faceMatch(r.patientId), r.actor);
    consistent(r);
    r.db.close();
  });

  it('while another desk holds the write lock (SQLITE_BUSY) fails with DATABASE_BUSY and writes nothing', () => {
    const r = setup();
    record(r, faceMatch(r.patientId), r.actor);
    r.db.pragma('busy_timeout = 100');
    const other = new Database(r.dbPath);
    other.exec('BEGIN IMMEDIATE');
    expect(typedCode(() => record(r, faceMatch(r.patientId), r.actor))).toBe('DATABASE_BUSY');
    other.exec('ROLLBACK');
    other.close();
    expect(rowCount(r, 'decision')).toBe(1);
    consistent(r);
    record(r, faceMatch(r.patientId), r.actor);
    expect(rowCount(r, 'decision')).toBe(2);
    consistent(r);
    r.db.close();
  });
});
