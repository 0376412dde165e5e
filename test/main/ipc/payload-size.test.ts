import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_PAYLOAD_BYTES, exceedsPayloadLimit } from '../../../src/shared/ipc/payload-size.ts';

const CAP = DEFAULT_MAX_PAYLOAD_BYTES;

function jsonBytes(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value)).length;
}

describe('exceedsPayloadLimit', () => {
  it('counts an ASCII string as its JSON text, to the byte', () => {
    // A top-level string costs its quotes plus one byte of framing.
    expect(exceedsPayloadLimit('x'.repeat(CAP - 3), CAP)).toBe(false);
    expect(exceedsPayloadLimit('x'.repeat(CAP - 2), CAP)).toBe(true);
  });

  it('counts multi-byte characters in UTF-8', () => {
    const cyrillic = 'қ'.repeat(CAP / 2); // 2 bytes each
    expect(cyrillic.length).toBeLessThan(CAP);
    expect(exceedsPayloadLimit(cyrillic, CAP)).toBe(true);
    expect(exceedsPayloadLimit('қ'.repeat(CAP / 4), CAP)).toBe(false);
  });

  it.each([
    ['Uint8Array', (n: number) => new Uint8Array(n)],
    ['Uint8ClampedArray', (n: number) => new Uint8ClampedArray(n)],
    ['Float32Array', (n: number) => new Float32Array(n / 4)],
    ['ArrayBuffer', (n: number) => new ArrayBuffer(n)],
    ['DataView', (n: number) => new DataView(new ArrayBuffer(n))],
    ['Buffer', (n: number) => Buffer.alloc(n)],
  ])('counts a %s by its byte length', (_label, make) => {
    expect(exceedsPayloadLimit({ pixels: make(1024 * 1024) }, 2 * 1024 * 1024)).toBe(false);
    expect(exceedsPayloadLimit({ pixels: make(3 * 1024 * 1024) }, 2 * 1024 * 1024)).toBe(true);
  });

  it('counts a view by its own bytes, not the whole buffer behind it', () => {
    const buffer = new ArrayBuffer(4 * 1024 * 1024);
    expect(exceedsPayloadLimit(new Uint8Array(buffer, 0, 1024), CAP)).toBe(false);
  });

  it('is at least the JSON size for escape-free JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4, stringUnit: 'grapheme-ascii' }), (value) => {
        fc.pre(!JSON.stringify(value).includes('\\'));
        const bytes = jsonBytes(value);
        expect(exceedsPayloadLimit(value, Math.max(1, bytes - 1))).toBe(true);
      }),
    );
  });

  it('is not wildly above the JSON size', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4, stringUnit: 'binary' }), (value) => {
        expect(exceedsPayloadLimit(value, 2 * jsonBytes(value) + 8)).toBe(false);
      }),
    );
  });

  it('is monotonic in the cap', () => {
    fc.assert(
      fc.property(fc.anything(), fc.nat(10_000), fc.nat(10_000), (value, small, extra) => {
        if (!exceedsPayloadLimit(value, small + 1))
          expect(exceedsPayloadLimit(value, small + 1 + extra)).toBe(false);
      }),
    );
  });

  it('stops at the cap on cycles, shared references and deep nesting', () => {
    const cyclic: unknown[] = [];
    cyclic.push(cyclic, cyclic);
    let shared: unknown = 'leaf';
    for (let level = 0; level < 60; level += 1) shared = [shared, shared];
    let deep: unknown = 0;
    for (let level = 0; level < 1_000_000; level += 1) deep = [deep];
    // Without the cap these never end (2^60 leaves, a cycle): answering at all is the proof; a
    // wall-clock bound here failed on a loaded machine and measured nothing the answer does not.
    expect(exceedsPayloadLimit(cyclic, CAP)).toBe(true);
    expect(exceedsPayloadLimit(shared, CAP)).toBe(true);
    expect(exceedsPayloadLimit(deep, CAP)).toBe(true);
    expect(exceedsPayloadLimit(new Map([[1, 'x'.repeat(CAP)]]), CAP)).toBe(true);
    expect(exceedsPayloadLimit(new Set(Array.from({ length: CAP }, (_, i) => i)), CAP)).toBe(true);
  });

  it('accepts the small payloads the app sends', () => {
    for (const value of [
      undefined,
      null,
      true,
      0,
      '',
      'app',
      { iin: '900101300123' },
      [1, 2, 3],
      new Date(),
    ]) {
      expect(exceedsPayloadLimit(value, CAP)).toBe(false);
    }
  });
});
