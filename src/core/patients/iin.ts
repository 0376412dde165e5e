/**
 * Kazakhstan's individual identification number (ИИН / ЖСН): 12 digits, YYMMDD birth date, a
 * century-and-sex digit, a 4-digit serial and a mod-11 check digit computed in up to two passes.
 *
 * The check digit barely protects the number: the first pass weighs the 11th digit by 11 ≡ 0
 * (mod 11), so a typo there goes unnoticed unless the second pass is used. That is why the doctor
 * always confirms name and date of birth on screen; this module only rejects what is provably wrong.
 */
import { RegistryError } from '../../shared/registry-errors.ts';

export type Sex = 'male' | 'female';

export interface ParsedIin {
  iin: string;
  /** ISO date, YYYY-MM-DD. */
  birthDate: string;
  sex: Sex;
}

const FIRST_PASS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] as const;
const SECOND_PASS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2] as const;

function weighted(digits: readonly number[], weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < 11; i += 1) sum += (digits[i] as number) * (weights[i] as number);
  return sum % 11;
}

/** The check digit for the first 11 digits, or null when both passes give 10 (no valid IIN exists). */
export function iinCheckDigit(first11: readonly number[]): number | null {
  const first = weighted(first11, FIRST_PASS);
  if (first !== 10) return first;
  const second = weighted(first11, SECOND_PASS);
  return second === 10 ? null : second;
}

/** 7th digit → the century of birth and sex: 1/2 the 1800s, 3/4 the 1900s, 5/6 the 2000s; odd is male. */
function centuryAndSex(digit: number): { century: number; sex: Sex } | null {
  if (digit < 1 || digit > 6) return null;
  return { century: 1800 + 100 * Math.floor((digit - 1) / 2), sex: digit % 2 === 1 ? 'male' : 'female' };
}

export function isValidCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] as number;
  return day <= days;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * Validates and parses an IIN. `today` (YYYY-MM-DD), when given, also rejects a birth date in the
 * future. Throws RegistryError naming the first problem found: IIN_NOT_DIGITS, IIN_LENGTH,
 * IIN_CENTURY_DIGIT, IIN_BAD_DATE or IIN_CHECK_DIGIT.
 */
export function parseIin(value: unknown, today?: string): ParsedIin {
  if (typeof value !== 'string' || !/^[0-9]*$/.test(value)) {
    throw new RegistryError('IIN_NOT_DIGITS', 'The IIN must contain digits only (no spaces or letters).');
  }
  if (value.length !== 12) {
    throw new RegistryError('IIN_LENGTH', `The IIN has ${value.length} digits; it must have 12.`);
  }
  const digits = [...value].map(Number);
  const cs = centuryAndSex(digits[6] as number);
  if (cs === null) {
    throw new RegistryError(
      'IIN_CENTURY_DIGIT',
      `The 7th digit of the IIN is ${digits[6]}; it must be 1 to 6 (century of birth and sex).`,
    );
  }
  const year = cs.century + Number(value.slice(0, 2));
  const month = Number(value.slice(2, 4));
  const day = Number(value.slice(4, 6));
  const birthDate = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  if (!isValidCalendarDate(year, month, day)) {
    throw new RegistryError(
      'IIN_BAD_DATE',
      `The first six digits of the IIN are not a date of birth (${birthDate} does not exist).`,
    );
  }
  if (today !== undefined && birthDate > today) {
    throw new RegistryError('IIN_BAD_DATE', `The IIN gives a date of birth in the future (${birthDate}).`);
  }
  const expected = iinCheckDigit(digits.slice(0, 11));
  if (expected === null || expected !== digits[11]) {
    throw new RegistryError(
      'IIN_CHECK_DIGIT',
      'The IIN check digit does not match: one of the digits was probably mistyped.',
    );
  }
  return { iin: value, birthDate, sex: cs.sex };
}
