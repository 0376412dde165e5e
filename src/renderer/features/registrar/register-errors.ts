/** Which field of the registration form a refusal from main is about, so it is shown beside it. */
export type RegisterField = 'iin' | 'familyName' | 'givenNames' | 'birthDate' | 'phone' | 'form';

export function fieldOfError(code: string): RegisterField {
  if (code.startsWith('IIN_')) return 'iin';
  switch (code) {
    case 'INVALID_NAME':
      // Main does not say which of the two names; the family name is checked first.
      return 'familyName';
    case 'INVALID_BIRTH_DATE':
      return 'birthDate';
    case 'INVALID_PHONE':
      return 'phone';
    default:
      return 'form';
  }
}

/**
 * The birth date an IIN encodes (YYMMDD plus the century digit), to fill the date field for the
 * registrar; null while the IIN is incomplete or not a date. Main checks the IIN itself.
 */
export function birthDateFromIin(iin: string): string | null {
  if (!/^\d{12}$/.test(iin)) return null;
  const century = Number(iin[6]);
  if (century < 1 || century > 6) return null;
  const year = 1800 + 100 * Math.floor((century - 1) / 2) + Number(iin.slice(0, 2));
  const month = iin.slice(2, 4);
  const day = iin.slice(4, 6);
  const date = new Date(Date.UTC(year, Number(month) - 1, Number(day)));
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() + 1 !== Number(month) ||
    date.getUTCDate() !== Number(day)
  ) {
    return null;
  }
  return `${String(year).padStart(4, '0')}-${month}-${day}`;
}

/** "+7 701 123 45 67" or "8 701 123 45 67" → "+77011234567", as main stores it (E.164). */
export function normalisePhone(value: string): string {
  const digits = value.replace(/[\s()-]/g, '');
  if (/^8\d{10}$/.test(digits)) return `+7${digits.slice(1)}`;
  return digits;
}
