import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { DEFAULT_LANGUAGE, LANGUAGE_ENDONYMS, LANGUAGES } from '../../shared/languages.ts';
import { LOCALES } from './locale-files.ts';
import type { Messages } from './messages.ts';

/** Offered languages, labelled in their own language so every patient can find theirs. */
export const LANGUAGE_CHOICES = LANGUAGES.map((code) => ({ code, label: LANGUAGE_ENDONYMS[code] }));

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}

i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

void i18n.use(initReactI18next).init({
  resources: Object.fromEntries(LANGUAGES.map((code) => [code, { translation: LOCALES[code] }])),
  lng: DEFAULT_LANGUAGE,
  fallbackLng: 'ru',
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false }, // React already escapes
});

export { i18n };
