/**
 * The screens' texts per language, one file per language in ./locales, found by Vite rather than
 * listed by hand: a language added to src/shared/languages.ts needs its locale file and nothing
 * else here. A language without its file (or a file for a language the list does not know) stops
 * the screens at start with the names, rather than showing raw keys to a patient.
 */
import { LANGUAGES, type Language } from '../../shared/languages.ts';
import type { Messages } from './messages.ts';

/** `./locales/kk.ts` → its `messages`, keyed by path as import.meta.glob gives them. */
export function localesByLanguage(files: Readonly<Record<string, Messages>>): Record<Language, Messages> {
  const byCode = new Map<string, Messages>();
  for (const [path, messages] of Object.entries(files)) {
    const code = /\/([a-z]{2,3})\.ts$/.exec(path)?.[1];
    if (code === undefined) throw new Error(`A locale file must be named for its language code: ${path}`);
    byCode.set(code, messages);
  }
  const unknown = [...byCode.keys()].filter((code) => !(LANGUAGES as readonly string[]).includes(code));
  const missing = LANGUAGES.filter((code) => !byCode.has(code));
  if (unknown.length > 0 || missing.length > 0) {
    throw new Error(
      `Locale files and src/shared/languages.ts disagree: missing ${missing.join(', ') || 'none'}, unknown ${unknown.join(', ') || 'none'}`,
    );
  }
  return Object.fromEntries(LANGUAGES.map((code) => [code, byCode.get(code)])) as Record<Language, Messages>;
}

export const LOCALES: Readonly<Record<Language, Messages>> = localesByLanguage(
  import.meta.glob<Messages>('./locales/*.ts', { eager: true, import: 'messages' }),
);
