/**
 * The limits of a six-digit code, in one place: the code service enforces them, and the visit's
 * code screens are timed and counted from them (src/core/visit/config.ts), so the screen never
 * offers a code the service has already expired or tries it has already used up.
 */

/** A code is valid for 5 minutes after it is issued. */
export const CODE_TTL_MS = 5 * 60 * 1000;
/** The fifth wrong entry locks the code. */
export const MAX_WRONG_TRIES = 5;
/** A patient gets at most 3 codes an hour: codes issued in the last CODE_LIMIT_WINDOW_MS count. */
export const MAX_CODES_PER_HOUR = 3;
export const CODE_LIMIT_WINDOW_MS = 60 * 60 * 1000;
