/**
 * The database stops keeping its own copy of the language list. Migration 008 gave
 * `patient.language` a `CHECK (language IN ('kk', 'ru', 'en'))`: a second home for the list in
 * src/shared/languages.ts, and one only a migration can change, so every language added later
 * would have cost a rebuild of the patient table, the most sensitive one the desk has.
 *
 * The column is remade without the CHECK and its values copied across: SQLite cannot alter a
 * CHECK, but it can drop a column whose CHECK is its own (nothing else in the schema names
 * `patient.language`: no index, view, trigger or key). The new column is added last, where the old
 * one was, so the table's column order is unchanged.
 *
 * What the CHECK guarded is now guarded in one place in code, src/core/patients/patient-language.ts:
 * a language outside the list is refused on the way in, and a value the list no longer holds reads
 * as "no language chosen" (the desk's default) on the way out, both tested. Nothing else writes the
 * column. Shipped migrations are never edited, so 008 keeps its text; this one supersedes it.
 */
import type { Migration } from '../migrate.ts';

export const patientLanguageList: Migration = {
  version: 10,
  name: 'patient language without a list of its own',
  sql: `
    ALTER TABLE patient ADD COLUMN language_v10 TEXT;
    UPDATE patient SET language_v10 = language;
    ALTER TABLE patient DROP COLUMN language;
    ALTER TABLE patient RENAME COLUMN language_v10 TO language;
  `,
};
