/**
 * Keys from a passphrase an admin chooses, for files that leave the desk (a desk-transfer file, an
 * off-desk backup): scrypt with a random salt, its parameters stored beside it in the file. Files
 * are read back on another PC, so the parameters a file asks for are bounded before use: a crafted
 * file must not make a desk allocate gigabytes.
 */
import { scryptSync } from 'node:crypto';
import { MIN_PASSPHRASE_LENGTH } from '../../shared/passphrase.ts';
import { CryptoError } from '../../shared/crypto-errors.ts';

export interface PassphraseKdf {
  N: number;
  r: number;
  p: number;
}

/** 64 MiB and about half a second on a Celeron: every guess costs the same. */
export const PASSPHRASE_KDF: PassphraseKdf = { N: 2 ** 16, r: 8, p: 1 };

/** scrypt needs 128·N·r bytes; anything above this is refused as a crafted file. */
const MAX_KDF_MEMORY = 256 * 1024 * 1024;

/** Throws KEY_INSECURE for a passphrase too short to protect a file that leaves the desk. */
export function requireStrongPassphrase(passphrase: unknown, what: string): asserts passphrase is string {
  if (typeof passphrase !== 'string' || passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new CryptoError(
      'KEY_INSECURE',
      `The ${what} passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters.`,
    );
  }
}

/** Whether a file's stored parameters are ones this desk will spend memory and time on. */
export function isReasonableKdf({ N, r, p }: PassphraseKdf): boolean {
  const whole = [N, r, p].every((x) => Number.isInteger(x) && x > 0);
  // N a power of two (scrypt requires it), p small: p multiplies the time, not the memory.
  return whole && N > 1 && (N & (N - 1)) === 0 && p <= 4 && 128 * N * r <= MAX_KDF_MEMORY;
}

/** The 32-byte key for `passphrase` (NFC, so the same words typed on another keyboard match). */
export function passphraseKey(passphrase: string, salt: Buffer, kdf: PassphraseKdf): Buffer {
  if (!isReasonableKdf(kdf)) throw new CryptoError('KEY_INVALID', 'The file asks for an unreasonable KDF.');
  const { N, r, p } = kdf;
  return scryptSync(passphrase.normalize('NFC'), salt, 32, { N, r, p, maxmem: 128 * N * r + 1024 * 1024 });
}
