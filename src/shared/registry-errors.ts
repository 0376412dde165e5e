/**
 * Errors of the patient registry, enrolment and operator accounts. A message names the problem
 * (which field, which check), never an IIN, a name or key material.
 */
import { TanuError } from './errors.ts';

export const REGISTRY_ERROR_CODES = [
  'IIN_LENGTH',
  'IIN_NOT_DIGITS',
  'IIN_CENTURY_DIGIT',
  'IIN_BAD_DATE',
  'IIN_CHECK_DIGIT',
  'IIN_ALREADY_REGISTERED',
  /** A stored IIN does not open for its row (copied between rows, altered, or another key). */
  'IIN_UNREADABLE',
  'INVALID_NAME',
  'INVALID_BIRTH_DATE',
  'INVALID_PHONE',
  'INVALID_PATIENT',
  'PATIENT_NOT_FOUND',
  'INVALID_REPRESENTATIVE',
  'TEMPLATE_NOT_FOUND',
  /** The template's ciphertext does not open for this patient and model (copied, altered, wrong key). */
  'TEMPLATE_UNREADABLE',
  'INVALID_DECISION',
  'CONSENT_REQUIRED',
  'INVALID_CONSENT',
  'INVALID_ENROLMENT',
  'INVALID_OPERATOR',
  'OPERATOR_EXISTS',
  'AUTHENTICATION_FAILED',
  'OPERATOR_LOCKED',
  /** Too many unknown logins at this desk: sign-in pauses for a while (sign-in-throttle.ts). */
  'SIGN_IN_THROTTLED',
  'NOT_AUTHORISED',
  /** The operator has seen as many patient records as the look-up limit allows for now (patient-lookups.ts). */
  'LOOKUP_RATE_LIMITED',
] as const;
export type RegistryErrorCode = (typeof REGISTRY_ERROR_CODES)[number];

export class RegistryError extends TanuError<RegistryErrorCode> {
  override readonly name = 'RegistryError';
}
