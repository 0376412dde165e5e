/**
 * The language a patient chose on the consent screen, remembered for their next visit and used for
 * their code texts and visit notifications. The database keeps no list of languages (migration
 * 010): a language is checked here, on the way in (refused) and on the way out (unknown → none).
 */
import type Database from 'better-sqlite3';
import { isLanguage, LANGUAGE_LIST_TEXT, type Language } from '../../shared/languages.ts';
import { RegistryError } from '../../shared/registry-errors.ts';
import { withStoreErrors } from '../store/transaction.ts';

export function patientLanguage(db: Database.Database, patientId: string): Language | null {
  const value = withStoreErrors(() =>
    db.prepare('SELECT language FROM patient WHERE id = ?').pluck().get(patientId),
  ) as string | null | undefined;
  if (value === undefined) throw new RegistryError('PATIENT_NOT_FOUND', `There is no patient ${patientId}.`);
  return isLanguage(value) ? value : null;
}

export function rememberPatientLanguage(db: Database.Database, patientId: string, language: unknown): void {
  if (!isLanguage(language)) {
    throw new RegistryError('INVALID_PATIENT', `The language must be ${LANGUAGE_LIST_TEXT}.`);
  }
  const changed = withStoreErrors(
    () => db.prepare('UPDATE patient SET language = ? WHERE id = ?').run(language, patientId).changes,
  );
  if (changed === 0) throw new RegistryError('PATIENT_NOT_FOUND', `There is no patient ${patientId}.`);
}
