/**
 * The language a patient chose on the consent screen, remembered for their next visit and used for
 * their code texts and visit notifications. Read often (every view of a visit shows it), changed
 * rarely: kept in memory once read, and the memory updated with every change made here.
 */
import { RegistryError } from '../../shared/registry-errors.ts';
import type { DeskStore } from '../store/desk-store.ts';

export const PATIENT_LANGUAGES = ['kk', 'ru', 'en'] as const;
export type PatientLanguage = (typeof PATIENT_LANGUAGES)[number];

export function isPatientLanguage(value: unknown): value is PatientLanguage {
  return typeof value === 'string' && (PATIENT_LANGUAGES as readonly string[]).includes(value);
}

export class PatientLanguages {
  readonly #store: DeskStore;
  readonly #known = new Map<string, PatientLanguage | null>();

  constructor(store: DeskStore) {
    this.#store = store;
  }

  /** The patient's remembered language, or null if they never chose one. */
  of(patientId: string): PatientLanguage | null {
    const known = this.#known.get(patientId);
    if (known !== undefined) return known;
    const value = this.#store.rows.patients.language(patientId);
    if (value === undefined)
      throw new RegistryError('PATIENT_NOT_FOUND', `There is no patient ${patientId}.`);
    const language = isPatientLanguage(value) ? value : null;
    this.#known.set(patientId, language);
    return language;
  }

  remember(patientId: string, language: unknown): void {
    if (!isPatientLanguage(language)) {
      throw new RegistryError('INVALID_PATIENT', 'The language must be kk, ru or en.');
    }
    const found = this.#store.write((tx) => this.#store.rows.patients.setLanguage(tx, patientId, language));
    if (!found) throw new RegistryError('PATIENT_NOT_FOUND', `There is no patient ${patientId}.`);
    this.#known.set(patientId, language);
  }
}
