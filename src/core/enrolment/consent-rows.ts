/** The consent table: each decision about face identification, and its withdrawal. */
import type { Tx } from '../store/tx.ts';
import { withStoreErrors } from '../store/transaction.ts';
import { Rows } from '../store/rows.ts';

export interface ConsentRow {
  id: string;
  patient_id: string;
  given_by: string;
  decision: string;
  purpose: string;
  operator_id: string;
  desk_id: string;
  at: string;
  withdrawn_at: string | null;
}

export class ConsentRows extends Rows {
  insert(tx: Tx, row: Omit<ConsentRow, 'withdrawn_at'>): void {
    this.guard(tx);
    this.statement(
      `INSERT INTO consent (id, patient_id, given_by, decision, purpose, operator_id, desk_id, at)
         VALUES (@id, @patient_id, @given_by, @decision, @purpose, @operator_id, @desk_id, @at)`,
    ).run(row);
  }

  byId(id: string): ConsentRow | null {
    return withStoreErrors(
      () => (this.statement('SELECT * FROM consent WHERE id = ?').get(id) as ConsentRow | undefined) ?? null,
    );
  }

  /** A consent as the clinic holds it (pulled): inserted, or its withdrawal recorded. */
  upsert(tx: Tx, row: ConsentRow): void {
    this.guard(tx);
    this.statement(
      `INSERT INTO consent (id, patient_id, given_by, decision, purpose, operator_id, desk_id, at, withdrawn_at)
         VALUES (@id, @patient_id, @given_by, @decision, @purpose, @operator_id, @desk_id, @at, @withdrawn_at)
         ON CONFLICT (id) DO UPDATE SET withdrawn_at = coalesce(consent.withdrawn_at, excluded.withdrawn_at)`,
    ).run(row);
  }

  /** The latest decision for this purpose (withdrawn or not). */
  current(patientId: string, purpose: string): ConsentRow | null {
    return withStoreErrors(
      () =>
        (this.statement(
          'SELECT * FROM consent WHERE patient_id = ? AND purpose = ? ORDER BY at DESC, rowid DESC LIMIT 1',
        ).get(patientId, purpose) as ConsentRow | undefined) ?? null,
    );
  }

  withdraw(tx: Tx, id: string, at: string): void {
    this.guard(tx);
    this.statement('UPDATE consent SET withdrawn_at = ? WHERE id = ?').run(at, id);
  }

  /**
   * Retention: records last changed before `cutoff` go, except while their patient still has a
   * template (the consent is the reason it may exist). Returns how many went.
   */
  purgeExpired(tx: Tx, cutoff: string): number {
    this.guard(tx);
    return this.statement(
      `DELETE FROM consent
         WHERE coalesce(withdrawn_at, at) < ?
           AND NOT EXISTS (SELECT 1 FROM face_template t WHERE t.patient_id = consent.patient_id)`,
    ).run(cutoff).changes;
  }
}
