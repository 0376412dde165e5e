/**
 * Names in a comparable form. The same patient arrives written "Әбілқайыр" or "Абилкайыр", in
 * capitals with Latin look-alike letters from a switched keyboard layout ("TOKAEB" for "ТОКАЕВ"),
 * or without the hyphen. Lookup and comparison use a key that folds these differences away; the
 * name as entered is kept for display. Transliteration ("Tokayev") is a different spelling, not a
 * look-alike, and is not folded: the doctor confirms the name on screen.
 */

/**
 * Letters folded to one Cyrillic form after lower-casing. Kazakh letters fold to the Russian letter
 * clerks type when the layout lacks them; Latin letters fold to the Cyrillic letter that looks the
 * same in either case (b→в because B and В are identical capitals, even though b and в differ).
 */
const FOLD: Readonly<Record<string, string>> = {
  // Kazakh-specific Cyrillic → Russian
  ә: 'а',
  ғ: 'г',
  қ: 'к',
  ң: 'н',
  ө: 'о',
  ұ: 'у',
  ү: 'у',
  һ: 'х',
  і: 'и',
  // Latin look-alikes → Cyrillic
  a: 'а',
  b: 'в',
  c: 'с',
  e: 'е',
  h: 'н',
  i: 'и',
  ı: 'и',
  k: 'к',
  m: 'м',
  o: 'о',
  p: 'р',
  t: 'т',
  x: 'х',
  y: 'у',
};

const FOLD_PATTERN = new RegExp(`[${Object.keys(FOLD).join('')}]`, 'gu');

/**
 * The comparison key of a name: case-folded, diacritics stripped (ё→е, й→и, é→e), Kazakh letters
 * and Latin look-alikes folded to one Cyrillic form, apostrophes and dots dropped, and runs of
 * spaces, hyphens and dashes collapsed to one space.
 */
export function nameKey(value: string): string {
  return (
    value
      // Lower, upper, lower is full case folding (ß → ss, and capital ẞ → ß → SS → ss);
      // decomposing again afterwards catches letters whose case change adds a combining mark (İ → i̇).
      .normalize('NFKD')
      .toLowerCase()
      .toUpperCase()
      .toLowerCase()
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .replace(FOLD_PATTERN, (ch) => FOLD[ch] as string)
      .replace(/['’ʼ‘`´.]/gu, '')
      .replace(/[\s\p{Pd}_]+/gu, ' ')
      .trim()
  );
}

export type IdentityField = 'familyName' | 'givenNames' | 'birthDate';

export interface IdentityClaim {
  familyName: string;
  givenNames: string;
  /** YYYY-MM-DD */
  birthDate: string;
}

/** Which fields of two identity claims disagree once names are normalised (empty: they agree). */
export function identityDisagreements(a: IdentityClaim, b: IdentityClaim): IdentityField[] {
  const out: IdentityField[] = [];
  if (nameKey(a.familyName) !== nameKey(b.familyName)) out.push('familyName');
  if (nameKey(a.givenNames) !== nameKey(b.givenNames)) out.push('givenNames');
  if (a.birthDate !== b.birthDate) out.push('birthDate');
  return out;
}
