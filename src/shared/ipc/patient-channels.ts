/** Finding the patient in the chair (by IIN or by name), registering one, their language. */
import { z } from 'zod';
import { isoTime, language, patientSummary, uuid } from './common-schemas.ts';
import { defineChannel, type IpcContract } from './contract-kit.ts';

export const PATIENT_CHANNELS = {
  'patient:findByIin': defineChannel({
    request: z.strictObject({ iin: z.string().max(20) }),
    response: z.array(patientSummary).max(1),
  }),
  'patient:findByName': defineChannel({
    request: z.strictObject({
      familyName: z.string().min(1).max(200),
      givenNames: z.string().max(200).optional(),
      birthDate: z.string().max(10).optional(),
    }),
    response: z.array(patientSummary).max(50),
  }),
  'patient:register': defineChannel({
    request: z.strictObject({
      iin: z.string().max(20),
      familyName: z.string().max(200),
      givenNames: z.string().max(200),
      birthDate: z.string().max(10),
      /** E.164, or "none" when the patient has no phone. */
      phone: z.string().max(20),
      legallyIncapacitated: z.boolean(),
    }),
    response: patientSummary,
  }),
  /** Links a parent or legal representative (a registered patient) with the proof document. */
  'patient:linkRepresentative': defineChannel({
    request: z.strictObject({
      patientId: uuid,
      representativeId: uuid,
      relation: z.enum(['parent', 'guardian', 'trustee', 'legal_representative']),
      proof: z.strictObject({
        kind: z.enum(['birth_certificate', 'guardianship_decision', 'court_decision', 'power_of_attorney']),
        reference: z.string().max(100),
      }),
    }),
    response: z.null(),
  }),
  'patient:unlinkRepresentative': defineChannel({
    request: z.strictObject({ patientId: uuid, representativeId: uuid }),
    response: z.null(),
  }),
  /** Who may act for this patient: names and relation only (no phone, no IIN). */
  'patient:representatives': defineChannel({
    request: z.strictObject({ patientId: uuid }),
    response: z.array(
      z.strictObject({
        representativeId: uuid,
        familyName: z.string(),
        givenNames: z.string(),
        relation: z.enum(['parent', 'guardian', 'trustee', 'legal_representative']),
        hasPhone: z.boolean(),
      }),
    ),
  }),
  /** Consent to face identification withdrawn: the template is deleted and erased from the file. */
  'patient:withdrawConsent': defineChannel({
    request: z.strictObject({ patientId: uuid }),
    response: z.strictObject({ deleted: z.int().min(0), erased: z.boolean() }),
  }),
  /**
   * At reception (a registrar, clinic mode online): prints a code slip for the patient, issued at
   * the clinic and redeemed once at a doctor's desk. The code is only on the paper, never in the
   * answer; CLINIC_UNREACHABLE when the clinic cannot be reached (nothing issued).
   */
  'patient:printCodeSlip': defineChannel({
    request: z.strictObject({ patientId: uuid }),
    response: z.strictObject({ printed: z.literal(true), expiresAt: isoTime }),
  }),
  /** Remembers the language the patient chose on the consent screen. */
  'patient:setLanguage': defineChannel({
    request: z.strictObject({ patientId: uuid, language }),
    response: z.null(),
  }),
} as const satisfies IpcContract;
