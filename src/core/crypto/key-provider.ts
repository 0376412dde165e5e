/**
 * Where the 32-byte data key comes from. In the app: Electron safeStorage (the OS key store),
 * which must fail closed with KEY_UNAVAILABLE when encryption is unavailable or would fall back to
 * plain text (Linux "basic_text"); in tests and CLI tools: a key file (key-file.ts).
 */
import { randomBytes } from 'node:crypto';
import { CryptoError } from '../../shared/crypto-errors.ts';

export const DATA_KEY_BYTES = 32;

export interface KeyProvider {
  /** Where the key lives, for messages ("key file /var/lib/tanu/data.key", "OS key store"). */
  readonly description: string;
  /**
   * The data key, as a fresh buffer the caller wipes when done. Throws CryptoError KEY_MISSING / KEY_INVALID / KEY_INSECURE / KEY_UNAVAILABLE
   * rather than ever returning a weaker key.
   */
  dataKey(): Buffer;
  /**
   * Stores a key brought from another desk (desk-transfer.ts) as this desk's key. Refuses when a key
   * is already stored: replacing one would orphan everything sealed under it.
   */
  importDataKey?(key: Buffer): void;
}

/**
 * The first start of a new desk, and only then: keeps a key already there (a desk set up again
 * after its configuration was cleared), else makes one. Never called for a desk that has records:
 * a new key would make every sealed IIN and template unreadable and fork the audit chain.
 */
export function provisionDataKey(provider: KeyProvider): void {
  try {
    provider.dataKey().fill(0);
    return;
  } catch (error) {
    if (!(error instanceof CryptoError) || error.code !== 'KEY_MISSING') throw error;
  }
  if (provider.importDataKey === undefined) {
    throw new CryptoError('KEY_MISSING', `${provider.description} has no key and cannot store a new one.`);
  }
  const key = randomBytes(DATA_KEY_BYTES);
  try {
    provider.importDataKey(key);
  } finally {
    key.fill(0);
  }
}
