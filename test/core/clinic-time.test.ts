/** Clinic days: midnight to midnight in the clinic's zone, across DST changes where zones have them. */
import { describe, expect, it } from 'vitest';
import { clinicDate, clinicDayStart, startOfClinicDay } from '../../src/core/clinic-time.ts';

describe('clinic days', () => {
  it('a day in Almaty starts at 19:00 UTC the evening before', () => {
    expect(clinicDayStart('2026-11-22', 'Asia/Almaty').toISOString()).toBe('2026-11-21T19:00:00.000Z');
    expect(clinicDate(new Date('2026-11-21T19:30:00Z'), 'Asia/Almaty')).toBe('2026-11-22');
    expect(startOfClinicDay(new Date('2026-11-22T06:12:00Z'), 'Asia/Almaty').toISOString()).toBe(
      '2026-11-21T19:00:00.000Z',
    );
  });

  it('handles zones west of UTC and a DST change on the very day', () => {
    expect(clinicDayStart('2026-03-29', 'Europe/Berlin').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(clinicDayStart('2026-03-30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(clinicDayStart('2026-11-22', 'America/New_York').toISOString()).toBe('2026-11-22T05:00:00.000Z');
    expect(clinicDayStart('2026-11-22', 'UTC').toISOString()).toBe('2026-11-22T00:00:00.000Z');
  });
});
