/** AES-256-GCM sealing: round trips, and every kind of tampering is a typed DECRYPT_FAILED. */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { open, seal } from '../../../src/core/crypto/aead.ts';
import { deriveSubkey, SUBKEY_PURPOSES } from '../../../src/core/crypto/subkeys.ts';
import { typedCode } from '../../support/typed-errors.ts';

const key = randomBytes(32);
const bytes = fc.uint8Array({ maxLength: 600 });

describe('seal / open', () => {
  it('round-trips any plaintext with any associated data', () => {
    fc.assert(
      fc.property(bytes, bytes, (plaintext, aad) => {
        expect(new Uint8Array(open(key, seal(key, plaintext, aad), aad))).toEqual(plaintext);
      }),
      { numRuns: 300 },
    );
  });

  it('uses a fresh IV each time: the same plaintext never seals to the same bytes', () => {
    const p = Buffer.from('same');
    expect(seal(key, p, p).equals(seal(key, p, p))).toBe(false);
  });

  it('never repeats an IV, across many refills of its pool of random bytes', () => {
    const p = Buffer.from('same');
    const ivs = new Set(Array.from({ length: 5000 }, () => seal(key, p, p).subarray(1, 13).toString('hex')));
    expect(ivs.size).toBe(5000);
  });

  it('rejects other associated data, another key, and any flipped bit', () => {
    fc.assert(
      fc.property(
        bytes,
        bytes,
        bytes,
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        (plaintext, aad, otherAad, at, bit) => {
          const sealed = seal(key, plaintext, aad);
          if (!Buffer.from(otherAad).equals(Buffer.from(aad))) {
            expect(typedCode(() => open(key, sealed, otherAad))).toBe('DECRYPT_FAILED');
          }
          expect(typedCode(() => open(randomBytes(32), sealed, aad))).toBe('DECRYPT_FAILED');
          const flipped = Buffer.from(sealed);
          flipped[at % flipped.length] = (flipped[at % flipped.length] as number) ^ (1 << bit);
          expect(typedCode(() => open(key, flipped, aad))).toBe('DECRYPT_FAILED');
          expect(typedCode(() => open(key, sealed.subarray(0, sealed.length - 1), aad))).toBe(
            'DECRYPT_FAILED',
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('deriveSubkey', () => {
  it('gives a distinct, stable 32-byte key per purpose', () => {
    const keys = SUBKEY_PURPOSES.map((p) => deriveSubkey(key, p).toString('hex'));
    expect(new Set(keys).size).toBe(SUBKEY_PURPOSES.length);
    expect(SUBKEY_PURPOSES.map((p) => deriveSubkey(key, p).toString('hex'))).toEqual(keys);
    expect(keys.every((k) => k.length === 64 && k !== key.toString('hex'))).toBe(true);
    expect(typedCode(() => deriveSubkey(randomBytes(16), 'iin-seal'))).toBe('KEY_INVALID');
  });
});
