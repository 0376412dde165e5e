/**
 * Dates and times as people at a Kazakh clinic write them. Dates of birth are calendar dates (no
 * time zone), so they are reformatted as text, never through Date (which could shift them a day).
 * Instants are shown in the clinic's zone (from the desk's configuration), not the zone of the
 * computer's clock, which may be set to anything.
 */

/** "1988-04-12" → "12.04.1988"; anything else is shown as given. */
export function formatBirthDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return match ? `${match[3]}.${match[2]}.${match[1]}` : iso;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * A formatter for the numeric parts of an instant in `timeZone`; null zone (before setup) or a
 * zone this browser does not know: the computer's own zone.
 */
function partsFormatter(timeZone: string | null): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let formatter = formatters.get(key);
  if (formatter === undefined) {
    const options: Intl.DateTimeFormatOptions = {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    };
    try {
      formatter = new Intl.DateTimeFormat('en-GB', timeZone === null ? options : { ...options, timeZone });
    } catch {
      formatter = new Intl.DateTimeFormat('en-GB', options);
    }
    formatters.set(key, formatter);
  }
  return formatter;
}

function zonedParts(date: Date, timeZone: string | null): Record<string, string> {
  const parts: Record<string, string> = {};
  for (const part of partsFormatter(timeZone).formatToParts(date)) parts[part.type] = part.value;
  return parts;
}

/** An instant as "14:05" on the clinic's clock. */
export function formatClock(isoInstant: string, timeZone: string | null): string {
  const date = new Date(isoInstant);
  if (Number.isNaN(date.getTime())) return '';
  const { hour = '', minute = '' } = zonedParts(date, timeZone);
  return `${hour.padStart(2, '0')}:${minute.padStart(2, '0')}`;
}

/** A share in [0, 1] as a whole percentage: 0.4567 → "46 %". */
export function formatShare(share: number): string {
  return `${Math.round(share * 100)} %`;
}

/** The calendar date on the clinic's wall at `date`, as YYYY-MM-DD. */
export function zonedIsoDate(date: Date, timeZone: string | null): string {
  const { year = '', month = '', day = '' } = zonedParts(date, timeZone);
  return `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/** `isoDate` (YYYY-MM-DD) moved by whole calendar days; no time zone involved. */
export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/**
 * Kazakh writes numbers as Russian does (1 500,5), but Chromium's trimmed ICU data formats "kk"
 * the English way (1,500.5), so Kazakh borrows Russian's format.
 */
const NUMBER_LOCALES: Readonly<Record<string, string>> = { kk: 'ru' };

/** Numbers as the desk's language writes them, with at most one decimal: "1 500", "12,3". */
export function numberFormat(language: string): Intl.NumberFormat {
  return new Intl.NumberFormat(NUMBER_LOCALES[language] ?? language, { maximumFractionDigits: 1 });
}

/**
 * A length of time given in minutes, in the unit people would say: "45 minutes", "5 hours",
 * "2,190 days" ("2 190 дней", "2 190 күн"), by the browser's own unit formatting per language.
 */
export function formatDuration(minutes: number, language: string): string {
  const abs = Math.abs(minutes);
  const [value, unit] =
    abs >= 2 * 24 * 60
      ? [Math.round(abs / (24 * 60)), 'day']
      : abs >= 120
        ? [Math.round(abs / 60), 'hour']
        : [abs, 'minute'];
  return new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}
