/**
 * Every copy of a frame's pixels made during one analysis (the inference copy, the aligned chip,
 * the chip's pyramid levels), so that all of them are zero-filled together when the analysis ends,
 * on success or failure. Nothing here outlives the analysis except zeros.
 */
export type PixelCopyKind = 'inference' | 'chip' | 'chip-source';

type PixelArray = Int32Array | Uint8Array | Uint8ClampedArray | Float32Array;

export class PixelCopies {
  readonly #copies: { kind: PixelCopyKind; data: PixelArray }[] = [];

  /** Registers a buffer that holds (or will hold) pixels; returns it for convenience. */
  take<T extends PixelArray>(data: T, kind: PixelCopyKind = 'chip-source'): T {
    this.#copies.push({ kind, data });
    return data;
  }

  /** Zero-fills every registered buffer. */
  wipe(): void {
    for (const { data } of this.#copies) data.fill(0);
  }

  /** What was registered, for tests that check the wipe. */
  list(): readonly { kind: PixelCopyKind; data: ArrayLike<number> }[] {
    return this.#copies;
  }
}
