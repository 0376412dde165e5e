/**
 * Repeated face failures for one patient: after `maxFailures` failed face attempts (no match or
 * failed liveness) within `windowMs`, the face path is locked for that patient until `lockMs` after
 * the last failure, and a supervisor flag is raised once. Someone trying photo after photo of a
 * patient across visits, or a template that no longer fits, both deserve a human look.
 * Counted from the decision rows, which every failed attempt writes.
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { runInTransaction, withStoreErrors } from '../store/transaction.ts';

export const faceLockPolicySchema = z
  .object({
    maxFailures: z.number().int().min(1),
    windowMs: z.number().int().positive(),
    lockMs: z.number().int().positive(),
  })
  .strict();
export type FaceLockPolicy = z.infer<typeof faceLockPolicySchema>;

export const DEFAULT_FACE_LOCK_POLICY: FaceLockPolicy = {
  maxFailures: 6,
  windowMs: 24 * 60 * 60 * 1000,
  lockMs: 4 * 60 * 60 * 1000,
};

export interface FaceLockStatus {
  locked: boolean;
  failures: number;
  /** ISO time the lock ends, when locked. */
  until: string | null;
}

export function faceLockStatus(
  db: Database.Database,
  patientId: string,
  now: Date,
  policy: FaceLockPolicy,
): FaceLockStatus {
  const since = new Date(now.getTime() - policy.windowMs).toISOString();
  const row = withStoreErrors(
    () =>
      db
        .prepare(
          `SELECT count(*) AS failures, max(decided_at) AS last FROM visit
           WHERE patient_id = ? AND method = 'face' AND outcome = 'not_identified' AND decided_at > ?`,
        )
        .get(patientId, since) as { failures: number; last: string | null },
  );
  if (row.failures < policy.maxFailures || row.last === null) {
    return { locked: false, failures: row.failures, until: null };
  }
  const until = new Date(Date.parse(row.last) + policy.lockMs);
  return until > now
    ? { locked: true, failures: row.failures, until: until.toISOString() }
    : { locked: false, failures: row.failures, until: null };
}

/** Raises the repeated-failures flag unless one is already open; returns whether it raised one. */
export function flagRepeatedFaceFailures(db: Database.Database, patientId: string, now: Date): boolean {
  return runInTransaction(db, () => {
    const open = db
      .prepare(
        `SELECT 1 FROM patient_flag
         WHERE patient_id = ? AND kind = 'repeated_face_failures' AND resolved_at IS NULL`,
      )
      .get(patientId);
    if (open) return false;
    db.prepare(
      `INSERT INTO patient_flag (patient_id, kind, other_patient_id, raised_at)
       VALUES (?, 'repeated_face_failures', NULL, ?)`,
    ).run(patientId, now.toISOString());
    return true;
  });
}
