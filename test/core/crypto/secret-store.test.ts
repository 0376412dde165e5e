/** The sealed secrets file: the token never appears in it, is bound to its name, and needs the key. */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SecretStore } from '../../../src/core/crypto/secret-store.ts';
import { typedCode } from '../../support/typed-errors.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const tempDir = useTempDir('secret-store');

describe('SecretStore', () => {
  it('stores a token sealed: readable with the key, absent from the file in any form', () => {
    const path = join(tempDir(), 'secrets.sealed.json');
    const key = randomBytes(32);
    const store = new SecretStore(path, key);
    expect(store.has('gateway')).toBe(false);
    expect(typedCode(() => store.get('gateway'))).toBe('SECRET_MISSING');
    const token = 'egov-token-ÄÖ-0123456789abcdef';
    store.set('gateway', token);
    expect(store.get('gateway')).toBe(token);
    const file = readFileSync(path);
    expect(file.includes(Buffer.from(token))).toBe(false);
    expect(file.toString().includes(Buffer.from(token).toString('base64'))).toBe(false);
    // Another install's key does not open it; the error does not carry the value.
    expect(typedCode(() => new SecretStore(path, randomBytes(32)).get('gateway'))).toBe('SECRET_MISSING');
  });

  it('a sealed value moved under another name does not open', () => {
    const path = join(tempDir(), 'secrets.sealed.json');
    const key = randomBytes(32);
    new SecretStore(path, key).set('gateway', 'token-a');
    const all = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
    writeFileSync(path, JSON.stringify({ ...all, other: all['gateway'] }));
    const store = new SecretStore(path, key);
    expect(store.get('gateway')).toBe('token-a');
    expect(typedCode(() => store.get('other'))).toBe('SECRET_MISSING');
    expect(typedCode(() => store.set('Bad Name', 'x'))).toBe('INVALID_CONFIG');
  });

  it('deletes a secret and leaves the others; deleting an absent one changes nothing', () => {
    const path = join(tempDir(), 'secrets.sealed.json');
    const store = new SecretStore(path, randomBytes(32));
    store.delete('gateway');
    store.set('gateway', 'token-a');
    store.set('other', 'token-b');
    store.delete('gateway');
    expect(store.has('gateway')).toBe(false);
    expect(Object.keys(JSON.parse(readFileSync(path, 'utf8')) as object)).toEqual(['other']);
    expect(store.get('other')).toBe('token-b');
  });
});
