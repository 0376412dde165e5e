/**
 * Exact, decoder-independent variants of an RGB image and its landmarks (pixel replication, a
 * quarter turn, a crop), so the face-chip test reproduces bit for bit the inputs that dlib's own
 * chips in test/fixtures/dlib-chips were made from.
 */
import type { Point } from '../../src/shared/face.ts';

export interface RgbWithLandmarks {
  pixels: Uint8Array;
  width: number;
  height: number;
  landmarks: Point[];
}

export type PixelVariant =
  { kind: 'upscale'; factor: number } | { kind: 'quarterTurn' } | { kind: 'cropLeft'; columns: number };

export function applyVariant(image: RgbWithLandmarks, variant: PixelVariant): RgbWithLandmarks {
  const { pixels, width, height, landmarks } = image;
  const at = (x: number, y: number): number => (y * width + x) * 3;
  if (variant.kind === 'upscale') {
    const k = variant.factor;
    const out = new Uint8Array(width * k * height * k * 3);
    for (let y = 0; y < height * k; y += 1)
      for (let x = 0; x < width * k; x += 1)
        out.set(
          pixels.subarray(
            at(Math.floor(x / k), Math.floor(y / k)),
            at(Math.floor(x / k), Math.floor(y / k)) + 3,
          ),
          (y * width * k + x) * 3,
        );
    return {
      pixels: out,
      width: width * k,
      height: height * k,
      landmarks: landmarks.map((p) => ({ x: p.x * k, y: p.y * k })),
    };
  }
  if (variant.kind === 'quarterTurn') {
    // Clockwise: the new (x, y) shows the old (y, height − 1 − x).
    const out = new Uint8Array(pixels.length);
    for (let y = 0; y < width; y += 1)
      for (let x = 0; x < height; x += 1)
        out.set(pixels.subarray(at(y, height - 1 - x), at(y, height - 1 - x) + 3), (y * height + x) * 3);
    return {
      pixels: out,
      width: height,
      height: width,
      landmarks: landmarks.map((p) => ({ x: height - 1 - p.y, y: p.x })),
    };
  }
  const n = variant.columns;
  const out = new Uint8Array((width - n) * height * 3);
  for (let y = 0; y < height; y += 1) out.set(pixels.subarray(at(n, y), at(0, y + 1)), y * (width - n) * 3);
  return { pixels: out, width: width - n, height, landmarks: landmarks.map((p) => ({ x: p.x - n, y: p.y })) };
}
