/** Dates, clock times, shares, numbers and durations as the desk shows them, in the clinic's zone. */
import { describe, expect, it } from 'vitest';
import {
  addDays,
  formatBirthDate,
  formatClock,
  formatDuration,
  formatShare,
  numberFormat,
  zonedIsoDate,
} from '../../../src/renderer/i18n/format.ts';

describe('format', () => {
  it('a date of birth is reordered as text, never shifted by a zone', () => {
    expect(formatBirthDate('1988-04-12')).toBe('12.04.1988');
    expect(formatBirthDate('12.04.1988')).toBe('12.04.1988');
  });

  it("a clock time is the clinic's, not the computer's", () => {
    const instant = '2026-11-22T09:05:00.000Z';
    expect(formatClock(instant, 'Asia/Almaty')).toBe('14:05');
    expect(formatClock(instant, 'UTC')).toBe('09:05');
    expect(formatClock('not a time', 'UTC')).toBe('');
    // A zone this browser does not know falls back to the computer's own rather than failing.
    expect(formatClock(instant, 'Mars/Olympus')).toMatch(/^\d{2}:\d{2}$/);
  });

  it("the calendar date is the clinic's wall date, and days move on the calendar", () => {
    const lateEvening = new Date('2026-11-22T20:30:00.000Z'); // 01:30 on the 23rd in Almaty
    expect(zonedIsoDate(lateEvening, 'Asia/Almaty')).toBe('2026-11-23');
    expect(zonedIsoDate(lateEvening, 'UTC')).toBe('2026-11-22');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });

  it('shares are whole percentages', () => {
    expect(formatShare(0.4567)).toBe('46 %');
    expect(formatShare(0)).toBe('0 %');
    expect(formatShare(1)).toBe('100 %');
  });

  it('numbers as each language writes them: Kazakh borrows the Russian format', () => {
    const spaces = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');
    expect(spaces(numberFormat('kk').format(1500.55))).toBe('1 500,6');
    expect(spaces(numberFormat('ru').format(1500.55))).toBe('1 500,6');
    expect(numberFormat('en').format(1500.55)).toBe('1,500.6');
  });

  it('a duration in the unit people would say', () => {
    expect(formatDuration(45, 'en')).toBe('45 minutes');
    expect(formatDuration(-45, 'en')).toBe('45 minutes');
    expect(formatDuration(300, 'en')).toBe('5 hours');
    expect(formatDuration(5 * 365 * 24 * 60, 'en')).toBe('1,825 days');
    expect(formatDuration(119, 'ru')).toBe('119 минут');
  });
});
