/**
 * The registrar's part: a patient registered from their document, and, when they agree to the
 * photo, enrolled from webcam-like captures of their photos through the desk's real engine and
 * its 1:N duplicate check (which covers every template the desk has pulled from the clinic).
 */
import { RegistryError } from '../../src/shared/registry-errors.ts';
import type { Actor } from '../../src/core/audit/actor.ts';
import type { KioskServices } from '../../src/core/kiosk/kiosk-services.ts';
import type { NewPatient } from '../../src/core/patients/patients.ts';
import { captureFrame, type Capture } from './simulated-camera.ts';

export type Enrolled =
  | { outcome: 'enrolled' | 'blocked_duplicate'; patientId: string }
  /** Too few captures passed the quality gate: the patient is registered without a template. */
  | { outcome: 'not_enrolled'; patientId: string; reason: string }
  /** The patient refused the photo: registered only. */
  | { outcome: 'registered'; patientId: string };

export async function enrol(
  s: KioskServices,
  actor: Actor,
  person: { patient: NewPatient; captures: Capture[] | null },
): Promise<Enrolled> {
  const patient = s.patients.register(person.patient, actor);
  if (person.captures === null) return { outcome: 'registered', patientId: patient.id };
  const capture = s.captures.start(patient.id, patient.id, actor);
  for (const c of person.captures) await s.captures.addFrame(capture, await captureFrame(c), actor);
  try {
    const result = s.captures.finish(capture, actor);
    return { outcome: result.outcome, patientId: patient.id };
  } catch (error) {
    if (!(error instanceof RegistryError && error.code === 'INVALID_ENROLMENT')) throw error;
    return { outcome: 'not_enrolled', patientId: patient.id, reason: error.message };
  }
}
