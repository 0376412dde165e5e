/**
 * The desk's data key in the app: 32 random bytes, kept on disk only as sealed by Electron's
 * safeStorage (DPAPI on Windows, the Secret Service / KWallet on Linux). It fails closed: where
 * safeStorage is unavailable, or on Linux would fall back to its hard-coded "basic_text" password,
 * no key is made or read and the app cannot open patient data.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { CryptoError } from '../../shared/crypto-errors.ts';
import { DATA_KEY_BYTES, type KeyProvider } from '../../core/crypto/key-provider.ts';
import { PRIVATE_FILE_MODE } from '../../core/data-folder/private-files.ts';

/** The part of Electron's safeStorage used here (so tests need no Electron binary). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  /** Linux only in Electron; absent elsewhere. */
  getSelectedStorageBackend?: () => string;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export interface SafeStorageKeyOptions {
  platform?: NodeJS.Platform;
}

function ensureSecure(storage: SafeStorageLike, platform: NodeJS.Platform): void {
  if (!storage.isEncryptionAvailable()) {
    throw new CryptoError(
      'KEY_UNAVAILABLE',
      'The OS key store is not available; the data key cannot be protected.',
    );
  }
  if (platform === 'linux' && storage.getSelectedStorageBackend?.() === 'basic_text') {
    throw new CryptoError(
      'KEY_UNAVAILABLE',
      'No OS key store (Secret Service or KWallet) is running: safeStorage would keep the key in plain text. Refusing.',
    );
  }
}

export function safeStorageKeyProvider(
  storage: SafeStorageLike,
  sealedKeyPath: string,
  options: SafeStorageKeyOptions = {},
): KeyProvider {
  const platform = options.platform ?? process.platform;
  return {
    description: `OS key store (sealed key ${sealedKeyPath})`,
    dataKey(): Buffer {
      ensureSecure(storage, platform);
      let sealed: Buffer;
      try {
        sealed = readFileSync(sealedKeyPath);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
          throw new CryptoError('KEY_UNAVAILABLE', `The sealed key ${sealedKeyPath} cannot be read.`);
        }
        // A new desk's key is made only by its first-start setup (provisionDataKey), never here:
        // a desk whose sealed key went missing must be recovered, not given a new one.
        throw new CryptoError('KEY_MISSING', `There is no sealed key at ${sealedKeyPath}.`);
      }
      let key: Buffer;
      try {
        key = Buffer.from(storage.decryptString(sealed), 'base64');
      } catch {
        throw new CryptoError(
          'KEY_UNAVAILABLE',
          'The OS key store could not unseal the data key (another user or machine?).',
        );
      }
      if (key.length !== DATA_KEY_BYTES) {
        throw new CryptoError(
          'KEY_INVALID',
          `The unsealed data key has ${key.length} bytes; expected ${DATA_KEY_BYTES}.`,
        );
      }
      return key;
    },
    importDataKey(key: Buffer): void {
      ensureSecure(storage, platform);
      if (key.length !== DATA_KEY_BYTES)
        throw new CryptoError('KEY_INVALID', 'The imported key has the wrong length.');
      let fd: number;
      try {
        fd = openSync(sealedKeyPath, 'wx', PRIVATE_FILE_MODE);
      } catch {
        throw new CryptoError(
          'KEY_INVALID',
          `A data key is already stored at ${sealedKeyPath}; it is never replaced.`,
        );
      }
      try {
        writeSync(fd, storage.encryptString(key.toString('base64')));
      } finally {
        closeSync(fd);
      }
    },
  };
}
