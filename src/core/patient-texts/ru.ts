/** Russian: everything a patient receives from the desk. */
import type { PatientTexts } from './patient-texts.ts';

export const ru: PatientTexts = {
  locale: 'ru-RU',
  notification: (p) =>
    `${p.date} в ${p.time} вас идентифицировали в ${p.clinic}, врач ${p.doctor}, ${p.method}. ` +
    `Если это были не вы, позвоните по номеру ${p.callNumber}.`,
  methods: { face: 'по лицу', code: 'по коду' },
  codeMessage: (p) =>
    `${p.clinic}: код идентификации ${p.forRepresentative ? 'представляемого вами пациента ' : ''}${p.code}. ` +
    `Действует до ${p.until}. Сообщите его только врачу, никому не передавайте.`,
  slip: {
    heading: 'Код идентификации',
    issued: (when) => `Выдан: ${when}`,
    validUntil: (when) => `Действителен до ${when}`,
    patient: (initials) => `Пациент: ${initials}`,
    instruction: 'Сообщите этот код врачу. Не передавайте его никому другому.',
  },
};
