/**
 * The language a patient chose on the consent screen, remembered for their next visit and used for
 * their code texts and visit notifications.
 */
import type Database from 'better-sqlite3';
import { RegistryError } from '../../shared/registry-errors.ts';
import { withStoreErrors } from '../store/transaction.ts';

export const PATIENT_LANGUAGES = ['kk', 'ru', 'en'] as const;
export type PatientLanguage = (typeof PATIENT_LANGUAGES)[number];

export function isPatientLanguage(value: unknown): value is PatientLanguage {
  return typeof value === 'string' && (PATIENT_LANGUAGES as readonly string[]).includes(value);
}

export function patientLanguage(db: Database.Database, patientId: string): PatientLanguage | null {
  const value = withStoreErrors(() =>
    db.prepare('SELECT language FROM patient WHERE id = ?').pluck().get(patientId),
  ) as string | null | undefined;
  if (value === undefined) throw new RegistryError('PATIENT_NOT_FOUND', `There is no patient ${patientId}.`);
  return isPatientLanguage(value) ? value : null;
}

export function rememberPatientLanguage(db: Database.Database, patientId: string, language: unknown): void {
  if (!isPatientLanguage(language)) {
    throw new RegistryError('INVALID_PATIENT', 'The language must be kk, ru or en.');
  }
  const changed = withStoreErrors(
    () => db.prepare('UPDATE patient SET language = ? WHERE id = ?').run(language, patientId).changes,
  );
  if (changed === 0) throw new RegistryError('PATIENT_NOT_FOUND', `There is no patient ${patientId}.`);
}
