/**
 * Reads an uncompressed Windows BMP (8-bit palette or 24-bit) as an 8-bit grey image: the format
 * of the NUAA crops the passive signal is calibrated on, which sharp does not decode. Evaluation
 * and tests only; the kiosk gets its pixels from the webcam.
 */
import { FaceEngineError } from '../../../shared/errors.ts';
import type { GreyImage } from '../../liveness/passive-texture.ts';

const MAX_SIDE = 4096;

export function decodeBmpGrey(bytes: Uint8Array): GreyImage {
  const bad = (why: string): never => {
    throw new FaceEngineError('CORRUPT_IMAGE', `The BMP could not be decoded: ${why}.`);
  };
  if (bytes.length < 54 || bytes[0] !== 0x42 || bytes[1] !== 0x4d) bad('not a BMP');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pixelOffset = view.getUint32(10, true);
  const headerSize = view.getUint32(14, true);
  const width = view.getInt32(18, true);
  const rawHeight = view.getInt32(22, true);
  const bpp = view.getUint16(28, true);
  const compression = view.getUint32(30, true);
  const height = Math.abs(rawHeight);
  if (width <= 0 || height === 0 || width > MAX_SIDE || height > MAX_SIDE) bad('bad size');
  if (compression !== 0) bad('compressed');
  if (bpp !== 8 && bpp !== 24) bad(`${bpp} bits a pixel`);
  const stride = Math.ceil((width * bpp) / 32) * 4;
  if (pixelOffset + stride * height > bytes.length) bad('truncated');
  const palette = 14 + headerSize;
  // A palette shorter than 256 entries is allowed; an index past its end is refused below.
  const luma = (b: number, g: number, r: number): number => Math.round(0.299 * r + 0.587 * g + 0.114 * b);
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y += 1) {
    // Positive height: rows stored bottom-up.
    const row = pixelOffset + (rawHeight > 0 ? height - 1 - y : y) * stride;
    for (let x = 0; x < width; x += 1) {
      if (bpp === 24) {
        const p = row + x * 3;
        data[y * width + x] = luma(bytes[p] as number, bytes[p + 1] as number, bytes[p + 2] as number);
      } else {
        const p = palette + (bytes[row + x] as number) * 4;
        if (p + 3 > pixelOffset) bad('palette index out of range');
        data[y * width + x] = luma(bytes[p] as number, bytes[p + 1] as number, bytes[p + 2] as number);
      }
    }
  }
  return { data, width, height, format: 'grey' };
}
