/**
 * A six-digit code from a secret of its own: RFC 4226 HOTP (HMAC-SHA-1) through otplib 13's
 * functional API, on a fresh random 20-byte secret at counter 0, the secret wiped once the code
 * is made. Nothing the desk keeps (no install secret, no counter in the database) determines the
 * next code, so a restored backup, a copied database or a run of earlier slips predicts nothing.
 * otplib reads a string secret as Base32, so the raw bytes go in as a Uint8Array; the RFC's
 * Appendix D vectors go through hotpCode, the same function.
 */
import { randomBytes } from 'node:crypto';
import { generateSync } from 'otplib';

export const CODE_DIGITS = 6;
/** RFC 4226 recommends a 160-bit shared secret. */
const SECRET_BYTES = 20;

export function hotpCode(secret: Uint8Array, counter: number): string {
  if (!Number.isSafeInteger(counter) || counter < 0) {
    throw new RangeError('The HOTP counter must be a non-negative safe integer.');
  }
  return generateSync({ strategy: 'hotp', secret, counter, digits: CODE_DIGITS, algorithm: 'sha1' });
}

/** A code from a secret made for it alone and wiped at once. */
export function freshCode(): string {
  const secret = randomBytes(SECRET_BYTES);
  try {
    return hotpCode(secret, 0);
  } finally {
    secret.fill(0);
  }
}
