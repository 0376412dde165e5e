/** Flags a supervisor must resolve, e.g. the same face enrolled under two IINs. */
import type Database from 'better-sqlite3';
import { withStoreErrors } from '../store/transaction.ts';

export interface SupervisorFlag {
  id: number;
  patientId: string;
  kind: 'duplicate_face' | 'repeated_face_failures';
  otherPatientId: string | null;
  raisedAt: string;
}

export function openFlags(db: Database.Database, patientId: string): SupervisorFlag[] {
  return withStoreErrors(
    () =>
      db
        .prepare(
          `SELECT id, patient_id AS patientId, kind, other_patient_id AS otherPatientId, raised_at AS raisedAt
           FROM patient_flag WHERE patient_id = ? AND resolved_at IS NULL ORDER BY id`,
        )
        .all(patientId) as SupervisorFlag[],
  );
}
