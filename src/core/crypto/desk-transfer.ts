/**
 * Moving a desk to a new PC. The data key is sealed by the old PC's OS key store and cannot be
 * unsealed anywhere else, so it travels in a transfer file, wrapped under a passphrase the admin
 * chooses (scrypt, then AES-256-GCM), together with the desk's configuration and its sealed
 * secrets (which the same key opens). The database travels separately, as a backup encrypted under
 * that data key (backup-file.ts). Without the passphrase the file is useless; with a wrong one
 * nothing opens.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { CryptoError } from '../../shared/crypto-errors.ts';
import { open, seal } from './aead.ts';
import { DATA_KEY_BYTES } from './key-provider.ts';
import { PASSPHRASE_KDF, passphraseKey, requireStrongPassphrase } from './passphrase-key.ts';

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

export function exportDeskTransfer(
  content: DeskTransferContent,
  passphrase: string,
  deskId: string,
  now: Date,
): Buffer {
  requireStrongPassphrase(passphrase, 'transfer');
  if (content.dataKey.length !== DATA_KEY_BYTES)
    throw new CryptoError('KEY_INVALID', 'The data key has the wrong length.');
  const salt = randomBytes(16);
  const key = passphraseKey(passphrase, salt, PASSPHRASE_KDF);
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
      kdf: { ...PASSPHRASE_KDF, salt: salt.toString('base64') },
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
  const { salt, ...kdf } = parsed.kdf;
  const key = passphraseKey(
    typeof passphrase === 'string' ? passphrase : '',
    Buffer.from(salt, 'base64'),
    kdf,
  );
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
