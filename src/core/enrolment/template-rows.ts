/** face_template: sealed templates, one per patient and model version. */
import type { Tx } from '../store/tx.ts';
import { withStoreErrors } from '../store/transaction.ts';
import { Rows } from '../store/rows.ts';

export interface TemplateRow {
  patient_id: string;
  model_id: string;
  model_version: string;
  sealed: Buffer;
  /** The clinic's id of this template (a UUID), or null on a desk that never joined a clinic. */
  clinic_id?: string | null;
}

export class TemplateRows extends Rows {
  /** Stores the patient's template for this model version, replacing an earlier one. */
  replace(tx: Tx, row: TemplateRow, createdAt: string): void {
    this.guard(tx);
    this.statement(
      'DELETE FROM face_template WHERE patient_id = ? AND model_id = ? AND model_version = ?',
    ).run(row.patient_id, row.model_id, row.model_version);
    if (row.clinic_id) this.statement('DELETE FROM face_template WHERE clinic_id = ?').run(row.clinic_id);
    this.statement(
      `INSERT INTO face_template (patient_id, model_id, model_version, sealed, created_at, clinic_id)
         VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(row.patient_id, row.model_id, row.model_version, row.sealed, createdAt, row.clinic_id ?? null);
  }

  /** Deletes the template the clinic knows by this id (revoked there); false: none here. */
  deleteByClinicId(tx: Tx, clinicId: string): boolean {
    this.guard(tx);
    return this.statement('DELETE FROM face_template WHERE clinic_id = ?').run(clinicId).changes > 0;
  }

  /** The clinic ids of the patient's templates (those made or pulled in clinic mode). */
  clinicIdsOf(patientId: string): string[] {
    return withStoreErrors(
      () =>
        this.statement('SELECT clinic_id FROM face_template WHERE patient_id = ? AND clinic_id IS NOT NULL')
          .pluck()
          .all(patientId) as string[],
    );
  }

  find(patientId: string, modelId: string, modelVersion: string): TemplateRow | null {
    return withStoreErrors(
      () =>
        (this.statement(
          'SELECT * FROM face_template WHERE patient_id = ? AND model_id = ? AND model_version = ?',
        ).get(patientId, modelId, modelVersion) as TemplateRow | undefined) ?? null,
    );
  }

  /** The model versions the patient has a template of, for one model. */
  versionsOf(patientId: string, modelId: string): string[] {
    return withStoreErrors(
      () =>
        this.statement('SELECT model_version FROM face_template WHERE patient_id = ? AND model_id = ?')
          .pluck()
          .all(patientId, modelId) as string[],
    );
  }

  /** Deletes the patient's template of one model version; whether there was one. */
  deleteVersion(tx: Tx, patientId: string, modelId: string, modelVersion: string): boolean {
    this.guard(tx);
    return (
      this.statement(
        'DELETE FROM face_template WHERE patient_id = ? AND model_id = ? AND model_version = ?',
      ).run(patientId, modelId, modelVersion).changes > 0
    );
  }

  hasAny(patientId: string): boolean {
    return withStoreErrors(
      () => this.statement('SELECT 1 FROM face_template WHERE patient_id = ?').get(patientId) !== undefined,
    );
  }

  /** Every template of a model version, streamed in insertion order. */
  *ofModel(modelId: string, modelVersion: string): Generator<TemplateRow> {
    yield* this.db
      .prepare('SELECT * FROM face_template WHERE model_id = ? AND model_version = ? ORDER BY id')
      .iterate(modelId, modelVersion) as IterableIterator<TemplateRow>;
  }

  /** Deletes every template of the patient; returns the model versions that went. */
  deleteAll(tx: Tx, patientId: string): string[] {
    this.guard(tx);
    const versions = this.statement('SELECT model_version FROM face_template WHERE patient_id = ?')
      .pluck()
      .all(patientId) as string[];
    this.statement('DELETE FROM face_template WHERE patient_id = ?').run(patientId);
    return versions;
  }
}
