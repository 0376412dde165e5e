/** A stand-in for the OS key store (Electron's safeStorage), for tests that need no Electron binary. */
import type { SafeStorageLike } from '../../src/main/security/safe-storage-key-provider.ts';

/** Seals by XOR with a secret the test keeps: what it sealed, only it opens. */
export function fakeSafeStorage(overrides: Partial<SafeStorageLike> = {}): SafeStorageLike {
  const secret = 0x5a;
  return {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptString: (text) => Buffer.from(Buffer.from(text, 'utf8').map((b) => b ^ secret)),
    decryptString: (sealed) => Buffer.from(sealed.map((b) => b ^ secret)).toString('utf8'),
    ...overrides,
  };
}
