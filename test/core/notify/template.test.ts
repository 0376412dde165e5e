/** The patient-facing text in every language: all the facts, in the clinic's time zone, no IIN, no code. */
import { describe, expect, it } from 'vitest';
import { notificationText } from '../../../src/core/notify/template.ts';
import { LANGUAGES, type Language } from '../../../src/shared/languages.ts';
import { typedCode } from '../../support/typed-errors.ts';

const AT = new Date('2026-11-22T09:05:00.000Z'); // 14:05 in Almaty (UTC+5)
const base = {
  at: AT,
  timeZone: 'Asia/Almaty',
  clinic: 'Емхана №7',
  doctor: 'Абенова А. Б.',
  callNumber: '+7 727 300 03 03',
};

/** The date and the method as each language written so far says them; a new one gets the checks below. */
const WORDS: Partial<Record<Language, { date: string; face: string; code: string }>> = {
  kk: { date: '2026 ж. 22 қараша', face: 'бет-әлпет бойынша', code: 'код бойынша' },
  ru: { date: '22 ноября 2026 г.', face: 'по лицу', code: 'по коду' },
  en: { date: '22 November 2026', face: 'by face', code: 'by code' },
};

describe('notificationText', () => {
  for (const language of LANGUAGES) {
    for (const method of ['face', 'code'] as const) {
      it(`${language}, ${method}: names clinic, doctor, method, date, time and number`, () => {
        const text = notificationText({ ...base, language, method });
        const words = WORDS[language];
        for (const part of [
          base.clinic,
          base.doctor,
          base.callNumber,
          '14:05',
          ...(words === undefined ? [] : [words.date, words[method]]),
        ]) {
          expect(text).toContain(part);
        }
        // Neither an IIN (12 digits) nor a six-digit code can appear: no run of 6+ digits at all.
        expect(text.replace(/\s/g, ' ')).not.toMatch(/\d{6,}/);
        expect(text.length).toBeLessThan(300);
      });
    }
  }

  it('knows the words of kk, ru and en', () => {
    expect(Object.keys(WORDS)).toEqual(['kk', 'ru', 'en']);
  });

  it('uses the clinic’s time zone, not the machine’s', () => {
    const utc = notificationText({ ...base, language: 'en', method: 'face', timeZone: 'UTC' });
    expect(utc).toContain('09:05');
    const almaty = notificationText({ ...base, language: 'en', method: 'face' });
    expect(almaty).toContain('14:05');
  });

  it('refuses an unknown language, zone or empty field', () => {
    const ok = { ...base, language: 'en' as const, method: 'face' as const };
    expect(typedCode(() => notificationText({ ...ok, language: 'xx' as Language }))).toBe(
      'INVALID_TEMPLATE_INPUT',
    );
    expect(typedCode(() => notificationText({ ...ok, timeZone: 'Mars/Olympus' }))).toBe(
      'INVALID_TEMPLATE_INPUT',
    );
    expect(typedCode(() => notificationText({ ...ok, doctor: '  ' }))).toBe('INVALID_TEMPLATE_INPUT');
    expect(typedCode(() => notificationText({ ...ok, at: new Date('x') }))).toBe('INVALID_TEMPLATE_INPUT');
  });
});
