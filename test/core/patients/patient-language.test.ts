/**
 * The patient's remembered language: this is the one place it is checked since the database keeps
 * no list of its own (migration 010). Every language in the list is kept; anything else is refused
 * on the way in and reads as "none chosen" on the way out.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PatientLanguages } from '../../../src/core/patients/patient-language.ts';
import { LANGUAGES } from '../../../src/shared/languages.ts';
import { newPatient, openTestRegistry } from '../../support/registry.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { typedCode } from '../../support/typed-errors.ts';

const newDir = useTempDir('patient-language');

describe('the remembered language', () => {
  it('is none until chosen, then each language of the list, the last one chosen', () => {
    const r = openTestRegistry(newDir());
    const languages = new PatientLanguages(r.store);
    const patient = r.patients.register(newPatient(), r.actor);
    expect(languages.of(patient.id)).toBeNull();
    for (const language of LANGUAGES) {
      languages.remember(patient.id, language);
      expect(languages.of(patient.id)).toBe(language);
    }
    r.db.close();
  });

  it('refuses anything outside the list, and changes nothing', () => {
    const r = openTestRegistry(newDir());
    const languages = new PatientLanguages(r.store);
    const patient = r.patients.register(newPatient(), r.actor);
    languages.remember(patient.id, 'ru');
    for (const wrong of ['xx', 'KK', '', null, 7, ['kk']]) {
      expect(typedCode(() => languages.remember(patient.id, wrong))).toBe('INVALID_PATIENT');
    }
    expect(languages.of(patient.id)).toBe('ru');
    r.db.close();
  });

  it('a value the list does not hold (written by hand, or a language since removed) reads as none', () => {
    const r = openTestRegistry(newDir());
    const patient = r.patients.register(newPatient(), r.actor);
    r.db.prepare("UPDATE patient SET language = 'xx' WHERE id = ?").run(patient.id);
    // A fresh reader: the one above never read this patient, but a desk starting up would be fresh.
    expect(new PatientLanguages(r.store).of(patient.id)).toBeNull();
    r.db.close();
  });

  it('names an unknown patient', () => {
    const r = openTestRegistry(newDir());
    const languages = new PatientLanguages(r.store);
    expect(typedCode(() => languages.of(randomUUID()))).toBe('PATIENT_NOT_FOUND');
    expect(typedCode(() => languages.remember(randomUUID(), 'kk'))).toBe('PATIENT_NOT_FOUND');
    r.db.close();
  });
});
