/**
 * The destination as the desk may show it: enough for the patient to recognise their own number,
 * not enough for anyone reading over a shoulder to take it down. "+77011234567" → "+7 7** *** 45 67".
 * At least four digits are always hidden, whatever the country.
 */
const MIN_HIDDEN = 4;

export function maskPhone(e164: string): string {
  const digits = e164.replace(/^\+/, '');
  if (!/^[0-9]{7,15}$/.test(digits)) return '***';
  // Kazakhstan and Russia share +7; elsewhere up to three digits, as long as four stay hidden.
  let cc = digits.startsWith('7') ? 1 : Math.min(3, digits.length - 4 - MIN_HIDDEN);
  let lead = 1;
  if (digits.length - cc - 4 - lead < MIN_HIDDEN) lead = 0;
  if (digits.length - cc - 4 - lead < MIN_HIDDEN) cc = Math.max(1, digits.length - 4 - MIN_HIDDEN);
  const rest = digits.slice(cc);
  const shown = rest.slice(0, lead) + '*'.repeat(rest.length - 4 - lead) + rest.slice(-4);
  // Grouped as Kazakh numbers are written (3 3 2 2); other numbers in the same rhythm.
  const groups = [shown.slice(0, 3), shown.slice(3, -4), shown.slice(-4, -2), shown.slice(-2)].filter(
    (g) => g.length > 0,
  );
  return `+${digits.slice(0, cc)} ${groups.join(' ')}`;
}
