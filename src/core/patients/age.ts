/** Age in whole years on a given day, from ISO dates (YYYY-MM-DD), without time zones. */
import { isValidCalendarDate } from './iin.ts';

export const MINOR_AGE = 14;

export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  // Born 29 February: the birthday in a common year is 1 March (the day after 28 February).
  const hadBirthday = tm > bm || (tm === bm && td >= bd);
  return ty - by - (hadBirthday ? 0 : 1);
}

/** Minor under 14: identified through a parent or legal representative, never on their own. */
export function isMinorUnder14(birthDate: string, today: string): boolean {
  return ageOn(birthDate, today) < MINOR_AGE;
}

export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  return isValidCalendarDate(y, m, d);
}
