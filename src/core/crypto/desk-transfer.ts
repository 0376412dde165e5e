/**
 * Moving a desk to a new PC. The data key is sealed by the old PC's OS key store and cannot be
 * unsealed anywhere else, so it travels in a transfer file, wrapped under a passphrase the admin
 * chooses (scrypt, then AES-256-GCM), together with the desk's configuration and its sealed
 * secrets (which the same key opens). The database travels separately, as a backup made with
 * SQLite's backup API. Without the passphrase the file is useless; with a wrong one nothing opens.
 */
import { randomBytes, scryptSync } from 'node:crypto';
import { z } from 'zod';
import { CryptoError } from '../../shared/registry-errors.ts';
import { open, seal } from './aead.ts';
import { DATA_KEY_BYTES } from './key-provider.ts';

export const MIN_PASSPHRASE_LENGTH = 12;
/** 64 MiB and about half a second on a Celeron: a guess costs the same. */
const KDF = { N: 2 ** 16, r: 8, p: 1, maxmem: 128 * 1024 * 1024 };
const AAD = Buffer.from('tanu/desk-transfer/v1');

const transferSchema = z
  .object({
    format: z.literal('tanu-desk-transfer'),
    version: z.literal(1),
    deskId: z.string(),
    createdAt: z.iso.datetime(),
    kdf: z.object({ N: z.int(), r: z.int(), p: z.int(), salt: z.base64() }).strict(),
    /** seal(kek, JSON {dataKey, config, secrets}) in base64. */
    sealed: z.base64(),
  })
  .strict();

export interface DeskTransferContent {
  dataKey: Buffer;
  /** The desk's configuration file, as JSON. */
  config: unknown;
  /** The sealed secrets file's content (still sealed under the data key), or null. */
  secrets: string | null;
}

function kek(passphrase: string, salt: Buffer, kdf: { N: number; r: number; p: number }): Buffer {
  return scryptSync(passphrase.normalize('NFC'), salt, 32, { ...kdf, maxmem: KDF.maxmem });
}

export function exportDeskTransfer(
  content: DeskTransferContent,
  passphrase: string,
  deskId: string,
  now: Date,
): Buffer {
  if (typeof passphrase !== 'string' || passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new CryptoError(
      'KEY_INSECURE',
      `The transfer passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters.`,
    );
  }
  if (content.dataKey.length !== DATA_KEY_BYTES)
    throw new CryptoError('KEY_INVALID', 'The data key has the wrong length.');
  const salt = randomBytes(16);
  const key = kek(passphrase, salt, KDF);
  const plain = Buffer.from(
    JSON.stringify({
      dataKey: content.dataKey.toString('base64'),
      config: content.config,
      secrets: content.secrets,
    }),
  );
  try {
    const file = {
      format: 'tanu-desk-transfer',
      version: 1,
      deskId,
      createdAt: now.toISOString(),
      kdf: { N: KDF.N, r: KDF.r, p: KDF.p, salt: salt.toString('base64') },
      sealed: seal(key, plain, AAD).toString('base64'),
    };
    return Buffer.from(`${JSON.stringify(file, null, 2)}\n`);
  } finally {
    key.fill(0);
    plain.fill(0);
  }
}

export function importDeskTransfer(
  file: Uint8Array,
  passphrase: string,
): DeskTransferContent & { deskId: string } {
  let parsed: z.output<typeof transferSchema>;
  try {
    parsed = transferSchema.parse(JSON.parse(Buffer.from(file).toString('utf8')));
  } catch {
    throw new CryptoError('KEY_INVALID', 'This is not a Tanu desk transfer file.');
  }
  const { N, r, p, salt } = parsed.kdf;
  // Bounded so a crafted file cannot make the new PC allocate gigabytes.
  if (N > 2 ** 20 || r > 16 || p > 4)
    throw new CryptoError('KEY_INVALID', 'The transfer file asks for an unreasonable KDF.');
  const key = kek(typeof passphrase === 'string' ? passphrase : '', Buffer.from(salt, 'base64'), { N, r, p });
  let plain: Buffer;
  try {
    plain = open(key, Buffer.from(parsed.sealed, 'base64'), AAD);
  } catch {
    throw new CryptoError('DECRYPT_FAILED', 'The passphrase is wrong (or the file was changed).');
  } finally {
    key.fill(0);
  }
  try {
    const content = JSON.parse(plain.toString('utf8')) as {
      dataKey: string;
      config: unknown;
      secrets: string | null;
    };
    const dataKey = Buffer.from(content.dataKey, 'base64');
    if (dataKey.length !== DATA_KEY_BYTES)
      throw new CryptoError('KEY_INVALID', 'The transferred key has the wrong length.');
    return { dataKey, config: content.config, secrets: content.secrets, deskId: parsed.deskId };
  } finally {
    plain.fill(0);
  }
}
