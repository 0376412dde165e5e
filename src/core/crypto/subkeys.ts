/**
 * One data key, one subkey per purpose (HKDF-SHA-256), so that the key which finds a patient by IIN
 * cannot decrypt a template, and the audit chain key can be handed to an auditor's verify tool
 * without opening anything else.
 */
import { hkdfSync } from 'node:crypto';
import { CryptoError } from '../../shared/crypto-errors.ts';
import { DATA_KEY_BYTES, type KeyProvider } from './key-provider.ts';

export const SUBKEY_PURPOSES = [
  'iin-seal',
  'iin-lookup',
  'template-seal',
  'audit-chain',
  /** Keys the stored hash of an issued code, so a copied database does not give the code away. */
  'code-hash',
  /** Seals the desk's stored secrets (the gateway's token) in secrets.sealed.json. */
  'secret-store',
  /** Seals the time high-water mark (time/time-mark.ts), so it cannot be edited or moved. */
  'time-mark',
  /** Encrypts the desk's backups (backup-file.ts); a desk-transfer file carries the data key it comes from. */
  'backup-seal',
  /** Seals the clinic's last acknowledgement of the chain head (clinic-sync/clinic-ack.ts). */
  'clinic-ack',
  /**
   * Seals the audit chain's head kept beside the database (audit/chain-head-file.ts). Appended:
   * each subkey is derived from its own purpose name, so adding one changes none of the others.
   */
  'chain-head',
] as const;
export type SubkeyPurpose = (typeof SUBKEY_PURPOSES)[number];

export type Subkeys = Readonly<Record<SubkeyPurpose, Buffer>>;

export function deriveSubkey(dataKey: Buffer, purpose: SubkeyPurpose): Buffer {
  if (dataKey.length !== DATA_KEY_BYTES) {
    throw new CryptoError(
      'KEY_INVALID',
      `The data key has ${dataKey.length} bytes; expected ${DATA_KEY_BYTES}.`,
    );
  }
  return Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), `tanu/${purpose}/v1`, 32));
}

export function deriveSubkeys(provider: KeyProvider): Subkeys {
  const dataKey = provider.dataKey();
  try {
    return Object.fromEntries(SUBKEY_PURPOSES.map((p) => [p, deriveSubkey(dataKey, p)])) as Record<
      SubkeyPurpose,
      Buffer
    >;
  } finally {
    dataKey.fill(0);
  }
}
