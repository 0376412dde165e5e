import type { Messages } from '../messages.ts';

export const kk: Messages = {
  title: 'Tanu — пациентті сәйкестендіру',
  description: 'Дәрігер үстелінде пациенттің жеке басын растайды. Бет суреттері осы компьютерден шықпайды.',
  languageSwitch: 'Тіл',
  version: 'Нұсқа {{version}}',
};
