import { describe, expect, it } from 'vitest';
import { typedCode } from '../../support/typed-errors.ts';
import {
  INFERENCE_MAX_SIDE,
  MAX_FRAME_SIDE,
  toInferenceInput,
  validateFrame,
} from '../../../src/core/face/frame.ts';

function frame(width: number, height: number, format: 'rgb' | 'rgba' = 'rgb', length?: number) {
  const ch = format === 'rgba' ? 4 : 3;
  return { data: new Uint8Array(length ?? width * height * ch), width, height, format };
}

describe('validateFrame', () => {
  it.each([
    ['zero width', frame(0, 480)],
    ['zero height', { data: new Uint8Array(0), width: 640, height: 0, format: 'rgb' }],
    ['negative size', { data: new Uint8Array(3), width: -1, height: -1, format: 'rgb' }],
    ['fractional size', { data: new Uint8Array(300), width: 10.5, height: 10, format: 'rgb' }],
    ['truncated buffer', frame(640, 480, 'rgba', 640 * 480 * 4 - 1)],
    ['oversized buffer', frame(640, 480, 'rgb', 640 * 480 * 3 + 3)],
    ['rgb dimensions with rgba bytes', frame(640, 480, 'rgb', 640 * 480 * 4)],
    ['unknown format', { data: new Uint8Array(640 * 480 * 3), width: 640, height: 480, format: 'bgr' }],
    ['not a typed array', { data: [1, 2, 3], width: 1, height: 1, format: 'rgb' }],
    ['float pixels', { data: new Float32Array(64 * 64 * 3), width: 64, height: 64, format: 'rgb' }],
    ['too small to hold a face', frame(16, 16)],
    ['null', null],
    ['a string', 'frame'],
  ])('rejects %s with INVALID_FRAME', (_name, input) => {
    expect(typedCode(() => validateFrame(input))).toBe('INVALID_FRAME');
  });

  it('rejects huge frames before touching their data', () => {
    const huge = { data: new Uint8Array(3), width: MAX_FRAME_SIDE + 1, height: 480, format: 'rgb' };
    expect(typedCode(() => validateFrame(huge))).toBe('FRAME_TOO_LARGE');
    expect(typedCode(() => validateFrame({ ...huge, width: 8000, height: 8000 }))).toBe('FRAME_TOO_LARGE');
  });

  it('accepts webcam frames in both layouts', () => {
    expect(validateFrame(frame(640, 480, 'rgba')).width).toBe(640);
    expect(
      validateFrame({ ...frame(640, 480, 'rgb'), data: new Uint8ClampedArray(640 * 480 * 3) }).height,
    ).toBe(480);
  });
});

describe('toInferenceInput', () => {
  it('drops alpha without resampling a 640×480 frame', () => {
    const f = frame(640, 480, 'rgba');
    f.data.set([10, 20, 30, 255, 40, 50, 60, 255]);
    const input = toInferenceInput(validateFrame(f));
    expect(input.scale).toBe(1);
    expect(Array.from(input.pixels.subarray(0, 6))).toEqual([10, 20, 30, 40, 50, 60]);
  });

  it('area-averages anything larger down to 640 px on the longest side', () => {
    const f = frame(1280, 720);
    // A 2×2 checker of 0 and 200 averages to 100 everywhere.
    for (let y = 0; y < 720; y += 1)
      for (let x = 0; x < 1280; x += 1)
        f.data.fill((x + y) % 2 ? 200 : 0, (y * 1280 + x) * 3, (y * 1280 + x) * 3 + 3);
    const input = toInferenceInput(validateFrame(f));
    expect(input.width).toBe(INFERENCE_MAX_SIDE);
    expect(input.height).toBe(360);
    expect(input.scale).toBe(0.5);
    expect(new Set(input.pixels)).toEqual(new Set([100]));
  });
});
