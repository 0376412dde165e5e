/** Errors of the data key and the encryption under it. A message never holds key material. */
import { TanuError } from './errors.ts';

export const CRYPTO_ERROR_CODES = [
  /** The key file (or the OS key store) has no key and creating one was not allowed. */
  'KEY_MISSING',
  /** The key is not 32 bytes. */
  'KEY_INVALID',
  /** The key file is readable by other users: refuse rather than use a key others may have copied. */
  'KEY_INSECURE',
  /** The OS key store is unavailable or would store the key in plain text: fail closed. */
  'KEY_UNAVAILABLE',
  /** Authentication failed: wrong key, wrong associated data, or altered ciphertext. */
  'DECRYPT_FAILED',
  /** The data key opens, but it is not the key this desk's records were written with. */
  'KEY_WRONG',
] as const;
export type CryptoErrorCode = (typeof CRYPTO_ERROR_CODES)[number];

export class CryptoError extends TanuError<CryptoErrorCode> {
  override readonly name = 'CryptoError';
}
