/**
 * A patient's phone, for one-time codes: an E.164 number, or an explicit "no phone". Explicit,
 * because a forgotten field must not silently become "this patient cannot receive a code".
 */
import { RegistryError } from '../../shared/registry-errors.ts';

export const NO_PHONE = 'none';
export type Phone = string; // E.164, or NO_PHONE

/** E.164: "+", a country code not starting with 0, at most 15 digits in all (8 at least in practice). */
const E164 = /^\+[1-9][0-9]{7,14}$/;

export function validatePhone(value: unknown): Phone {
  if (value === NO_PHONE) return NO_PHONE;
  if (typeof value !== 'string' || !E164.test(value)) {
    throw new RegistryError(
      'INVALID_PHONE',
      `The phone must be an international number like +77011234567 (digits only after "+"), or "${NO_PHONE}" when the patient has none.`,
    );
  }
  return value;
}
