/**
 * Operator secrets hashed with scrypt (node:crypto, no native addon). The stored string carries
 * its parameters, "scrypt$N$r$p$salt$hash" (base64), so the cost can be raised later without
 * breaking existing accounts. N = 2^15, r = 8 costs about 32 MB and 50–150 ms on a desk PC: slow
 * for someone with a stolen database, unnoticeable at a login.
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };
const KEY_BYTES = 32;

function derive(secret: string, salt: Buffer, { N, r, p }: ScryptParams): Buffer {
  // maxmem above the 128·N·r the parameters need (Node's default cap is 32 MB).
  return scryptSync(secret.normalize('NFC'), salt, KEY_BYTES, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 });
}

export function hashSecret(secret: string, params: ScryptParams = DEFAULT_SCRYPT): string {
  const salt = randomBytes(16);
  const hash = derive(secret, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** Constant-time comparison; false (never a throw) for a malformed stored value. */
export function verifySecret(secret: string, stored: string): boolean {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((x) => Number.isInteger(x) && x > 0) || N > 2 ** 20 || r > 32 || p > 16) return false;
  const salt = Buffer.from(parts[4] as string, 'base64');
  const expected = Buffer.from(parts[5] as string, 'base64');
  if (expected.length !== KEY_BYTES) return false;
  return timingSafeEqual(derive(secret, salt, { N, r, p }), expected);
}

let dummy: string | undefined;

/** A stored hash to verify against when the login does not exist, so that reply takes as long. */
export function dummySecretHash(): string {
  dummy ??= hashSecret('no such operator');
  return dummy;
}
