/**
 * RFC 4226 HOTP, six digits, HMAC-SHA-1, through otplib 13's functional API. otplib reads a string
 * secret as Base32, so the raw key bytes go in as a Uint8Array; the counter is ours (stored in
 * SQLite), passed in explicitly. The RFC's Appendix D vectors go through this same function.
 */
import { generateSync } from 'otplib';

export const CODE_DIGITS = 6;

export function hotpCode(secret: Uint8Array, counter: number): string {
  if (!Number.isSafeInteger(counter) || counter < 0) {
    throw new RangeError('The HOTP counter must be a non-negative safe integer.');
  }
  return generateSync({ strategy: 'hotp', secret, counter, digits: CODE_DIGITS, algorithm: 'sha1' });
}
