import type { Messages } from '../messages.ts';

export const en: Messages = {
  title: 'Tanu — patient identification',
  description: "Confirms the patient's identity at the doctor's desk. Face images never leave this computer.",
  languageSwitch: 'Language',
  version: 'Version {{version}}',
};
