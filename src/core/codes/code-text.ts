/**
 * The message that carries a six-digit code to the patient (or their representative). It says
 * which clinic asks, until when the code is valid, and not to pass it on: a code read out to a
 * caller is how a fake visit would be confirmed. The code goes only into this text, which the
 * delivery adapters never log.
 */
import { NotifyError } from '../../shared/registry-errors.ts';
import type { NotifyLanguage } from '../notify/template.ts';

export interface CodeTextInput {
  language: NotifyLanguage;
  code: string;
  clinic: string;
  expiresAt: Date;
  timeZone: string;
  /** Set when the code goes to a representative: the text then says whose visit it is for. */
  forRepresentative: boolean;
}

const TEXT: Record<
  NotifyLanguage,
  (p: { code: string; clinic: string; until: string; rep: boolean }) => string
> = {
  kk: (p) =>
    `${p.clinic}: ${p.rep ? 'сіз өкілі болып табылатын пациенттің ' : ''}сәйкестендіру коды ${p.code}. ` +
    `${p.until} дейін жарамды. Кодты тек дәрігерге айтыңыз, басқа ешкімге бермеңіз.`,
  ru: (p) =>
    `${p.clinic}: код идентификации ${p.rep ? 'представляемого вами пациента ' : ''}${p.code}. ` +
    `Действует до ${p.until}. Сообщите его только врачу, никому не передавайте.`,
  en: (p) =>
    `${p.clinic}: the identification code ${p.rep ? 'for the patient you represent ' : ''}is ${p.code}. ` +
    `Valid until ${p.until}. Tell it only to the doctor; do not share it with anyone.`,
};

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
  const text = TEXT[input.language];
  if (text === undefined)
    throw new NotifyError('INVALID_TEMPLATE_INPUT', 'The language must be kk, ru or en.');
  return text({ code: input.code, clinic, until, rep: input.forRepresentative });
}
