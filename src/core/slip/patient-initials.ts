/**
 * The only trace of the patient's identity on a code slip: the first letter of the given name and of
 * the family name, "Айгерим Сәрсенбаева" → "А. С.". Enough for the patient to tell their slip from a
 * neighbour's at the desk, too little to name them if the slip is dropped.
 */
import { SlipError } from '../../shared/slip-errors.ts';

const MAX_NAME_LENGTH = 200;

function initialOf(name: unknown, field: string): string {
  // NFC first: a name typed as "И" + combining breve must give "Й", not "И".
  const normalised = typeof name === 'string' ? name.normalize('NFC').trim() : '';
  const letter = normalised.length <= MAX_NAME_LENGTH ? /\p{L}/u.exec(normalised)?.[0] : undefined;
  if (letter === undefined) {
    // Names the field only: the value is a name.
    throw new SlipError('INVALID_SLIP_INPUT', `The patient's ${field} has no letter or is too long.`);
  }
  return `${letter.toUpperCase()}.`;
}

/** "А. С." from the given and family names; a SlipError if either has no letter. */
export function patientInitials(given: string, family: string): string {
  return `${initialOf(given, 'given name')} ${initialOf(family, 'family name')}`;
}
