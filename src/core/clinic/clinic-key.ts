/**
 * The clinic data key travels to a desk inside its provisioning file, wrapped under a passphrase
 * the admin tells the desk's installer separately (scrypt, then AES-256-GCM: the desk-transfer
 * file's scheme). The desk's name is associated data, so a wrapped key copied into another desk's
 * file does not open. The clinic database never sees this key: it seals templates and registry
 * rows and keys the IIN lookup hash, which is why PostgreSQL holds only ciphertext.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { z } from 'zod';
import { CryptoError } from '../../shared/crypto-errors.ts';
import { open, seal } from '../crypto/aead.ts';
import { DATA_KEY_BYTES } from '../crypto/key-provider.ts';
import { PASSPHRASE_KDF, passphraseKey, requireStrongPassphrase } from '../crypto/passphrase-key.ts';

export const wrappedClinicKeySchema = z
  .object({
    kdf: z.object({ N: z.int(), r: z.int(), p: z.int(), salt: z.base64() }).strict(),
    /** seal(scrypt(passphrase), clinic key, "tanu/clinic-key/v1/" + desk) in base64. */
    sealed: z.base64(),
  })
  .strict();
export type WrappedClinicKey = z.output<typeof wrappedClinicKeySchema>;

const aad = (desk: string) => Buffer.from(`tanu/clinic-key/v1/${desk}`);

/** A new clinic data key in a 0600 file; an existing file is never overwritten. */
export function createClinicKeyFile(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new CryptoError('KEY_INVALID', `${path} exists already: a clinic key is never replaced.`);
    }
    throw error;
  }
  try {
    writeSync(fd, randomBytes(DATA_KEY_BYTES));
  } finally {
    closeSync(fd);
  }
}

export function wrapClinicKey(clinicKey: Buffer, passphrase: string, desk: string): WrappedClinicKey {
  requireStrongPassphrase(passphrase, 'provisioning');
  if (clinicKey.length !== DATA_KEY_BYTES) {
    throw new CryptoError('KEY_INVALID', 'The clinic key has the wrong length.');
  }
  const salt = randomBytes(16);
  const kek = passphraseKey(passphrase, salt, PASSPHRASE_KDF);
  try {
    return {
      kdf: { ...PASSPHRASE_KDF, salt: salt.toString('base64') },
      sealed: seal(kek, clinicKey, aad(desk)).toString('base64'),
    };
  } finally {
    kek.fill(0);
  }
}

/** The clinic key for `desk`; DECRYPT_FAILED for a wrong passphrase, another desk or an edit. */
export function unwrapClinicKey(wrapped: unknown, passphrase: string, desk: string): Buffer {
  const parsed = wrappedClinicKeySchema.safeParse(wrapped);
  if (!parsed.success) throw new CryptoError('KEY_INVALID', 'This is not a wrapped clinic key.');
  const { salt, ...kdf } = parsed.data.kdf;
  const kek = passphraseKey(passphrase, Buffer.from(salt, 'base64'), kdf);
  try {
    const key = open(kek, Buffer.from(parsed.data.sealed, 'base64'), aad(desk));
    if (key.length !== DATA_KEY_BYTES)
      throw new CryptoError('KEY_INVALID', 'The clinic key has the wrong length.');
    return key;
  } catch (error) {
    if (error instanceof CryptoError && error.code === 'KEY_INVALID') throw error;
    throw new CryptoError('DECRYPT_FAILED', 'The passphrase is wrong, or the key is for another desk.');
  } finally {
    kek.fill(0);
  }
}
