/**
 * The languages Tanu speaks, once: the screens, the configuration, the contract, the patient's
 * remembered language and every text a patient receives take their list from here. Each is named
 * in its own language (an endonym), so a language added here needs no name in the other locales:
 * a patient finds "Қазақша" whatever the screen is in, and so does the admin choosing the desk's
 * languages.
 *
 * Adding one: its code and its own name here, one file of screen texts
 * (src/renderer/i18n/locales/) and one of patient texts (src/core/patient-texts/); the compiler
 * names the registries that still miss it.
 */

/** ISO 639-1 codes, in the order the language switchers show them. */
export const LANGUAGES = ['kk', 'ru', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language in its own words: what every language switcher and picker shows. */
export const LANGUAGE_ENDONYMS: Readonly<Record<Language, string>> = {
  kk: 'Қазақша',
  ru: 'Русский',
  en: 'English',
};

/** A desk that was never told otherwise speaks Kazakh, the state language. */
export const DEFAULT_LANGUAGE: Language = 'kk';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** "kk, ru or en": for messages that say what is accepted. */
export const LANGUAGE_LIST_TEXT = `${LANGUAGES.slice(0, -1).join(', ')} or ${LANGUAGES.at(-1)}`;
