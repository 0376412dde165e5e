/**
 * The clinic's other desks, as the visit's limits see them. A patient refused at one desk must not
 * start over at the next: in clinic mode the face-path lock and the code rate limit add what the
 * other desks recorded (api.patient_limits) to this desk's own rows. When the clinic cannot say in
 * time (the desk is offline, or the clinic is slower than a patient should wait), this desk's rows
 * decide alone, as on a single desk, and the answer says so: the audit rows of the decision carry
 * its scope.
 */
import type { LimitScope } from '../audit/events.ts';
import type { PatientLimits } from '../clinic/protocol.ts';

export type OtherDesksAnswer =
  { scope: Extract<LimitScope, 'clinic'>; counts: PatientLimits } | { scope: Extract<LimitScope, 'desk'> };

export interface OtherDesks {
  /**
   * The other desks' face failures and codes for the patient after `since`. Never throws and
   * never waits long: anything short of a timely answer is `{ scope: 'desk' }`.
   */
  counts(patientId: string, since: Date): Promise<OtherDesksAnswer>;
}

/** The desk's own rows decide: the answer when the clinic cannot give one. */
export const DESK_ONLY: OtherDesksAnswer = { scope: 'desk' };
