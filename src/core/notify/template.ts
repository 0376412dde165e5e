/**
 * The text a patient gets after each identified visit, in kk, ru or en. It names when, where, by
 * whom and how, and whom to call if it was not them: that is how someone discovers a visit
 * recorded in their name. It takes no IIN and no code, so neither can end up in an SMS.
 */
import { NotifyError } from '../../shared/registry-errors.ts';

export type NotifyLanguage = 'kk' | 'ru' | 'en';
export type NotifyMethod = 'face' | 'code';

export interface NotificationTextInput {
  language: NotifyLanguage;
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

const METHOD: Record<NotifyLanguage, Record<NotifyMethod, string>> = {
  kk: { face: 'бет-әлпет бойынша', code: 'код бойынша' },
  ru: { face: 'по лицу', code: 'по коду' },
  en: { face: 'by face', code: 'by code' },
};

interface Parts {
  date: string;
  time: string;
  clinic: string;
  doctor: string;
  method: string;
  callNumber: string;
}

const TEMPLATES: Record<NotifyLanguage, (p: Parts) => string> = {
  kk: (p) =>
    `${p.date}, сағат ${p.time}: сізді ${p.clinic} мекемесінде ${p.doctor} ${p.method} сәйкестендірді. ` +
    `Бұл сіз болмасаңыз, ${p.callNumber} нөміріне қоңырау шалыңыз.`,
  ru: (p) =>
    `${p.date} в ${p.time} вас идентифицировали в ${p.clinic}, врач ${p.doctor}, ${p.method}. ` +
    `Если это были не вы, позвоните по номеру ${p.callNumber}.`,
  en: (p) =>
    `On ${p.date} at ${p.time} you were identified at ${p.clinic} by ${p.doctor}, ${p.method}. ` +
    `If this was not you, call ${p.callNumber}.`,
};

const LOCALE: Record<NotifyLanguage, string> = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-GB' };

function field(name: string, value: unknown): string {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (trimmed.length === 0 || trimmed.length > MAX_FIELD) {
    // Names the field only: the value may be a doctor's name.
    throw new NotifyError('INVALID_TEMPLATE_INPUT', `The notification's ${name} is empty or too long.`);
  }
  return trimmed;
}

export function isNotifyLanguage(value: unknown): value is NotifyLanguage {
  return value === 'kk' || value === 'ru' || value === 'en';
}

export function notificationText(input: NotificationTextInput): string {
  const { language, at, method } = input;
  if (!isNotifyLanguage(language)) {
    throw new NotifyError('INVALID_TEMPLATE_INPUT', 'The notification language must be kk, ru or en.');
  }
  if (method !== 'face' && method !== 'code') {
    throw new NotifyError('INVALID_TEMPLATE_INPUT', "The method must be 'face' or 'code'.");
  }
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
    throw new NotifyError('INVALID_TEMPLATE_INPUT', 'The notification time is not a valid date.');
  }
  let date: string;
  let time: string;
  try {
    const locale = LOCALE[language];
    const timeZone = field('time zone', input.timeZone);
    date = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'long' }).format(at);
    // Always 24-hour: "14:05" reads the same in all three languages.
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
  return TEMPLATES[language]({
    date,
    time,
    clinic: field('clinic', input.clinic),
    doctor: field('doctor', input.doctor),
    method: METHOD[language][method],
    callNumber: field('call number', input.callNumber),
  });
}
