/**
 * The message that carries a six-digit code to the patient (or their representative). It says
 * which clinic asks, until when the code is valid, and not to pass it on: a code read out to a
 * caller is how a fake visit would be confirmed. The code goes only into this text, which the
 * delivery adapters never log. Its words, per language, are in src/core/patient-texts/.
 */
import { isLanguage, LANGUAGE_LIST_TEXT, type Language } from '../../shared/languages.ts';
import { NotifyError } from '../../shared/notify-errors.ts';
import { patientTexts } from '../patient-texts/index.ts';

export interface CodeTextInput {
  language: Language;
  code: string;
  clinic: string;
  expiresAt: Date;
  timeZone: string;
  /** Set when the code goes to a representative: the text then says whose visit it is for. */
  forRepresentative: boolean;
}

export function codeText(input: CodeTextInput): string {
  if (!/^[0-9]{6}$/.test(input.code))
    throw new NotifyError('INVALID_TEMPLATE_INPUT', 'The code is not six digits.');
  const clinic = input.clinic.trim();
  if (clinic.length === 0 || clinic.length > 200) {
    throw new NotifyError('INVALID_TEMPLATE_INPUT', "The code text's clinic is empty or too long.");
  }
  let until: string;
  try {
    until = new Intl.DateTimeFormat('en-GB', {
      timeZone: input.timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(input.expiresAt);
  } catch {
    throw new NotifyError('INVALID_TEMPLATE_INPUT', 'The time zone is not a known IANA zone.');
  }
  if (!isLanguage(input.language)) {
    throw new NotifyError('INVALID_TEMPLATE_INPUT', `The language must be ${LANGUAGE_LIST_TEXT}.`);
  }
  return patientTexts(input.language).codeMessage({
    code: input.code,
    clinic,
    until,
    forRepresentative: input.forRepresentative,
  });
}
