/**
 * Days as the clinic lives them. A report "for 22 November" or "today's visits" means midnight to
 * midnight in the clinic's zone, not in UTC (five hours apart in Almaty) nor in the PC's zone.
 */

/** How far the zone's wall clock is ahead of UTC at `instant`, in ms. */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The instant the clinic's day `date` (YYYY-MM-DD) begins. */
export function clinicDayStart(date: string, timeZone: string): Date {
  const utcMidnight = Date.parse(`${date}T00:00:00.000Z`);
  // Twice: the offset at local midnight can differ from the one at UTC midnight across a DST change.
  const first = utcMidnight - zoneOffsetMs(utcMidnight, timeZone);
  return new Date(utcMidnight - zoneOffsetMs(first, timeZone));
}

/** The clinic's date (YYYY-MM-DD) at `instant`. */
export function clinicDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(instant);
}

/** The instant today began in the clinic. */
export function startOfClinicDay(now: Date, timeZone: string): Date {
  return clinicDayStart(clinicDate(now, timeZone), timeZone);
}
