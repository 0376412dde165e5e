/** English: everything a patient receives from the desk. */
import type { PatientTexts } from './patient-texts.ts';

export const en: PatientTexts = {
  locale: 'en-GB',
  notification: (p) =>
    `On ${p.date} at ${p.time} you were identified at ${p.clinic} by ${p.doctor}, ${p.method}. ` +
    `If this was not you, call ${p.callNumber}.`,
  methods: { face: 'by face', code: 'by code' },
  codeMessage: (p) =>
    `${p.clinic}: the identification code ${p.forRepresentative ? 'for the patient you represent ' : ''}is ${p.code}. ` +
    `Valid until ${p.until}. Tell it only to the doctor; do not share it with anyone.`,
  slip: {
    heading: 'Identification code',
    issued: (when) => `Issued: ${when}`,
    validUntil: (when) => `Valid until ${when}`,
    patient: (initials) => `Patient: ${initials}`,
    instruction: 'Give this code to the doctor. Do not share it with anyone else.',
  },
};
