/**
 * The printed code slip, parsed back with pdf.js: one A5 page carrying exactly the clinic, the
 * heading, the code, the issue and expiry times in the clinic's zone, the initials and the
 * instruction, in kk, ru and en; no code in the metadata; the same bytes for the same input; and a
 * typed error that never quotes the value for every kind of bad input.
 */
import { describe, expect, it } from 'vitest';
import { SlipError } from '../../../src/shared/slip-errors.ts';
import { patientInitials } from '../../../src/core/slip/patient-initials.ts';
import { renderCodeSlip, type SlipInput } from '../../../src/core/slip/slip-pdf.ts';
import { LANGUAGES, type Language } from '../../../src/shared/languages.ts';
import { readPdf } from './read-pdf.ts';

const MINUTE = 60_000;
const ISSUED = new Date('2026-11-22T09:05:00.000Z'); // 14:05 in Almaty (UTC+5)
const GIVEN = 'Айгерим';
const FAMILY = 'Сәрсенбаева';

const BASE: SlipInput = {
  language: 'en',
  clinic: 'Өскемен қалалық емханасы №7 «Ұлағат»',
  issuedAt: ISSUED,
  expiresAt: new Date(ISSUED.getTime() + 5 * MINUTE),
  timeZone: 'Asia/Almaty',
  patientInitials: patientInitials(GIVEN, FAMILY),
  code: '480913',
};

/**
 * Everything on the page, in drawing order: anything else in the parsed text fails the test. A
 * language written later is held to the checks that follow the exact text until it is added here.
 */
const EXPECTED_TEXT: Partial<Record<Language, string[]>> = {
  kk: [
    BASE.clinic,
    'Сәйкестендіру коды',
    '480 913',
    'Берілген уақыты: 2026 ж. 22 қараша, 14:05',
    'Жарамдылық мерзімі аяқталады: 14:10',
    'Пациент: А. С.',
    'Бұл кодты дәрігерге айтыңыз. Оны басқа ешкімге бермеңіз.',
  ],
  ru: [
    BASE.clinic,
    'Код идентификации',
    '480 913',
    'Выдан: 22 ноября 2026 г., 14:05',
    'Действителен до 14:10',
    'Пациент: А. С.',
    'Сообщите этот код врачу. Не передавайте его никому другому.',
  ],
  en: [
    BASE.clinic,
    'Identification code',
    '480 913',
    'Issued: 22 November 2026, 14:05',
    'Valid until 14:10',
    'Patient: А. С.',
    'Give this code to the doctor. Do not share it with anyone else.',
  ],
};

/** The error a call rejects with, or a failure if it resolves. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, got a slip');
}

describe('renderCodeSlip', () => {
  it('knows the exact slip of kk, ru and en', () => {
    expect(Object.keys(EXPECTED_TEXT)).toEqual(['kk', 'ru', 'en']);
  });

  for (const language of LANGUAGES) {
    it(`${language}: one A5 page with exactly the clinic, heading, code, times, initials and instruction`, async () => {
      const pdf = await readPdf(await renderCodeSlip({ ...BASE, language }));
      expect(pdf.pageCount).toBe(1);
      // A5 portrait: 148 × 210 mm = 419.53 × 595.28 pt.
      expect(pdf.pageSize[0]).toBeCloseTo(419.53, 1);
      expect(pdf.pageSize[1]).toBeCloseTo(595.28, 1);
      const expected = EXPECTED_TEXT[language];
      if (expected !== undefined) expect(pdf.text).toBe(expected.join(' '));

      // Stated separately so a layout change that breaks the exact text still shows what matters.
      for (const part of [BASE.clinic, '480 913', 'А. С.', '14:05', '14:10'])
        expect(pdf.text).toContain(part);
      expect(pdf.text).not.toContain(GIVEN);
      expect(pdf.text).not.toContain(FAMILY);
      // No number but the code's halves, the date, the two times and the clinic's №7.
      const numbers = new Set(pdf.text.match(/\d+/g));
      expect([...numbers].sort()).toEqual(['05', '10', '14', '2026', '22', '480', '7', '913']);
    });
  }

  it('keeps every Kazakh letter, lower and upper case, through the round trip', async () => {
    const clinic = 'Емхана әғқңөұүһі ӘҒҚҢӨҰҮҺІ';
    const initials = patientInitials('Ұлжан', 'Һашимова');
    expect(initials).toBe('Ұ. Һ.');
    const pdf = await readPdf(
      await renderCodeSlip({ ...BASE, language: 'kk', clinic, patientInitials: initials }),
    );
    expect(pdf.text).toContain(clinic);
    expect(pdf.text).toContain('Пациент: Ұ. Һ.');
    expect(pdf.text).toContain('Сәйкестендіру коды');
  });

  it('keeps the code, the initials and the patient out of the metadata', async () => {
    const bytes = await renderCodeSlip({ ...BASE, language: 'ru' });
    const pdf = await readPdf(bytes);
    expect(pdf.info).toMatchObject({
      Title: 'Код идентификации',
      Producer: 'Tanu',
      Creator: 'Tanu',
      CreationDate: 'D:20261122090500Z',
    });
    const info = JSON.stringify(pdf.info);
    for (const secret of ['480913', '480 913', 'А. С.', GIVEN, FAMILY]) expect(info).not.toContain(secret);
    expect(pdf.xmp).toBeNull();
    // The info dictionary is stored uncompressed: the code must not appear in the raw file either.
    expect(bytes.toString('latin1')).not.toContain('480913');
  });

  it('prints times in the clinic’s zone, not the machine’s', async () => {
    const utc = await readPdf(await renderCodeSlip({ ...BASE, timeZone: 'UTC' }));
    expect(utc.text).toContain('Issued: 22 November 2026, 09:05');
    expect(utc.text).toContain('Valid until 09:10');
  });

  it('adds the date to the expiry when the code outlives the day', async () => {
    const issuedAt = new Date('2026-11-22T18:58:00.000Z'); // 23:58 in Almaty
    const expiresAt = new Date(issuedAt.getTime() + 5 * MINUTE);
    const pdf = await readPdf(await renderCodeSlip({ ...BASE, issuedAt, expiresAt }));
    expect(pdf.text).toContain('Issued: 22 November 2026, 23:58');
    expect(pdf.text).toContain('Valid until 23 November 2026, 00:03');
  });

  it('fits the longest clinic name in the widest letters on one page', async () => {
    const clinic = `${'Ш'.repeat(100)} ${'Щ '.repeat(49)}Ж`;
    expect(clinic).toHaveLength(200);
    const pdf = await readPdf(await renderCodeSlip({ ...BASE, clinic }));
    expect(pdf.pageCount).toBe(1);
    expect(pdf.text).toContain('480 913');
    expect(pdf.text).toContain('Give this code to the doctor.');
  });

  it('gives the same bytes for the same input, and different bytes for another code', async () => {
    const first = await renderCodeSlip(BASE);
    const second = await renderCodeSlip({ ...BASE });
    expect(first.equals(second)).toBe(true);
    const other = await renderCodeSlip({ ...BASE, code: '480914' });
    expect(first.equals(other)).toBe(false);
  });

  describe('refuses bad input with a typed error that quotes no value', () => {
    // [what, the change to a good input, the bad value (null when there is nothing to quote)]
    const cases: [string, Record<string, unknown>, string | null][] = [
      ['a five-digit code', { code: '12345' }, '12345'],
      ['a seven-digit code', { code: '1234567' }, '1234567'],
      ['a code with a letter', { code: '48091a' }, '48091a'],
      ['a code with full-width digits', { code: '４８０９１３' }, '４８０９１３'],
      ['a numeric code', { code: 480913 }, '480913'],
      ['an invalid issue date', { issuedAt: new Date(Number.NaN) }, 'Invalid Date'],
      ['an invalid expiry date', { expiresAt: new Date(Number.NaN) }, 'Invalid Date'],
      ['an ISO string for a date', { issuedAt: ISSUED.toISOString() }, ISSUED.toISOString()],
      ['an expiry before the issue', { expiresAt: new Date(ISSUED.getTime() - MINUTE) }, '14:04'],
      ['an expiry equal to the issue', { expiresAt: new Date(ISSUED.getTime()) }, '14:05'],
      ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }, 'Mars/Olympus_Mons'],
      ['a UTC offset instead of a zone', { timeZone: '+05:00' }, '+05:00'],
      ['an empty clinic', { clinic: '   ' }, '   '],
      ['a clinic over 200 characters', { clinic: 'Емхана '.repeat(30) }, 'Емхана'],
      ['a clinic on two lines', { clinic: 'Емхана\n№7' }, 'Емхана'],
      ['a full name as initials', { patientInitials: `${GIVEN} ${FAMILY}` }, GIVEN],
      ['a short name as initials', { patientInitials: 'Ivan' }, 'Ivan'],
      ['five initials', { patientInitials: 'А. Б. В. Г. Д.' }, 'А. Б. В. Г. Д.'],
      ['empty initials', { patientInitials: '' }, null],
      ['an unsupported language', { language: 'xx' }, 'xx'],
      ['a field the slip does not take', { fullName: `${GIVEN} ${FAMILY}` }, GIVEN],
      ['an IIN passed along', { iin: '900101300123' }, '900101300123'],
    ];
    for (const [what, change, value] of cases) {
      it(what, async () => {
        const error = await rejectionOf(renderCodeSlip({ ...BASE, ...change } as SlipInput));
        expect(error).toBeInstanceOf(SlipError);
        const { code, message } = error as SlipError;
        expect(code).toBe('INVALID_SLIP_INPUT');
        expect(message.length).toBeGreaterThan(0);
        for (const secret of [value ?? BASE.code, BASE.code, BASE.patientInitials, GIVEN, FAMILY]) {
          expect(message).not.toContain(secret);
        }
      });
    }

    it('a missing input', async () => {
      const error = await rejectionOf(renderCodeSlip(undefined as unknown as SlipInput));
      expect((error as SlipError).code).toBe('INVALID_SLIP_INPUT');
    });
  });
});
