/**
 * AES-256-GCM with a random 96-bit IV and associated data. Sealed layout:
 * version (1 byte) ‖ IV (12) ‖ tag (16) ‖ ciphertext. The version byte leaves room for a future
 * algorithm or key rotation without guessing at old rows.
 */
import { createCipheriv, createDecipheriv, randomFillSync } from 'node:crypto';
import { CryptoError } from '../../shared/crypto-errors.ts';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;

/**
 * IVs come from a pool of random bytes filled 4 KB at a time: one call into the CSPRNG per 341
 * seals instead of one per seal (a desk taking a clinic's registry seals two rows per patient, and
 * a call cost about as much as the AES itself). Each IV is copied out and its bytes in the pool
 * are never handed out again: the pool is refilled before any byte of it is reused.
 */
const ivPool = Buffer.alloc(IV_BYTES * 341);
let ivOffset = ivPool.length;

function freshIv(): Buffer {
  if (ivOffset + IV_BYTES > ivPool.length) {
    randomFillSync(ivPool);
    ivOffset = 0;
  }
  const iv = Buffer.from(ivPool.subarray(ivOffset, ivOffset + IV_BYTES));
  ivOffset += IV_BYTES;
  return iv;
}

export function seal(key: Buffer, plaintext: Uint8Array, aad: Uint8Array): Buffer {
  const iv = freshIv();
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
}

/** Throws CryptoError DECRYPT_FAILED for a wrong key, wrong associated data or altered bytes. */
export function open(key: Buffer, sealed: Uint8Array, aad: Uint8Array): Buffer {
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (bytes.length < HEADER_BYTES || bytes[0] !== VERSION) {
    throw new CryptoError('DECRYPT_FAILED', 'The sealed data is truncated or of an unknown format.');
  }
  const iv = bytes.subarray(1, 1 + IV_BYTES);
  const tag = bytes.subarray(1 + IV_BYTES, HEADER_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(bytes.subarray(HEADER_BYTES)), decipher.final()]);
  } catch {
    throw new CryptoError(
      'DECRYPT_FAILED',
      'The sealed data does not authenticate: wrong key, wrong record, or altered bytes.',
    );
  }
}
