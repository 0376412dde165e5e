/**
 * The registrar's "Print a code slip" (issue 13, clinic mode online): the clinic stores the slip's
 * code as an HMAC (reception-slips.ts) and the desk draws the code on the same slip the doctor's
 * desk prints (slip-pdf.ts, initials only), with the clinic's expiry. The code exists only in the
 * returned PDF's bytes: the caller prints them and zeroes them.
 */
import { ClinicError } from '../../shared/clinic-errors.ts';
import type { Language } from '../../shared/languages.ts';
import type { Operator } from '../operators/operators.ts';
import type { Patient } from '../patients/patients.ts';
import type { DeskSettings } from '../visit/visit-desk-deps.ts';
import type { ReceptionSlip } from './reception-slips.ts';
import { renderSlipForVisit } from './slip-for-visit.ts';

export interface ReceptionSlipPrintDeps {
  /** The clinic's slips (ClinicCounts); null on a single desk. */
  slips: { issue(patientId: string, issuer: Operator): Promise<ReceptionSlip | null> } | null;
  settings: Pick<DeskSettings, 'clinic' | 'timeZone' | 'defaultLanguage'>;
  now: () => Date;
}

/** The slip's PDF and when it expires; CLINIC_UNREACHABLE on a single or offline desk (nothing issued). */
export async function printableReceptionSlip(
  deps: ReceptionSlipPrintDeps,
  patient: Patient,
  language: Language | null,
  issuer: Operator,
): Promise<{ pdf: Uint8Array; expiresAt: Date }> {
  const slip = deps.slips ? await deps.slips.issue(patient.id, issuer) : null;
  if (slip === null) {
    throw new ClinicError(
      'CLINIC_UNREACHABLE',
      "The clinic cannot be reached: no slip was issued here; the doctor's desk prints its own.",
    );
  }
  const pdf = await renderSlipForVisit({
    language: language ?? deps.settings.defaultLanguage,
    clinic: deps.settings.clinic,
    issuedAt: deps.now(),
    expiresAt: slip.expiresAt,
    timeZone: deps.settings.timeZone,
    givenNames: patient.givenNames,
    familyName: patient.familyName,
    code: slip.code,
  });
  return { pdf, expiresAt: slip.expiresAt };
}
