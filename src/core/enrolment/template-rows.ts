/** face_template: sealed templates, one per patient and model version. */
import type { Tx } from '../store/tx.ts';
import { withStoreErrors } from '../store/transaction.ts';
import { Rows } from '../store/rows.ts';

export interface TemplateRow {
  patient_id: string;
  model_id: string;
  model_version: string;
  sealed: Buffer;
}

export class TemplateRows extends Rows {
  /** Stores the patient's template for this model version, replacing an earlier one. */
  replace(tx: Tx, row: TemplateRow, createdAt: string): void {
    this.guard(tx);
    this.db
      .prepare('DELETE FROM face_template WHERE patient_id = ? AND model_id = ? AND model_version = ?')
      .run(row.patient_id, row.model_id, row.model_version);
    this.db
      .prepare(
        'INSERT INTO face_template (patient_id, model_id, model_version, sealed, created_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(row.patient_id, row.model_id, row.model_version, row.sealed, createdAt);
  }

  find(patientId: string, modelId: string, modelVersion: string): TemplateRow | null {
    return withStoreErrors(
      () =>
        (this.db
          .prepare('SELECT * FROM face_template WHERE patient_id = ? AND model_id = ? AND model_version = ?')
          .get(patientId, modelId, modelVersion) as TemplateRow | undefined) ?? null,
    );
  }

  /** The model versions the patient has a template of, for one model. */
  versionsOf(patientId: string, modelId: string): string[] {
    return withStoreErrors(
      () =>
        this.db
          .prepare('SELECT model_version FROM face_template WHERE patient_id = ? AND model_id = ?')
          .pluck()
          .all(patientId, modelId) as string[],
    );
  }

  /** Deletes the patient's template of one model version; whether there was one. */
  deleteVersion(tx: Tx, patientId: string, modelId: string, modelVersion: string): boolean {
    this.guard(tx);
    return (
      this.db
        .prepare('DELETE FROM face_template WHERE patient_id = ? AND model_id = ? AND model_version = ?')
        .run(patientId, modelId, modelVersion).changes > 0
    );
  }

  hasAny(patientId: string): boolean {
    return withStoreErrors(
      () => this.db.prepare('SELECT 1 FROM face_template WHERE patient_id = ?').get(patientId) !== undefined,
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
    const versions = this.db
      .prepare('SELECT model_version FROM face_template WHERE patient_id = ?')
      .pluck()
      .all(patientId) as string[];
    this.db.prepare('DELETE FROM face_template WHERE patient_id = ?').run(patientId);
    return versions;
  }
}
