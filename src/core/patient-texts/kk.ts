/** Kazakh: everything a patient receives from the desk. */
import type { PatientTexts } from './patient-texts.ts';

export const kk: PatientTexts = {
  locale: 'kk-KZ',
  notification: (p) =>
    `${p.date}, сағат ${p.time}: сізді ${p.clinic} мекемесінде ${p.doctor} ${p.method} сәйкестендірді. ` +
    `Бұл сіз болмасаңыз, ${p.callNumber} нөміріне қоңырау шалыңыз.`,
  methods: { face: 'бет-әлпет бойынша', code: 'код бойынша' },
  codeMessage: (p) =>
    `${p.clinic}: ${p.forRepresentative ? 'сіз өкілі болып табылатын пациенттің ' : ''}сәйкестендіру коды ${p.code}. ` +
    `${p.until} дейін жарамды. Кодты тек дәрігерге айтыңыз, басқа ешкімге бермеңіз.`,
  slip: {
    heading: 'Сәйкестендіру коды',
    issued: (when) => `Берілген уақыты: ${when}`,
    // "Мерзімі аяқталады: 14:15" rather than "14:15-ке дейін": the dative ending of a time depends
    // on how the number is read aloud, and a label avoids getting it wrong.
    validUntil: (when) => `Жарамдылық мерзімі аяқталады: ${when}`,
    patient: (initials) => `Пациент: ${initials}`,
    instruction: 'Бұл кодты дәрігерге айтыңыз. Оны басқа ешкімге бермеңіз.',
  },
};
