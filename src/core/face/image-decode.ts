/**
 * Decodes image files (JPEG, PNG, WebP) into raw frames, for enrolment from a file, the accuracy
 * and speed harnesses, and tests. The kiosk's live path never decodes: the webcam gives pixels.
 */
import sharp from 'sharp';
import { FaceEngineError } from '../../shared/errors.ts';
import type { RawFrame } from '../../shared/face.ts';
import { MAX_FRAME_PIXELS } from './frame.ts';

/** Files larger than this are refused before decoding. */
export const MAX_IMAGE_FILE_BYTES = 32 * 1024 * 1024;

export interface DecodeOptions {
  /** Fit inside this box (keeping the aspect ratio, never enlarging), e.g. 640×480 for a webcam-like frame. */
  fitInside?: { width: number; height: number };
}

export async function decodeImage(bytes: Uint8Array, options: DecodeOptions = {}): Promise<RawFrame> {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) {
    throw new FaceEngineError('CORRUPT_IMAGE', 'The image file is empty.');
  }
  if (bytes.length > MAX_IMAGE_FILE_BYTES) {
    throw new FaceEngineError(
      'FRAME_TOO_LARGE',
      `The image file is ${bytes.length} bytes; the limit is ${MAX_IMAGE_FILE_BYTES}.`,
    );
  }
  try {
    let pipeline = sharp(bytes, { limitInputPixels: MAX_FRAME_PIXELS, failOn: 'error' }).rotate();
    if (options.fitInside) {
      pipeline = pipeline.resize(options.fitInside.width, options.fitInside.height, {
        fit: 'inside',
        withoutEnlargement: true,
      });
    }
    const { data, info } = await pipeline
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    // Copy out of sharp's native memory into a plain, transferable buffer, and wipe sharp's copy.
    const pixels = new Uint8Array(data);
    data.fill(0);
    return { data: pixels, width: info.width, height: info.height, format: 'rgb' };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (/pixel limit/i.test(reason)) {
      throw new FaceEngineError('FRAME_TOO_LARGE', `The image exceeds ${MAX_FRAME_PIXELS / 1e6} MP.`);
    }
    throw new FaceEngineError('CORRUPT_IMAGE', `The image could not be decoded: ${reason}`);
  }
}
