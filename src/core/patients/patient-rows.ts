/** The patient table. SQL only: validation, sealing and the audit are the PatientRegistry's. */
import type { Tx } from '../store/tx.ts';
import { withStoreErrors } from '../store/transaction.ts';
import { Rows } from '../store/rows.ts';

/** A patient row as stored: the IIN sealed, names with their search keys, flags as 0/1. */
export interface PatientRow {
  id: string;
  iin_lookup: Buffer;
  iin_sealed: Buffer;
  family_name: string;
  given_names: string;
  family_name_key: string;
  given_names_key: string;
  birth_date: string;
  birth_date_disagrees: number;
  phone: string | null;
  legally_incapacitated: number;
  created_at: string;
  language: string | null;
}

export type NewPatientRow = Omit<PatientRow, 'language'>;

export interface NameKeys {
  family: string;
  given: string | null;
  birthDate: string | null;
}

export class PatientRows extends Rows {
  insert(tx: Tx, row: NewPatientRow): void {
    this.guard(tx);
    this.statement(
      `INSERT INTO patient (id, iin_lookup, iin_sealed, family_name, given_names, family_name_key,
                              given_names_key, birth_date, birth_date_disagrees, phone,
                              legally_incapacitated, created_at)
         VALUES (@id, @iin_lookup, @iin_sealed, @family_name, @given_names, @family_name_key,
                 @given_names_key, @birth_date, @birth_date_disagrees, @phone,
                 @legally_incapacitated, @created_at)`,
    ).run(row);
  }

  /**
   * A patient row as the clinic holds it (pulled from another desk): inserted, or replaced in
   * place under the same id (created_at and the remembered language included).
   */
  upsert(tx: Tx, row: PatientRow): void {
    this.guard(tx);
    this.statement(
      `INSERT INTO patient (id, iin_lookup, iin_sealed, family_name, given_names, family_name_key,
                              given_names_key, birth_date, birth_date_disagrees, phone,
                              legally_incapacitated, created_at, language)
         VALUES (@id, @iin_lookup, @iin_sealed, @family_name, @given_names, @family_name_key,
                 @given_names_key, @birth_date, @birth_date_disagrees, @phone,
                 @legally_incapacitated, @created_at, @language)
         ON CONFLICT (id) DO UPDATE SET
           iin_lookup = excluded.iin_lookup, iin_sealed = excluded.iin_sealed,
           family_name = excluded.family_name, given_names = excluded.given_names,
           family_name_key = excluded.family_name_key, given_names_key = excluded.given_names_key,
           birth_date = excluded.birth_date, birth_date_disagrees = excluded.birth_date_disagrees,
           phone = excluded.phone, legally_incapacitated = excluded.legally_incapacitated,
           created_at = excluded.created_at, language = excluded.language`,
    ).run(row);
  }

  exists(id: string): boolean {
    return withStoreErrors(() => this.statement('SELECT 1 FROM patient WHERE id = ?').get(id) !== undefined);
  }

  byId(id: string): PatientRow | null {
    return withStoreErrors(
      () => (this.statement('SELECT * FROM patient WHERE id = ?').get(id) as PatientRow | undefined) ?? null,
    );
  }

  /** The id of the patient with this IIN lookup, without reading the rest of the row. */
  idByLookup(lookup: Buffer): string | null {
    return withStoreErrors(
      () =>
        (this.statement('SELECT id FROM patient WHERE iin_lookup = ?').pluck().get(lookup) as
          string | undefined) ?? null,
    );
  }

  byLookup(lookup: Buffer): PatientRow | null {
    return withStoreErrors(
      () =>
        (this.statement('SELECT * FROM patient WHERE iin_lookup = ?').get(lookup) as
          PatientRow | undefined) ?? null,
    );
  }

  /** Patients whose name keys (and date of birth) match, in a stable order. */
  byNameKeys(keys: NameKeys, limit: number): PatientRow[] {
    return withStoreErrors(
      () =>
        this.statement(
          `SELECT * FROM patient
             WHERE family_name_key = @family
               AND (@given IS NULL OR given_names_key = @given)
               AND (@birth IS NULL OR birth_date = @birth)
             ORDER BY given_names_key, birth_date, id
             LIMIT @limit`,
        ).all({ family: keys.family, given: keys.given, birth: keys.birthDate, limit }) as PatientRow[],
    );
  }

  /** The remembered language as stored (validated by the caller); undefined: no such patient. */
  language(id: string): string | null | undefined {
    return withStoreErrors(
      () =>
        this.statement('SELECT language FROM patient WHERE id = ?').pluck().get(id) as
          string | null | undefined,
    );
  }

  /** Returns false when there is no such patient. */
  setLanguage(tx: Tx, id: string, language: string): boolean {
    this.guard(tx);
    return this.statement('UPDATE patient SET language = ? WHERE id = ?').run(language, id).changes > 0;
  }
}
