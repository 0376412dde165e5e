/**
 * What a code slip may carry, checked before anything is drawn. The schema is strict: a field the
 * slip does not take (a full name, an IIN, a phone) is refused rather than ignored, so "nothing
 * else about the patient" holds even when a caller passes a whole patient record by mistake.
 */
import { z } from 'zod';
import { LANGUAGE_LIST_TEXT, LANGUAGES, type Language } from '../../shared/languages.ts';
import { SlipError } from '../../shared/slip-errors.ts';

export interface SlipInput {
  language: Language;
  /** The clinic's name as patients know it. */
  clinic: string;
  issuedAt: Date;
  expiresAt: Date;
  /** IANA zone of the clinic, e.g. 'Asia/Almaty': times are printed in it, not in the machine's zone. */
  timeZone: string;
  /** E.g. "А. С."; see patientInitials() to derive them from the names. */
  patientInitials: string;
  /** The six-digit identification code. */
  code: string;
}

export const MAX_CLINIC_LENGTH = 200;

const CODE_PATTERN = /^[0-9]{6}$/;

/**
 * One to four capital (or uncased, e.g. CJK) letters, each optionally followed by a dot and a
 * space or hyphen: "А. С.", "А.С.", "АС", "Ж.-П.". A lowercase letter is refused, so a word such as
 * "Ivan" or "Айгерим Сәрсенбаева" cannot pass for initials. Four capitals ("ИВАН") still pass:
 * a name typed in capitals is indistinguishable from four initials.
 */
const INITIALS_PATTERN = /^(?:[\p{Lu}\p{Lt}\p{Lo}]\.?[ -]?){1,4}$/u;

/** Control characters (a newline, a tab) would break the one-line layout of the clinic's name. */
const CONTROL_CHARACTER = /\p{Cc}/u;

/** Offsets such as '+05:00' are valid for Intl but are not a clinic's zone: they ignore law changes. */
function isIanaTimeZone(zone: string): boolean {
  if (!/^[A-Za-z]/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const slipInputSchema = z
  .strictObject({
    language: z.enum(LANGUAGES),
    clinic: z
      .string()
      .trim()
      .min(1)
      .max(MAX_CLINIC_LENGTH)
      .refine((clinic) => !CONTROL_CHARACTER.test(clinic)),
    issuedAt: z.date(),
    expiresAt: z.date(),
    timeZone: z.string().refine(isIanaTimeZone),
    patientInitials: z.string().trim().regex(INITIALS_PATTERN),
    code: z.string().regex(CODE_PATTERN),
  })
  .refine((input) => input.expiresAt.getTime() > input.issuedAt.getTime(), { path: ['expiresAt'] });

/**
 * One fixed sentence per field. Zod's own messages are never passed on: some quote the pattern or
 * the keys, and a future one might quote the value, which may be the code or the initials.
 */
const FIELD_PROBLEM: Record<keyof SlipInput, string> = {
  language: `The slip language must be ${LANGUAGE_LIST_TEXT}.`,
  clinic: `The clinic name must be 1 to ${MAX_CLINIC_LENGTH} characters on one line.`,
  issuedAt: 'The issue time is not a valid date.',
  expiresAt: 'The expiry time must be a valid date after the issue time.',
  timeZone: 'The time zone is not a known IANA zone.',
  patientInitials: 'The patient initials must be 1 to 4 capital letters, optionally with dots.',
  code: 'The code must be exactly six digits.',
};

function problemOf(field: PropertyKey | undefined): string {
  if (typeof field === 'string' && Object.hasOwn(FIELD_PROBLEM, field)) {
    return FIELD_PROBLEM[field as keyof SlipInput];
  }
  return 'The slip input is not an object with exactly the slip fields.';
}

/** The input with the clinic and initials trimmed, or a SlipError naming the first bad field. */
export function parseSlipInput(input: unknown): SlipInput {
  const parsed = slipInputSchema.safeParse(input);
  if (!parsed.success) {
    throw new SlipError('INVALID_SLIP_INPUT', problemOf(parsed.error.issues[0]?.path[0]));
  }
  return parsed.data;
}
