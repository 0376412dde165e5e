/** Name keys and identity comparison. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { identityDisagreements, nameKey } from '../../../src/core/patients/names.ts';

describe('nameKey', () => {
  it('folds case, diacritics, Kazakh letters, look-alikes, hyphens and spacing', () => {
    const same: string[][] = [
      ['Әбілқайыр', 'Абилкайыр', 'АБИЛКАЙЫР', 'абилкаиыр'],
      ['Нұрсұлтан', 'Нурсултан', 'НУРСУЛТАН'],
      ['Ғалым', 'Галым'],
      ['Өмірзақ', 'Омирзак'],
      ['Аңсаған', 'Ансаган'],
      ['Үмбетов', 'Умбетов'],
      ['Ёлкин', 'Елкин'],
      ['ТОКАЕВ', 'TOKAEB', 'Tокаeв'], // Latin T, O, K, A, E, B from a switched layout
      ['Сейтқали-Ахметова', 'Сейткали Ахметова', '  сейткали — ахметова ', 'Сейткали--Ахметова'],
      ['Д’Артаньян', "Д'Артаньян", 'ДАртаньян'],
      ['Émile', 'Emile', 'EMILE'],
    ];
    for (const group of same) {
      const keys = new Set(group.map(nameKey));
      expect([...keys], group.join(' / ')).toHaveLength(1);
    }
  });

  it('keeps different names apart', () => {
    expect(nameKey('Иванов')).not.toBe(nameKey('Иванова'));
    expect(nameKey('Ахметов')).not.toBe(nameKey('Ахмедов'));
    expect(nameKey('Tokayev')).not.toBe(nameKey('Токаев')); // transliteration is not a look-alike
  });

  it('folds the capital sharp s like the small one (found by the property below)', () => {
    expect(nameKey('ẞ')).toBe('ss');
    expect(nameKey(nameKey('STRAẞE'))).toBe(nameKey('Straße'));
  });

  it('is idempotent and insensitive to case and to Unicode composition', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'grapheme', maxLength: 40 }),
          fc.string({
            unit: fc.constantFrom(...'АаӘәҒғҚқҢңӨөҰұҮүҺһІіЁёЙйABCEHKMOPTXYabcehkmoptxyß -’'),
            maxLength: 40,
          }),
        ),
        (s) => {
          const key = nameKey(s);
          expect(nameKey(key)).toBe(key);
          expect(nameKey(s.toUpperCase())).toBe(key);
          expect(nameKey(s.normalize('NFD'))).toBe(nameKey(s.normalize('NFC')));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never leaves a double space, a leading or trailing space, or a hyphen', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('а', 'b', ' ', '-', '–', '\t', 'Ә', 'x'), maxLength: 30 }),
        (s) => {
          expect(nameKey(s)).not.toMatch(/ {2}|^ | $|[-–\t]/);
        },
      ),
    );
  });
});

describe('identityDisagreements', () => {
  const record = { familyName: 'Сейтқалиев', givenNames: 'Нұрлан Әбілұлы', birthDate: '1988-04-12' };

  it('agrees despite spelling variants of the same names', () => {
    expect(
      identityDisagreements(record, {
        familyName: 'СЕЙТКАЛИЕВ',
        givenNames: 'Нурлан  Абилулы',
        birthDate: '1988-04-12',
      }),
    ).toEqual([]);
  });

  it('says which fields disagree', () => {
    expect(identityDisagreements(record, { ...record, birthDate: '1988-04-21' })).toEqual(['birthDate']);
    expect(identityDisagreements(record, { ...record, familyName: 'Сейтқалиева' })).toEqual(['familyName']);
    expect(
      identityDisagreements(record, { familyName: 'Иванов', givenNames: 'Нурлан', birthDate: '1988-04-12' }),
    ).toEqual(['familyName', 'givenNames']);
  });
});
