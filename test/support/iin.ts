/** Valid IINs for tests, built from a date of birth, sex and serial (the next serial when one has no check digit). */
import { iinCheckDigit } from '../../src/core/patients/iin.ts';

export function makeIin(birthDate: string, sex: 'male' | 'female' = 'male', serial = 1): string {
  const year = Number(birthDate.slice(0, 4));
  const centuryDigit = 2 * Math.floor((year - 1800) / 100) + (sex === 'male' ? 1 : 2);
  for (let s = serial; s < serial + 100; s += 1) {
    const first11 = `${birthDate.slice(2, 4)}${birthDate.slice(5, 7)}${birthDate.slice(8, 10)}${centuryDigit}${String(s % 10000).padStart(4, '0')}`;
    const check = iinCheckDigit([...first11].map(Number));
    if (check !== null) return `${first11}${check}`;
  }
  throw new Error('unreachable: some serial in any 100 has a check digit');
}
