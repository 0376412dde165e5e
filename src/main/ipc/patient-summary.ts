/**
 * A patient as the desk may see them: enough to confirm the right record (names, date of birth,
 * a masked IIN) and to know which identification paths exist. Never the full IIN or the phone.
 */
import type { KioskServices } from '../../core/kiosk/kiosk-services.ts';
import { ageOn } from '../../core/patients/age.ts';
import type { Patient } from '../../core/patients/patients.ts';
import { NO_PHONE } from '../../core/patients/phone.ts';

/** "880412•••••3": the date part tells records apart at the desk; the middle stays hidden. */
export function maskIin(iin: string): string {
  return `${iin.slice(0, 6)}${'•'.repeat(Math.max(0, iin.length - 7))}${iin.slice(-1)}`;
}

export function patientSummary(services: KioskServices, patient: Patient) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: services.config.clinic.timeZone }).format(
    services.clock.now(),
  );
  return {
    id: patient.id,
    familyName: patient.familyName,
    givenNames: patient.givenNames,
    birthDate: patient.birthDate,
    iinMasked: maskIin(patient.iin),
    age: Math.max(0, ageOn(patient.birthDate, today)),
    minorUnder14: patient.minorUnder14,
    legallyIncapacitated: patient.legallyIncapacitated,
    birthDateDisagreesWithIin: patient.birthDateDisagreesWithIin,
    hasPhone: patient.phone !== NO_PHONE,
    hasRepresentative: services.representatives.of(patient.id).length > 0,
    hasTemplate: services.templates.has(patient.id),
    faceConsent: faceConsentOf(services, patient.id),
    language: services.languages.of(patient.id),
  };
}

function faceConsentOf(services: KioskServices, patientId: string): 'given' | 'refused' | 'withdrawn' | null {
  const c = services.consents.current(patientId);
  if (c === null) return null;
  return c.withdrawnAt !== null ? 'withdrawn' : c.decision;
}

/** "Сейтқалиева Ә. Н.": the visit history shows no more than this. */
export function shortName(patient: Pick<Patient, 'familyName' | 'givenNames'>): string {
  const initials = patient.givenNames
    .split(/\s+/)
    .filter(Boolean)
    .map((n) => `${n.charAt(0)}.`)
    .join(' ');
  return `${patient.familyName} ${initials}`.trim();
}
