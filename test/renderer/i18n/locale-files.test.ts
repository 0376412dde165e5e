/**
 * The screens have a locale file for every language in src/shared/languages.ts and for no other,
 * each complete (the Messages type) and found without a hand-kept list.
 */
import { describe, expect, it } from 'vitest';
import { LOCALES, localesByLanguage } from '../../../src/renderer/i18n/locale-files.ts';
import type { Messages } from '../../../src/renderer/i18n/messages.ts';
import { LANGUAGES } from '../../../src/shared/languages.ts';

describe('the locale files', () => {
  it('one per language of the list, each its own', () => {
    expect(Object.keys(LOCALES)).toEqual([...LANGUAGES]);
    const titles = LANGUAGES.map((code) => LOCALES[code].startup.title);
    expect(new Set(titles).size).toBe(LANGUAGES.length);
  });

  it('a language without its file, or a file without its language, stops the screens with the names', () => {
    const some = LOCALES.en;
    const files = (codes: string[]): Record<string, Messages> =>
      Object.fromEntries(codes.map((code) => [`./locales/${code}.ts`, some]));
    expect(() => localesByLanguage(files(LANGUAGES.slice(1)))).toThrow(`missing ${LANGUAGES[0]}`);
    expect(() => localesByLanguage(files([...LANGUAGES, 'xx']))).toThrow('unknown xx');
    expect(() => localesByLanguage({ './locales/english.ts': some })).toThrow('named for its language code');
  });
});
