import type { Messages } from '../messages.ts';

export const ru: Messages = {
  title: 'Tanu — идентификация пациента',
  description: 'Подтверждает личность пациента у стола врача. Изображения лица не покидают этот компьютер.',
  languageSwitch: 'Язык',
  version: 'Версия {{version}}',
};
