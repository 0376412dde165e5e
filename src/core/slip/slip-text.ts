/**
 * Every line printed on a code slip, in kk, ru or en. This is the whole content of the page: the PDF
 * layout draws these lines and nothing else, so what is here is all a dropped slip gives away.
 */
import type { SlipInput, SlipLanguage } from './slip-input.ts';

export interface SlipLines {
  clinic: string;
  heading: string;
  /** "123 456": two groups of three are easier to read out and type than six digits in a row. */
  code: string;
  issued: string;
  validUntil: string;
  patient: string;
  instruction: string;
}

interface Wording {
  heading: string;
  issued: (when: string) => string;
  validUntil: (when: string) => string;
  patient: (initials: string) => string;
  instruction: string;
}

const WORDING: Record<SlipLanguage, Wording> = {
  kk: {
    heading: 'Сәйкестендіру коды',
    issued: (when) => `Берілген уақыты: ${when}`,
    // "Мерзімі аяқталады: 14:15" rather than "14:15-ке дейін": the dative ending of a time depends
    // on how the number is read aloud, and a label avoids getting it wrong.
    validUntil: (when) => `Жарамдылық мерзімі аяқталады: ${when}`,
    patient: (initials) => `Пациент: ${initials}`,
    instruction: 'Бұл кодты дәрігерге айтыңыз. Оны басқа ешкімге бермеңіз.',
  },
  ru: {
    heading: 'Код идентификации',
    issued: (when) => `Выдан: ${when}`,
    validUntil: (when) => `Действителен до ${when}`,
    patient: (initials) => `Пациент: ${initials}`,
    instruction: 'Сообщите этот код врачу. Не передавайте его никому другому.',
  },
  en: {
    heading: 'Identification code',
    issued: (when) => `Issued: ${when}`,
    validUntil: (when) => `Valid until ${when}`,
    patient: (initials) => `Patient: ${initials}`,
    instruction: 'Give this code to the doctor. Do not share it with anyone else.',
  },
};

const LOCALE: Record<SlipLanguage, string> = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-GB' };

export function slipHeading(language: SlipLanguage): string {
  return WORDING[language].heading;
}

/** The lines of a slip whose input has already passed parseSlipInput(). */
export function slipLines(input: SlipInput): SlipLines {
  const { language, timeZone } = input;
  const wording = WORDING[language];
  const locale = LOCALE[language];
  const date = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'long' });
  // Always 24-hour: "14:05" reads the same in all three languages.
  const time = new Intl.DateTimeFormat(locale, {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const issuedDate = date.format(input.issuedAt);
  const expiryDate = date.format(input.expiresAt);
  const expiryTime = time.format(input.expiresAt);
  return {
    clinic: input.clinic,
    heading: wording.heading,
    code: `${input.code.slice(0, 3)} ${input.code.slice(3)}`,
    issued: wording.issued(`${issuedDate}, ${time.format(input.issuedAt)}`),
    // The time alone is enough for a code that lasts minutes; past midnight the date is needed too.
    validUntil: wording.validUntil(expiryDate === issuedDate ? expiryTime : `${expiryDate}, ${expiryTime}`),
    patient: wording.patient(input.patientInitials),
    instruction: wording.instruction,
  };
}
