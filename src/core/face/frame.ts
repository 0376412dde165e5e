/**
 * Validation and preparation of raw camera frames. Every buffer made here that holds pixels is
 * returned to the caller, who must wipe it (see wipe.ts): nothing here keeps a reference.
 */
import { FaceEngineError } from '../../shared/errors.ts';
import type { RawFrame } from '../../shared/face.ts';

/** Webcams give 640×480; anything larger is downscaled to this longest side before inference. */
export const INFERENCE_MAX_SIDE = 640;
/** Smaller than this cannot hold a usable face. */
export const MIN_FRAME_SIDE = 32;
/** 8K on the longest side and 40 MP in all: above that the frame is refused before any copy. */
export const MAX_FRAME_SIDE = 8192;
export const MAX_FRAME_PIXELS = 40_000_000;

function channelsOf(format: unknown): 3 | 4 {
  if (format === 'rgba') return 4;
  if (format === 'rgb') return 3;
  throw new FaceEngineError(
    'INVALID_FRAME',
    `Unknown pixel format ${JSON.stringify(format)}; expected "rgba" or "rgb".`,
  );
}

/** Checks shape, size and buffer length; throws INVALID_FRAME or FRAME_TOO_LARGE and touches nothing. */
export function validateFrame(frame: unknown): RawFrame {
  if (typeof frame !== 'object' || frame === null) {
    throw new FaceEngineError(
      'INVALID_FRAME',
      'A frame must be an object with data, width, height and format.',
    );
  }
  const { data, width, height, format } = frame as Partial<RawFrame>;
  if (!(data instanceof Uint8Array || data instanceof Uint8ClampedArray)) {
    throw new FaceEngineError('INVALID_FRAME', 'Frame data must be a Uint8Array or Uint8ClampedArray.');
  }
  if (
    !Number.isInteger(width) ||
    !Number.isInteger(height) ||
    (width as number) <= 0 ||
    (height as number) <= 0
  ) {
    throw new FaceEngineError(
      'INVALID_FRAME',
      `Frame size ${String(width)}×${String(height)} is not a positive whole size.`,
    );
  }
  const w = width as number;
  const h = height as number;
  if (w > MAX_FRAME_SIDE || h > MAX_FRAME_SIDE || w * h > MAX_FRAME_PIXELS) {
    throw new FaceEngineError(
      'FRAME_TOO_LARGE',
      `Frame ${w}×${h} exceeds the ${MAX_FRAME_SIDE} px / ${MAX_FRAME_PIXELS / 1e6} MP limit.`,
    );
  }
  if (w < MIN_FRAME_SIDE || h < MIN_FRAME_SIDE) {
    throw new FaceEngineError(
      'INVALID_FRAME',
      `Frame ${w}×${h} is smaller than ${MIN_FRAME_SIDE} px on a side.`,
    );
  }
  const channels = channelsOf(format);
  const expected = w * h * channels;
  if (data.length !== expected) {
    throw new FaceEngineError(
      'INVALID_FRAME',
      `Frame buffer holds ${data.length} bytes; ${w}×${h} ${String(format)} needs exactly ${expected}.`,
    );
  }
  return { data, width: w, height: h, format: format as RawFrame['format'] };
}

export interface InferenceInput {
  /** RGB pixels as int32, the layout tfjs takes without a further copy. */
  pixels: Int32Array;
  width: number;
  height: number;
  /** Inference pixels per original pixel (≤ 1). */
  scale: number;
}

/** The largest inference copy, in int32 values: a square frame at INFERENCE_MAX_SIDE. */
export const MAX_INFERENCE_VALUES = INFERENCE_MAX_SIDE * INFERENCE_MAX_SIDE * 3;

/**
 * Converts to packed RGB and, when the frame is larger than INFERENCE_MAX_SIDE, downscales it with
 * an area average (sharper than nearest-neighbour, no aliasing on 1080p webcams). With `into`
 * (at least MAX_INFERENCE_VALUES long, all zeros) the pixels are written at its start instead of a
 * new buffer: the engine reuses one, so a frame's 3.7 MB copy does not wait for the garbage
 * collector before its memory is reused.
 */
export function toInferenceInput(frame: RawFrame, into?: Int32Array): InferenceInput {
  const ch = frame.format === 'rgba' ? 4 : 3;
  const scale = Math.min(1, INFERENCE_MAX_SIDE / Math.max(frame.width, frame.height));
  const width = Math.max(1, Math.round(frame.width * scale));
  const height = Math.max(1, Math.round(frame.height * scale));
  const pixels =
    into && into.length >= width * height * 3
      ? into.subarray(0, width * height * 3)
      : new Int32Array(width * height * 3);
  const src = frame.data;
  if (scale === 1) {
    for (let i = 0, o = 0; o < pixels.length; i += ch, o += 3) {
      pixels[o] = src[i] as number;
      pixels[o + 1] = src[i + 1] as number;
      pixels[o + 2] = src[i + 2] as number;
    }
    return { pixels, width, height, scale };
  }
  const sx = frame.width / width;
  const sy = frame.height / height;
  for (let y = 0; y < height; y += 1) {
    const y0 = Math.floor(y * sy);
    const y1 = Math.max(y0 + 1, Math.min(frame.height, Math.floor((y + 1) * sy)));
    for (let x = 0; x < width; x += 1) {
      const x0 = Math.floor(x * sx);
      const x1 = Math.max(x0 + 1, Math.min(frame.width, Math.floor((x + 1) * sx)));
      let r = 0;
      let g = 0;
      let b = 0;
      for (let yy = y0; yy < y1; yy += 1) {
        let i = (yy * frame.width + x0) * ch;
        for (let xx = x0; xx < x1; xx += 1, i += ch) {
          r += src[i] as number;
          g += src[i + 1] as number;
          b += src[i + 2] as number;
        }
      }
      const n = (y1 - y0) * (x1 - x0);
      const o = (y * width + x) * 3;
      pixels[o] = Math.round(r / n);
      pixels[o + 1] = Math.round(g / n);
      pixels[o + 2] = Math.round(b / n);
    }
  }
  return { pixels, width, height, scale };
}
