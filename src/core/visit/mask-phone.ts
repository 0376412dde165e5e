/**
 * The destination as the desk may show it: enough for the patient to recognise their own number,
 * not enough for anyone reading over a shoulder to take it down. "+77011234567" → "+7 7** *** 45 67".
 */
export function maskPhone(e164: string): string {
  const digits = e164.replace(/^\+/, '');
  if (!/^[0-9]{7,15}$/.test(digits)) return '***';
  // Kazakhstan and Russia share +7; elsewhere show a one- to three-digit country code conservatively.
  const ccLength = digits.startsWith('7') ? 1 : Math.min(3, digits.length - 6);
  const cc = digits.slice(0, ccLength);
  const rest = digits.slice(ccLength);
  const shown = rest.slice(0, 1) + '*'.repeat(rest.length - 5) + rest.slice(-4);
  // Group as the national format does for Kazakhstan (3 3 2 2); other numbers in the same rhythm.
  const groups = [shown.slice(0, 3), shown.slice(3, -4), shown.slice(-4, -2), shown.slice(-2)].filter(
    (g) => g.length > 0,
  );
  return `+${cc} ${groups.join(' ')}`;
}
