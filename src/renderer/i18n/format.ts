/**
 * Dates and times as people at a Kazakh clinic write them. Dates of birth are calendar dates (no
 * time zone), so they are reformatted as text, never through Date (which could shift them a day).
 */

/** "1988-04-12" → "12.04.1988"; anything else is shown as given. */
export function formatBirthDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return match ? `${match[3]}.${match[2]}.${match[1]}` : iso;
}

/** An instant as "14:05" on this computer's clock (the desk sits in the clinic's zone). */
export function formatClock(isoInstant: string): string {
  const date = new Date(isoInstant);
  if (Number.isNaN(date.getTime())) return '';
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

/** A share in [0, 1] as a whole percentage: 0.4567 → "46 %". */
export function formatShare(share: number): string {
  return `${Math.round(share * 100)} %`;
}

/** Today's calendar date on this computer, as YYYY-MM-DD. */
export function localIsoDate(date: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
