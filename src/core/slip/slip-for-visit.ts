/**
 * The visit desk's slip request as a slip: the patient's names become initials here, so nothing
 * more of the patient than the initials ever reaches the PDF.
 */
import type { SlipRequest } from '../visit/visit-desk-deps.ts';
import { patientInitials } from './patient-initials.ts';
import { renderCodeSlip } from './slip-pdf.ts';

export function renderSlipForVisit(r: SlipRequest): Promise<Buffer> {
  return renderCodeSlip({
    language: r.language,
    clinic: r.clinic,
    issuedAt: r.issuedAt,
    expiresAt: r.expiresAt,
    timeZone: r.timeZone,
    patientInitials: patientInitials(r.givenNames, r.familyName),
    code: r.code,
  });
}
