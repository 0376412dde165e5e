/** Real frames for tests, decoded from committed fixtures or ../shared photos. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import type { RawFrame } from '../../src/shared/face.ts';
import { decodeImage } from '../../src/core/face/image-decode.ts';
import { FACE_FIXTURES } from './paths.ts';

export function fixtureBytes(name: string): Buffer {
  return readFileSync(join(FACE_FIXTURES, name));
}

/** A fixture photo as a webcam-sized frame (fits 640×480). */
export function fixtureFrame(name: string): Promise<RawFrame> {
  return decodeImage(fixtureBytes(name), { fitInside: { width: 640, height: 480 } });
}

export async function frameFrom(image: Sharp): Promise<RawFrame> {
  const { data, info } = await image.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height, format: 'rgb' };
}

/** How a desk camera's MJPEG stream degrades a photo: rescaled to this width, JPEG at this quality. */
export interface WebcamVariant {
  width: number;
  quality: number;
}

/** A committed photo as one webcam frame: rescaled and JPEG-compressed, then letterboxed into 640×480. */
export async function webcamFrame(name: string, v: WebcamVariant): Promise<RawFrame> {
  const jpg = await sharp(fixtureBytes(name))
    .resize({ width: v.width })
    .jpeg({ quality: v.quality })
    .toBuffer();
  return frameFrom(sharp(jpg).resize({ width: 640, height: 480, fit: 'contain', background: '#808080' }));
}

export function allZero(bytes: ArrayLike<number>): boolean {
  for (let i = 0; i < bytes.length; i += 1) if (bytes[i] !== 0) return false;
  return true;
}
