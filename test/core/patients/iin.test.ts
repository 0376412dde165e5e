/**
 * IIN validation: worked examples (checked by hand) for each rule and each error, and property
 * tests against an independent reference implementation.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { iinCheckDigit, parseIin } from '../../../src/core/patients/iin.ts';
import { typedCode } from '../../support/typed-errors.ts';

/**
 * Reference, written differently on purpose: dates via Date.UTC round-trip, second-pass weights
 * as ((i + 2) mod 11) + 1, the century from a lookup table. Returns the error code or 'ok'.
 */
function reference(s: string, today?: string): string {
  if (!/^\d*$/.test(s)) return 'IIN_NOT_DIGITS';
  if (s.length !== 12) return 'IIN_LENGTH';
  const d = s.split('').map((c) => c.charCodeAt(0) - 48);
  const century = [0, 1800, 1800, 1900, 1900, 2000, 2000][d[6] as number];
  if (!century) return 'IIN_CENTURY_DIGIT';
  const year = century + (d[0] as number) * 10 + (d[1] as number);
  const month = (d[2] as number) * 10 + (d[3] as number);
  const day = (d[4] as number) * 10 + (d[5] as number);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return 'IIN_BAD_DATE';
  }
  if (today !== undefined && date.toISOString().slice(0, 10) > today) return 'IIN_BAD_DATE';
  let check = 0;
  for (let i = 0; i < 11; i += 1) check += (d[i] as number) * (i + 1);
  check %= 11;
  if (check === 10) {
    check = 0;
    for (let i = 0; i < 11; i += 1) check += (d[i] as number) * (((i + 2) % 11) + 1);
    check %= 11;
  }
  return check !== 10 && check === d[11] ? 'ok' : 'IIN_CHECK_DIGIT';
}

const DAY_MS = 86_400_000;
const FIRST_DAY = Date.UTC(1800, 0, 1) / DAY_MS;
const LAST_DAY = Date.UTC(2099, 11, 31) / DAY_MS;

/** Valid IINs built from a real date, sex and serial; the rare prefixes with no check digit are skipped. */
const validIin = fc
  .record({
    day: fc.integer({ min: FIRST_DAY, max: LAST_DAY }),
    male: fc.boolean(),
    serial: fc.integer({ min: 0, max: 9999 }),
  })
  .map(({ day, male, serial }) => {
    const iso = new Date(day * DAY_MS).toISOString().slice(0, 10);
    const year = Number(iso.slice(0, 4));
    const centuryDigit = 2 * Math.floor((year - 1800) / 100) + (male ? 1 : 2);
    const first11 = `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${centuryDigit}${String(serial).padStart(4, '0')}`;
    const check = iinCheckDigit([...first11].map(Number));
    return {
      iin: check === null ? null : `${first11}${check}`,
      birthDate: iso,
      sex: male ? 'male' : 'female',
    };
  })
  .filter((v): v is { iin: string; birthDate: string; sex: 'male' | 'female' } => v.iin !== null);

describe('parseIin: worked examples', () => {
  it('accepts an IIN whose check digit comes from the first pass', () => {
    // 8·1+8·2+0·3+4·4+1·5+2·6+3·7+0·8+0·9+1·10+2·11 = 110 ≡ 0 (mod 11)
    expect(parseIin('880412300120')).toEqual({ iin: '880412300120', birthDate: '1988-04-12', sex: 'male' });
  });

  it('uses the second pass when the first gives 10', () => {
    // First pass: 175 ≡ 10; second (weights 3..11,1,2): 155 ≡ 1.
    expect(parseIin('950115401801')).toEqual({ iin: '950115401801', birthDate: '1995-01-15', sex: 'female' });
    expect(typedCode(() => parseIin('950115401800'))).toBe('IIN_CHECK_DIGIT');
  });

  it('rejects every check digit when both passes give 10', () => {
    // 9,5,0,1,1,5,4,0,2,6,0: first pass 164 ≡ 10, second pass 164 ≡ 10.
    expect(iinCheckDigit([9, 5, 0, 1, 1, 5, 4, 0, 2, 6, 0])).toBeNull();
    for (let c = 0; c <= 9; c += 1)
      expect(typedCode(() => parseIin(`95011540260${c}`))).toBe('IIN_CHECK_DIGIT');
  });

  it('reads century and sex from the 7th digit', () => {
    const withCentury = (digit: number) => {
      const first11 = `000101${digit}0001`;
      return parseIin(`${first11}${iinCheckDigit([...first11].map(Number))}`);
    };
    expect([1, 2, 3, 4, 5, 6].map((d) => withCentury(d))).toEqual([
      expect.objectContaining({ birthDate: '1800-01-01', sex: 'male' }),
      expect.objectContaining({ birthDate: '1800-01-01', sex: 'female' }),
      expect.objectContaining({ birthDate: '1900-01-01', sex: 'male' }),
      expect.objectContaining({ birthDate: '1900-01-01', sex: 'female' }),
      expect.objectContaining({ birthDate: '2000-01-01', sex: 'male' }),
      expect.objectContaining({ birthDate: '2000-01-01', sex: 'female' }),
    ]);
  });

  it('names the problem', () => {
    expect(typedCode(() => parseIin(''))).toBe('IIN_LENGTH');
    expect(typedCode(() => parseIin('88041230012'))).toBe('IIN_LENGTH');
    expect(typedCode(() => parseIin('8804123001200'))).toBe('IIN_LENGTH');
    expect(typedCode(() => parseIin('88041230012O'))).toBe('IIN_NOT_DIGITS'); // letter O
    expect(typedCode(() => parseIin('880412 30012'))).toBe('IIN_NOT_DIGITS');
    expect(typedCode(() => parseIin('８８０４１２３００１２０'))).toBe('IIN_NOT_DIGITS'); // full-width digits
    expect(typedCode(() => parseIin(880412300120))).toBe('IIN_NOT_DIGITS');
    expect(typedCode(() => parseIin('880412000120'))).toBe('IIN_CENTURY_DIGIT');
    expect(typedCode(() => parseIin('880412700120'))).toBe('IIN_CENTURY_DIGIT');
    expect(typedCode(() => parseIin('881312300120'))).toBe('IIN_BAD_DATE'); // month 13
    expect(typedCode(() => parseIin('880431300120'))).toBe('IIN_BAD_DATE'); // 31 April
    expect(typedCode(() => parseIin('880400300120'))).toBe('IIN_BAD_DATE'); // day 0
    expect(typedCode(() => parseIin('880412300121'))).toBe('IIN_CHECK_DIGIT');
  });

  it('knows 29 February: 1900 was not a leap year, 2000 was', () => {
    const make = (centuryDigit: number) => {
      const first11 = `000229${centuryDigit}0001`;
      return `${first11}${iinCheckDigit([...first11].map(Number)) ?? 0}`;
    };
    expect(typedCode(() => parseIin(make(3)))).toBe('IIN_BAD_DATE');
    expect(parseIin(make(5)).birthDate).toBe('2000-02-29');
  });

  it('rejects a date of birth after today when today is given', () => {
    const first11 = '300101500001';
    const iin = `${first11.slice(0, 11)}${iinCheckDigit([...first11.slice(0, 11)].map(Number))}`;
    expect(parseIin(iin).birthDate).toBe('2030-01-01');
    expect(typedCode(() => parseIin(iin, '2026-11-22'))).toBe('IIN_BAD_DATE');
  });
});

describe('parseIin: properties', () => {
  it('accepts every valid IIN and parses its date of birth and sex', () => {
    fc.assert(
      fc.property(validIin, ({ iin, birthDate, sex }) => {
        expect(parseIin(iin)).toEqual({ iin, birthDate, sex });
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects a valid IIN whose check digit was changed', () => {
    fc.assert(
      fc.property(validIin, fc.integer({ min: 1, max: 9 }), ({ iin }, shift) => {
        const wrong = (Number(iin[11]) + shift) % 10;
        expect(typedCode(() => parseIin(`${iin.slice(0, 11)}${wrong}`))).toBe('IIN_CHECK_DIGIT');
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with the reference on random digit strings, down to the error code', () => {
    const digits = (n: number) =>
      fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
    const candidate = fc.oneof(
      digits(12),
      // Mostly plausible prefixes, so the date and check-digit rules are exercised, not just the century.
      fc
        .tuple(validIin, fc.integer({ min: 0, max: 11 }), fc.integer({ min: 0, max: 9 }))
        .map(([{ iin }, at, digit]) => `${iin.slice(0, at)}${digit}${iin.slice(at + 1)}`),
      fc.string({ maxLength: 14 }),
    );
    fc.assert(
      fc.property(candidate, (s) => {
        expect(typedCode(() => parseIin(s))).toBe(reference(s) === 'ok' ? 'no error' : reference(s));
      }),
      { numRuns: 5000 },
    );
  });

  it('cannot see a typo in the 11th digit when the first pass decides (weight 11 ≡ 0): why the doctor confirms name and date', () => {
    fc.assert(
      fc.property(validIin, fc.integer({ min: 1, max: 9 }), ({ iin }, shift) => {
        const d = [...iin].map(Number);
        const firstPass = d.slice(0, 11).reduce((sum, x, i) => sum + x * (i + 1), 0) % 11;
        fc.pre(firstPass !== 10);
        const typo = `${iin.slice(0, 10)}${(Number(iin[10]) + shift) % 10}${iin[11]}`;
        expect(parseIin(typo).birthDate).toBe(parseIin(iin).birthDate);
      }),
      { numRuns: 500 },
    );
  });
});
