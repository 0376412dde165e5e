/**
 * The only trace of a code in the database: HMAC-SHA-256 under the 'code-hash' subkey over the
 * code's visit, its row's random salt and the digits. Bound to the visit, a code typed into another
 * visit never matches; salted, equal digits of two rows hash differently; keyed, a copied database
 * does not let anyone try the million candidates offline.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function codeHash(key: Buffer, visitId: string, salt: Buffer, code: string): Buffer {
  return createHmac('sha256', key)
    .update(`tanu/code/v2\u0000${visitId}\u0000${salt.toString('hex')}\u0000${code}`)
    .digest();
}

/** Constant-time: both sides are 32-byte HMACs, so the comparison never depends on the digits. */
export function codeMatches(
  key: Buffer,
  visitId: string,
  salt: Buffer,
  entered: string,
  stored: Buffer,
): boolean {
  const candidate = codeHash(key, visitId, salt, entered);
  return candidate.length === stored.length && timingSafeEqual(candidate, stored);
}
