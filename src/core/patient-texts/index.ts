/**
 * The patient texts of every language in src/shared/languages.ts: a language added there does not
 * compile until its file is here and named below.
 */
import type { Language } from '../../shared/languages.ts';
import { en } from './en.ts';
import { kk } from './kk.ts';
import type { PatientTexts } from './patient-texts.ts';
import { ru } from './ru.ts';

const PATIENT_TEXTS = { kk, ru, en } as const satisfies Record<Language, PatientTexts>;

/** Everything a patient receives, in `language` (the callers check untyped input with isLanguage). */
export function patientTexts(language: Language): PatientTexts {
  return PATIENT_TEXTS[language];
}
