/**
 * A patient's phone, for one-time codes: a mobile number in E.164, or an explicit "no phone".
 * Explicit, because a forgotten field must not silently become "this patient cannot receive a
 * code". A number that is well formed but cannot take an SMS (a landline, an unallocated range
 * such as +70000000000) is refused too: a code sent there reaches nobody. libphonenumber-js with
 * its full metadata decides (Kazakhstan and Russia share +7; the ranges tell them apart).
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { RegistryError } from '../../shared/registry-errors.ts';

export const NO_PHONE = 'none';
export type Phone = string; // E.164, or NO_PHONE

/** The form the records keep: "+", a country code not starting with 0, at most 15 digits. */
const E164 = /^\+[1-9][0-9]{7,14}$/;

/** Types a code can be sent to; FIXED_LINE_OR_MOBILE is what the metadata says where ranges overlap. */
const TEXTABLE = new Set(['MOBILE', 'FIXED_LINE_OR_MOBILE']);

function refuse(why: string): never {
  throw new RegistryError(
    'INVALID_PHONE',
    `${why} Enter a mobile number like +77011234567, or "${NO_PHONE}".`,
  );
}

export function validatePhone(value: unknown): Phone {
  if (value === NO_PHONE) return NO_PHONE;
  if (typeof value !== 'string' || !E164.test(value)) {
    refuse('The phone must be an international number, digits only after "+".');
  }
  const parsed = parsePhoneNumberFromString(value);
  if (parsed === undefined || !parsed.isValid()) refuse('This number does not exist in any numbering plan.');
  if (!TEXTABLE.has(parsed.getType() ?? ''))
    refuse('This is not a mobile number, so a code cannot reach it.');
  return parsed.number;
}
