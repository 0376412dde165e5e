import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { safeStorageKeyProvider } from '../../../src/main/security/safe-storage-key-provider.ts';
import { fakeSafeStorage } from '../../support/fake-safe-storage.ts';
import { provisionDataKey } from '../../../src/core/crypto/key-provider.ts';
import { typedCode } from '../../support/typed-errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'tanu-safe-storage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('safeStorageKeyProvider', () => {
  it('makes a key on first start, seals it on disk and returns the same key afterwards', () => {
    const path = join(dir, 'first.key.sealed');
    const provider = safeStorageKeyProvider(fakeSafeStorage(), path, { platform: 'linux' });
    provisionDataKey(provider);
    const key = provider.dataKey();
    expect(key).toHaveLength(32);
    expect(readFileSync(path).includes(key)).toBe(false);
    expect(readFileSync(path).includes(Buffer.from(key.toString('base64')))).toBe(false);
    expect(provider.dataKey().equals(key)).toBe(true);
  });

  it.each([
    ['encryption unavailable', fakeSafeStorage({ isEncryptionAvailable: () => false }), 'linux'],
    [
      'the basic_text fallback on Linux',
      fakeSafeStorage({ getSelectedStorageBackend: () => 'basic_text' }),
      'linux',
    ],
  ] as const)('fails closed with %s and writes nothing', (_name, storage, platform) => {
    const path = join(dir, `closed-${_name.replace(/\W/g, '')}.sealed`);
    const provider = safeStorageKeyProvider(storage, path, { platform });
    expect(typedCode(() => provisionDataKey(provider))).toBe('KEY_UNAVAILABLE');
    expect(typedCode(() => provider.dataKey())).toBe('KEY_UNAVAILABLE');
    expect(existsSync(path)).toBe(false);
  });

  it('never makes a key when asked for one, keeps a provisioned key, and refuses a key of the wrong size', () => {
    const absent = join(dir, 'absent.sealed');
    const missing = safeStorageKeyProvider(fakeSafeStorage(), absent, { platform: 'win32' });
    expect(typedCode(() => missing.dataKey())).toBe('KEY_MISSING');
    expect(typedCode(() => missing.dataKey())).toBe('KEY_MISSING');
    expect(existsSync(absent)).toBe(false);
    provisionDataKey(missing);
    const first = missing.dataKey();
    provisionDataKey(missing);
    expect(missing.dataKey().equals(first)).toBe(true);
    const shortPath = join(dir, 'short.sealed');
    const storage = fakeSafeStorage();
    writeFileSync(shortPath, storage.encryptString(Buffer.alloc(16).toString('base64')));
    expect(typedCode(() => safeStorageKeyProvider(storage, shortPath, { platform: 'win32' }).dataKey())).toBe(
      'KEY_INVALID',
    );
  });

  it('reports a key sealed by another user or machine as unavailable', () => {
    const path = join(dir, 'foreign.sealed');
    writeFileSync(path, Buffer.from('not sealed for us'));
    const storage = fakeSafeStorage({
      decryptString: () => {
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      },
    });
    expect(typedCode(() => safeStorageKeyProvider(storage, path, { platform: 'win32' }).dataKey())).toBe(
      'KEY_UNAVAILABLE',
    );
  });
});
