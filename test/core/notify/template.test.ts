/** The patient-facing text in kk, ru and en: all the facts, in the clinic's time zone, no IIN, no code. */
import { describe, expect, it } from 'vitest';
import { notificationText, type NotifyLanguage } from '../../../src/core/notify/template.ts';
import { typedCode } from '../../support/typed-errors.ts';

const AT = new Date('2026-11-22T09:05:00.000Z'); // 14:05 in Almaty (UTC+5)
const base = {
  at: AT,
  timeZone: 'Asia/Almaty',
  clinic: 'Емхана №7',
  doctor: 'Абенова А. Б.',
  callNumber: '+7 727 300 03 03',
};

const DATE: Record<NotifyLanguage, string> = {
  kk: '2026 ж. 22 қараша',
  ru: '22 ноября 2026 г.',
  en: '22 November 2026',
};
const METHOD: Record<NotifyLanguage, { face: string; code: string }> = {
  kk: { face: 'бет-әлпет бойынша', code: 'код бойынша' },
  ru: { face: 'по лицу', code: 'по коду' },
  en: { face: 'by face', code: 'by code' },
};

describe('notificationText', () => {
  for (const language of ['kk', 'ru', 'en'] as const) {
    for (const method of ['face', 'code'] as const) {
      it(`${language}, ${method}: names clinic, doctor, method, date, time and number`, () => {
        const text = notificationText({ ...base, language, method });
        for (const part of [
          base.clinic,
          base.doctor,
          base.callNumber,
          DATE[language],
          '14:05',
          METHOD[language][method],
        ]) {
          expect(text).toContain(part);
        }
        // Neither an IIN (12 digits) nor a six-digit code can appear: no run of 6+ digits at all.
        expect(text.replace(/\s/g, ' ')).not.toMatch(/\d{6,}/);
        expect(text.length).toBeLessThan(300);
      });
    }
  }

  it('uses the clinic’s time zone, not the machine’s', () => {
    const utc = notificationText({ ...base, language: 'en', method: 'face', timeZone: 'UTC' });
    expect(utc).toContain('09:05');
    const almaty = notificationText({ ...base, language: 'en', method: 'face' });
    expect(almaty).toContain('14:05');
  });

  it('refuses an unknown language, zone or empty field', () => {
    const ok = { ...base, language: 'en' as const, method: 'face' as const };
    expect(typedCode(() => notificationText({ ...ok, language: 'de' as NotifyLanguage }))).toBe(
      'INVALID_TEMPLATE_INPUT',
    );
    expect(typedCode(() => notificationText({ ...ok, timeZone: 'Mars/Olympus' }))).toBe(
      'INVALID_TEMPLATE_INPUT',
    );
    expect(typedCode(() => notificationText({ ...ok, doctor: '  ' }))).toBe('INVALID_TEMPLATE_INPUT');
    expect(typedCode(() => notificationText({ ...ok, at: new Date('x') }))).toBe('INVALID_TEMPLATE_INPUT');
  });
});
