/**
 * Which way the code goes, decided from the patient's facts and the clinic's slip policy, never by
 * the operator: letting the desk pick a channel would let it route the code to itself.
 */
import type { CodeChannel, PatientFacts } from './types.ts';

/** null: no channel can reach this patient (no phone, no representative, slip not allowed). */
export function chooseCodeChannel(patient: PatientFacts, slipAllowed: boolean): CodeChannel | null {
  if (patient.needsRepresentative) {
    if (patient.hasRepresentative) return 'representative';
    // A minor or incapacitated patient's own phone is not trusted; only the desk slip is left.
    return slipAllowed ? 'slip' : null;
  }
  if (patient.hasPhone) return 'patient';
  return slipAllowed ? 'slip' : null;
}
