/**
 * The language a patient chose on the consent screen, remembered for their next visit and used for
 * their code texts and visit notifications. Read often (every view of a visit shows it), changed
 * rarely: kept in memory once read, and the memory updated with every change made here. The
 * database keeps no list of languages (migration 010): a language is checked here, on the way in
 * (refused) and on the way out (unknown → none), against src/shared/languages.ts.
 */
import { isLanguage, LANGUAGE_LIST_TEXT, type Language } from '../../shared/languages.ts';
import { RegistryError } from '../../shared/registry-errors.ts';
import type { DeskStore } from '../store/desk-store.ts';

export class PatientLanguages {
  readonly #store: DeskStore;
  readonly #known = new Map<string, Language | null>();

  constructor(store: DeskStore) {
    this.#store = store;
  }

  /** The patient's remembered language, or null if they never chose one (or it left the list). */
  of(patientId: string): Language | null {
    const known = this.#known.get(patientId);
    if (known !== undefined) return known;
    const value = this.#store.rows.patients.language(patientId);
    if (value === undefined)
      throw new RegistryError('PATIENT_NOT_FOUND', `There is no patient ${patientId}.`);
    const language = isLanguage(value) ? value : null;
    this.#known.set(patientId, language);
    return language;
  }

  remember(patientId: string, language: unknown): void {
    if (!isLanguage(language)) {
      throw new RegistryError('INVALID_PATIENT', `The language must be ${LANGUAGE_LIST_TEXT}.`);
    }
    const found = this.#store.write((tx) => this.#store.rows.patients.setLanguage(tx, patientId, language));
    if (!found) throw new RegistryError('PATIENT_NOT_FOUND', `There is no patient ${patientId}.`);
    this.#known.set(patientId, language);
  }
}
