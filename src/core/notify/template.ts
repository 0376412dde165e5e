/**
 * The text a patient gets after each identified visit, in their language (its words are in
 * src/core/patient-texts/). It names when, where, by whom and how, and whom to call if it was not
 * them: that is how someone discovers a visit recorded in their name. It takes no IIN and no code,
 * so neither can end up in an SMS.
 */
import { isLanguage, LANGUAGE_LIST_TEXT, type Language } from '../../shared/languages.ts';
import { NotifyError } from '../../shared/notify-errors.ts';
import { patientTexts } from '../patient-texts/index.ts';
import type { NotifyMethod } from '../patient-texts/patient-texts.ts';

export interface NotificationTextInput {
  language: Language;
  /** The moment of the decision; shown in the clinic's time zone, not the server's. */
  at: Date;
  /** IANA zone of the clinic, e.g. 'Asia/Almaty'. */
  timeZone: string;
  clinic: string;
  /** The doctor's display name, as the clinic shows it to patients. */
  doctor: string;
  method: NotifyMethod;
  /** The clinic's number for "this was not me", as it should be dialled. */
  callNumber: string;
}

const MAX_FIELD = 200;

function field(name: string, value: unknown): string {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (trimmed.length === 0 || trimmed.length > MAX_FIELD) {
    // Names the field only: the value may be a doctor's name.
    throw new NotifyError('INVALID_TEMPLATE_INPUT', `The notification's ${name} is empty or too long.`);
  }
  return trimmed;
}

export function notificationText(input: NotificationTextInput): string {
  const { language, at, method } = input;
  if (!isLanguage(language)) {
    throw new NotifyError(
      'INVALID_TEMPLATE_INPUT',
      `The notification language must be ${LANGUAGE_LIST_TEXT}.`,
    );
  }
  const texts = patientTexts(language);
  if (method !== 'face' && method !== 'code') {
    throw new NotifyError('INVALID_TEMPLATE_INPUT', "The method must be 'face' or 'code'.");
  }
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
    throw new NotifyError('INVALID_TEMPLATE_INPUT', 'The notification time is not a valid date.');
  }
  let date: string;
  let time: string;
  try {
    const { locale } = texts;
    const timeZone = field('time zone', input.timeZone);
    date = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'long' }).format(at);
    // Always 24-hour: "14:05" reads the same in every language.
    time = new Intl.DateTimeFormat(locale, {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(at);
  } catch (error) {
    if (error instanceof NotifyError) throw error;
    throw new NotifyError('INVALID_TEMPLATE_INPUT', 'The time zone is not a known IANA zone.');
  }
  return texts.notification({
    date,
    time,
    clinic: field('clinic', input.clinic),
    doctor: field('doctor', input.doctor),
    method: texts.methods[method],
    callNumber: field('call number', input.callNumber),
  });
}
