/**
 * The only trace of a code in the database: HMAC-SHA-256 under the 'code-hash' subkey, bound to the
 * code's HOTP counter (so equal codes of two rows hash differently). Without the key, a copied
 * database does not let anyone try the million candidates offline.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function codeHash(key: Buffer, counter: number, code: string): Buffer {
  return createHmac('sha256', key).update(`tanu/code/v1\u0000${counter}\u0000${code}`).digest();
}

/** Constant-time: both sides are 32-byte HMACs, so the comparison never depends on the digits. */
export function codeMatches(key: Buffer, counter: number, entered: string, stored: Buffer): boolean {
  const candidate = codeHash(key, counter, entered);
  return candidate.length === stored.length && timingSafeEqual(candidate, stored);
}
