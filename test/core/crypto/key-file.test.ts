/** The key-file provider: created private, never overwritten, refused when unsafe. */
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyFileProvider } from '../../../src/core/crypto/key-file.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { typedCode } from '../../support/typed-errors.ts';

const newDir = useTempDir('key');
const posix = process.platform !== 'win32';

describe('keyFileProvider', () => {
  it('creates 32 random bytes with mode 0600 and returns the same key afterwards', () => {
    const path = join(newDir(), 'data.key');
    const key = keyFileProvider(path, { create: true }).dataKey();
    expect(key).toHaveLength(32);
    expect(readFileSync(path).equals(key)).toBe(true);
    if (posix) expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(keyFileProvider(path, { create: true }).dataKey().equals(key)).toBe(true);
    expect(keyFileProvider(path).dataKey().equals(key)).toBe(true);
    const other = keyFileProvider(join(newDir(), 'data.key'), { create: true }).dataKey();
    expect(other.equals(key)).toBe(false);
  });

  it('does not create a key unless asked', () => {
    const path = join(newDir(), 'data.key');
    expect(typedCode(() => keyFileProvider(path).dataKey())).toBe('KEY_MISSING');
  });

  it('refuses a key of the wrong length', () => {
    const path = join(newDir(), 'data.key');
    writeFileSync(path, Buffer.alloc(31, 1), { mode: 0o600 });
    expect(typedCode(() => keyFileProvider(path, { create: true }).dataKey())).toBe('KEY_INVALID');
    expect(readFileSync(path)).toHaveLength(31); // not replaced by a new key
  });

  it.skipIf(!posix)('refuses a key file other users can read', () => {
    const path = join(newDir(), 'data.key');
    keyFileProvider(path, { create: true }).dataKey();
    chmodSync(path, 0o644);
    expect(typedCode(() => keyFileProvider(path).dataKey())).toBe('KEY_INSECURE');
  });
});
