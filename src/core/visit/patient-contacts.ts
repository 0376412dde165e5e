/**
 * Where a patient's messages go: their own phone, or for a patient who has none (or who may not
 * receive a code themselves), the first linked representative with a phone, oldest link first.
 */
import { NO_PHONE } from '../patients/phone.ts';
import type { Patient, PatientRegistry } from '../patients/patients.ts';
import type { Representatives } from '../patients/representatives.ts';

export class PatientContacts {
  readonly #patients: PatientRegistry;
  readonly #representatives: Representatives;

  constructor(patients: PatientRegistry, representatives: Representatives) {
    this.#patients = patients;
    this.#representatives = representatives;
  }

  representativePhone(patient: Patient): string | null {
    for (const link of this.#representatives.of(patient.id)) {
      const rep = this.#patients.get(link.representativeId);
      if (rep.phone !== NO_PHONE) return rep.phone;
    }
    return null;
  }

  /** For a visit notification: the patient's phone, else a representative's, else none. */
  notificationPhone(patient: Patient): string | null {
    return patient.phone !== NO_PHONE ? patient.phone : this.representativePhone(patient);
  }
}
