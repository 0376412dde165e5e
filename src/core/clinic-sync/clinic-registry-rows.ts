/**
 * The SQL the clinic sync needs across the registry's tables: moving a local patient record to the
 * id the clinic already knows the same person by (iin_taken; whether a move is allowed at all is
 * iin-taken.ts's decision), and listing the whole registry once, when a desk that already holds
 * one joins a clinic (registry-outbox.ts enqueueExisting).
 */
import type { Tx } from '../store/tx.ts';
import { withStoreErrors } from '../store/transaction.ts';
import { Rows } from '../store/rows.ts';

/** Tables whose rows are evidence about a patient: a record they name is never moved. */
const EVIDENCE = [
  'SELECT count(*) FROM decision WHERE patient_id = @id',
  'SELECT count(*) FROM visit WHERE patient_id = @id',
  'SELECT count(*) FROM identification_code WHERE patient_id = @id',
  'SELECT count(*) FROM notification_outbox WHERE patient_id = @id',
];

export class ClinicRegistryRows extends Rows {
  /** How many decisions, visits, codes and notifications name this patient. */
  evidenceCount(patientId: string): number {
    return withStoreErrors(() =>
      EVIDENCE.reduce((sum, sql) => sum + (this.statement(sql).pluck().get({ id: patientId }) as number), 0),
    );
  }

  /**
   * Renames the patient `from` to `to` everywhere a registry row names them, with `iinSealed` (the
   * IIN sealed again: its associated data is the patient id). Foreign keys are checked at commit,
   * when parent and children have all moved. Template rows move in the caller's hands (their
   * ciphertext is bound to the patient id too).
   */
  move(tx: Tx, from: string, to: string, iinSealed: Buffer): void {
    this.guard(tx);
    this.db.pragma('defer_foreign_keys = ON');
    const p = { from, to };
    this.statement('UPDATE patient SET id = @to, iin_sealed = @sealed WHERE id = @from').run({
      ...p,
      sealed: iinSealed,
    });
    this.statement('UPDATE consent SET patient_id = @to WHERE patient_id = @from').run(p);
    this.statement('UPDATE consent SET given_by = @to WHERE given_by = @from').run(p);
    this.statement('UPDATE representative SET patient_id = @to WHERE patient_id = @from').run(p);
    this.statement('UPDATE representative SET representative_id = @to WHERE representative_id = @from').run(
      p,
    );
    this.statement('UPDATE patient_flag SET patient_id = @to WHERE patient_id = @from').run(p);
    this.statement('UPDATE patient_flag SET other_patient_id = @to WHERE other_patient_id = @from').run(p);
  }

  /** The patient's templates with their row ids, for moving them one by one. */
  templatesOf(patientId: string): { id: number; model_id: string; model_version: string; sealed: Buffer }[] {
    return withStoreErrors(
      () =>
        this.statement(
          'SELECT id, model_id, model_version, sealed FROM face_template WHERE patient_id = ?',
        ).all(patientId) as { id: number; model_id: string; model_version: string; sealed: Buffer }[],
    );
  }

  moveTemplate(tx: Tx, rowId: number, to: string, sealed: Buffer, clinicId: string): void {
    this.guard(tx);
    this.statement('UPDATE face_template SET patient_id = ?, sealed = ?, clinic_id = ? WHERE id = ?').run(
      to,
      sealed,
      clinicId,
      rowId,
    );
  }

  consentIdsOf(patientId: string): { id: string; withdrawn: boolean }[] {
    return withStoreErrors(() =>
      (
        this.statement('SELECT id, withdrawn_at FROM consent WHERE patient_id = ? ORDER BY at, rowid').all(
          patientId,
        ) as {
          id: string;
          withdrawn_at: string | null;
        }[]
      ).map((r) => ({ id: r.id, withdrawn: r.withdrawn_at !== null })),
    );
  }

  linksOf(patientId: string): { patientId: string; representativeId: string }[] {
    return withStoreErrors(
      () =>
        this.statement(
          `SELECT patient_id AS patientId, representative_id AS representativeId FROM representative
             WHERE patient_id = ? OR representative_id = ?`,
        ).all(patientId, patientId) as { patientId: string; representativeId: string }[],
    );
  }

  /** Every patient id, oldest first. */
  patientIds(): string[] {
    return withStoreErrors(
      () => this.statement('SELECT id FROM patient ORDER BY created_at, id').pluck().all() as string[],
    );
  }

  operatorIds(): string[] {
    return withStoreErrors(
      () => this.statement('SELECT id FROM operator ORDER BY created_at, id').pluck().all() as string[],
    );
  }

  allLinks(): { patientId: string; representativeId: string }[] {
    return withStoreErrors(
      () =>
        this.statement(
          'SELECT patient_id AS patientId, representative_id AS representativeId FROM representative ORDER BY created_at',
        ).all() as { patientId: string; representativeId: string }[],
    );
  }

  allConsents(): { id: string; withdrawn: boolean }[] {
    return withStoreErrors(() =>
      (
        this.statement('SELECT id, withdrawn_at FROM consent ORDER BY at, rowid').all() as {
          id: string;
          withdrawn_at: string | null;
        }[]
      ).map((r) => ({ id: r.id, withdrawn: r.withdrawn_at !== null })),
    );
  }

  /** Every template, each given a clinic id first if it has none (made before clinic mode). */
  allTemplates(tx: Tx, newId: () => string): { patientId: string; modelId: string; modelVersion: string }[] {
    this.guard(tx);
    const rows = this.statement(
      'SELECT id, patient_id, model_id, model_version, clinic_id FROM face_template ORDER BY id',
    ).all() as {
      id: number;
      patient_id: string;
      model_id: string;
      model_version: string;
      clinic_id: string | null;
    }[];
    const setId = this.statement('UPDATE face_template SET clinic_id = ? WHERE id = ?');
    for (const row of rows) if (row.clinic_id === null) setId.run(newId(), row.id);
    return rows.map((r) => ({ patientId: r.patient_id, modelId: r.model_id, modelVersion: r.model_version }));
  }
}
