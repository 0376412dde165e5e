/** patient_flag: what a supervisor must resolve (the same face under two IINs, repeated failures). */
import type { Tx } from '../store/tx.ts';
import { withStoreErrors } from '../store/transaction.ts';
import { Rows } from '../store/rows.ts';

export type FlagKind = 'duplicate_face' | 'repeated_face_failures';

export interface SupervisorFlag {
  id: number;
  patientId: string;
  kind: FlagKind;
  otherPatientId: string | null;
  raisedAt: string;
}

export class FlagRows extends Rows {
  /** The patient's unresolved flags, oldest first. */
  open(patientId: string): SupervisorFlag[] {
    return withStoreErrors(
      () =>
        this.statement(
          `SELECT id, patient_id AS patientId, kind, other_patient_id AS otherPatientId, raised_at AS raisedAt
             FROM patient_flag WHERE patient_id = ? AND resolved_at IS NULL ORDER BY id`,
        ).all(patientId) as SupervisorFlag[],
    );
  }

  hasOpen(patientId: string, kind: FlagKind): boolean {
    return withStoreErrors(
      () =>
        this.statement(
          'SELECT 1 FROM patient_flag WHERE patient_id = ? AND kind = ? AND resolved_at IS NULL',
        ).get(patientId, kind) !== undefined,
    );
  }

  /** Whether the patient has an open flag of this kind naming the other patient. */
  hasOpenWith(patientId: string, kind: FlagKind, otherPatientId: string): boolean {
    return withStoreErrors(
      () =>
        this.statement(
          `SELECT 1 FROM patient_flag
            WHERE patient_id = ? AND kind = ? AND other_patient_id = ? AND resolved_at IS NULL`,
        ).get(patientId, kind, otherPatientId) !== undefined,
    );
  }

  raise(tx: Tx, patientId: string, kind: FlagKind, otherPatientId: string | null, raisedAt: string): void {
    this.guard(tx);
    this.statement(
      'INSERT INTO patient_flag (patient_id, kind, other_patient_id, raised_at) VALUES (?, ?, ?, ?)',
    ).run(patientId, kind, otherPatientId, raisedAt);
  }
}
