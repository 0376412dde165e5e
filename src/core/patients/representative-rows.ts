/** The representative table: who may act for whom, with the relation and its proof. */
import type { Tx } from '../store/tx.ts';
import { withStoreErrors } from '../store/transaction.ts';
import { Rows } from '../store/rows.ts';

export interface RepresentativeRow {
  patient_id: string;
  representative_id: string;
  relation: string;
  proof_kind: string;
  proof_reference: string;
  created_at: string;
}

export class RepresentativeRows extends Rows {
  linked(patientId: string, representativeId: string): boolean {
    return withStoreErrors(
      () =>
        this.statement('SELECT 1 FROM representative WHERE patient_id = ? AND representative_id = ?').get(
          patientId,
          representativeId,
        ) !== undefined,
    );
  }

  insert(tx: Tx, row: RepresentativeRow): void {
    this.guard(tx);
    this.statement(
      `INSERT INTO representative (patient_id, representative_id, relation, proof_kind, proof_reference, created_at)
         VALUES (@patient_id, @representative_id, @relation, @proof_kind, @proof_reference, @created_at)`,
    ).run(row);
  }

  /** A link as the clinic holds it (pulled): inserted, or its relation and proof replaced. */
  upsert(tx: Tx, row: RepresentativeRow): void {
    this.guard(tx);
    this.statement(
      `INSERT INTO representative (patient_id, representative_id, relation, proof_kind, proof_reference, created_at)
         VALUES (@patient_id, @representative_id, @relation, @proof_kind, @proof_reference, @created_at)
         ON CONFLICT (patient_id, representative_id) DO UPDATE SET relation = excluded.relation,
           proof_kind = excluded.proof_kind, proof_reference = excluded.proof_reference`,
    ).run(row);
  }

  /** Returns how many links went (0 or 1). */
  delete(tx: Tx, patientId: string, representativeId: string): number {
    this.guard(tx);
    return this.statement('DELETE FROM representative WHERE patient_id = ? AND representative_id = ?').run(
      patientId,
      representativeId,
    ).changes;
  }

  /** Who may act for this patient, oldest link first. */
  of(patientId: string): RepresentativeRow[] {
    return withStoreErrors(
      () =>
        this.statement(
          'SELECT * FROM representative WHERE patient_id = ? ORDER BY created_at, representative_id',
        ).all(patientId) as RepresentativeRow[],
    );
  }

  /** Whom this person represents. */
  representedBy(representativeId: string): RepresentativeRow[] {
    return withStoreErrors(
      () =>
        this.statement(
          'SELECT * FROM representative WHERE representative_id = ? ORDER BY created_at, patient_id',
        ).all(representativeId) as RepresentativeRow[],
    );
  }
}
