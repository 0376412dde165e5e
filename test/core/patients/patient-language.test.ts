/**
 * The patient's remembered language: this is the one place it is checked since the database keeps
 * no list of its own (migration 010). Every language in the list is kept; anything else is refused
 * on the way in and reads as "none chosen" on the way out.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { patientLanguage, rememberPatientLanguage } from '../../../src/core/patients/patient-language.ts';
import { LANGUAGES } from '../../../src/shared/languages.ts';
import { newPatient, openTestRegistry } from '../../support/registry.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { typedCode } from '../../support/typed-errors.ts';

const newDir = useTempDir('patient-language');

describe('the remembered language', () => {
  it('is none until chosen, then each language of the list, the last one chosen', () => {
    const r = openTestRegistry(newDir());
    const patient = r.patients.register(newPatient(), r.actor);
    expect(patientLanguage(r.db, patient.id)).toBeNull();
    for (const language of LANGUAGES) {
      rememberPatientLanguage(r.db, patient.id, language);
      expect(patientLanguage(r.db, patient.id)).toBe(language);
    }
    r.db.close();
  });

  it('refuses anything outside the list, and changes nothing', () => {
    const r = openTestRegistry(newDir());
    const patient = r.patients.register(newPatient(), r.actor);
    rememberPatientLanguage(r.db, patient.id, 'ru');
    for (const wrong of ['xx', 'KK', '', null, 7, ['kk']]) {
      expect(typedCode(() => rememberPatientLanguage(r.db, patient.id, wrong))).toBe('INVALID_PATIENT');
    }
    expect(patientLanguage(r.db, patient.id)).toBe('ru');
    r.db.close();
  });

  it('a value the list does not hold (written by hand, or a language since removed) reads as none', () => {
    const r = openTestRegistry(newDir());
    const patient = r.patients.register(newPatient(), r.actor);
    r.db.prepare("UPDATE patient SET language = 'xx' WHERE id = ?").run(patient.id);
    expect(patientLanguage(r.db, patient.id)).toBeNull();
    r.db.close();
  });

  it('names an unknown patient', () => {
    const r = openTestRegistry(newDir());
    expect(typedCode(() => patientLanguage(r.db, randomUUID()))).toBe('PATIENT_NOT_FOUND');
    expect(typedCode(() => rememberPatientLanguage(r.db, randomUUID(), 'kk'))).toBe('PATIENT_NOT_FOUND');
    r.db.close();
  });
});
