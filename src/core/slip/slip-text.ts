/**
 * Every line printed on a code slip, in the patient's language (its words are in
 * src/core/patient-texts/). This is the whole content of the page: the PDF layout draws these lines
 * and nothing else, so what is here is all a dropped slip gives away.
 */
import type { Language } from '../../shared/languages.ts';
import { patientTexts } from '../patient-texts/index.ts';
import type { SlipInput } from './slip-input.ts';

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

export function slipHeading(language: Language): string {
  return patientTexts(language).slip.heading;
}

/** The lines of a slip whose input has already passed parseSlipInput(). */
export function slipLines(input: SlipInput): SlipLines {
  const { language, timeZone } = input;
  const { slip: wording, locale } = patientTexts(language);
  const date = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'long' });
  // Always 24-hour: "14:05" reads the same in every language.
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
