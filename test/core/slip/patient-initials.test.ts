/** Initials from names: the first letter of each, capitalised; never the names; accepted by the slip. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { patientInitials } from '../../../src/core/slip/patient-initials.ts';
import { parseSlipInput } from '../../../src/core/slip/slip-input.ts';
import { SlipError } from '../../../src/shared/slip-errors.ts';
import { typedCode } from '../../support/typed-errors.ts';

const SLIP = {
  language: 'kk',
  clinic: 'Емхана №7',
  issuedAt: new Date('2026-11-22T09:05:00.000Z'),
  expiresAt: new Date('2026-11-22T09:10:00.000Z'),
  timeZone: 'Asia/Almaty',
  code: '480913',
} as const;

/** Kazakh Cyrillic (Russian plus ә ғ қ ң ө ұ ү һ і) and Latin, both cases. */
const LETTERS = [...'абвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюяә', ...'abcdefghijklmnopqrstuvwxyz'].flatMap(
  (letter) => [letter, letter.toUpperCase()],
);

describe('patientInitials', () => {
  it.each([
    ['Айгерим', 'Сәрсенбаева', 'А. С.'],
    ['ұлжан', 'һашимова', 'Ұ. Һ.'],
    ['  Әсел ', ' Іздібаева', 'Ә. І.'],
    ['Ғалым', 'Өмірзақов', 'Ғ. Ө.'],
    ['Анна-Мария', 'Иванова-Петрова', 'А. И.'],
    ['john', "o'brien", 'J. O.'],
    // Leading punctuation or a quote is skipped to the first letter.
    ['«Нұрлан»', '(Қасымов)', 'Н. Қ.'],
    // Decomposed input (И + combining breve, Е + combining diaeresis) gives the composed capital.
    ['и\u0306ерлан'.normalize('NFD'), 'е\u0308лкин'.normalize('NFD'), 'Й. Ё.'],
  ])('%s %s → %s', (given, family, initials) => {
    expect(patientInitials(given, family)).toBe(initials);
  });

  it('refuses a name with no letter, naming the field and not the other name', () => {
    for (const [given, family] of [
      ['', 'Сәрсенбаева'],
      ['Айгерим', '   '],
      ['Айгерим', '12345'],
      ['Айгерим', 'Сәрсенбаева'.repeat(30)],
    ] as const) {
      expect(typedCode(() => patientInitials(given, family))).toBe('INVALID_SLIP_INPUT');
      try {
        patientInitials(given, family);
      } catch (error) {
        expect(error).toBeInstanceOf(SlipError);
        expect((error as SlipError).message).not.toContain('Айгерим');
        expect((error as SlipError).message).not.toContain('Сәрсенбаева');
      }
    }
  });

  it('gives initials the slip accepts, with no letter but the two first ones', () => {
    const name = fc.string({ unit: fc.constantFrom(...LETTERS), minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(name, name, (given, family) => {
        const initials = patientInitials(given, family);
        expect(initials).toBe(`${given[0]?.toUpperCase()}. ${family[0]?.toUpperCase()}.`);
        expect(parseSlipInput({ ...SLIP, patientInitials: initials }).patientInitials).toBe(initials);
      }),
    );
  });
});
