/**
 * The engine on real photos with the real models, in-process: matching, the quality gate, bad
 * input and the frame wipe.
 */
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { QualityMetrics, RawFrame } from '../../../src/shared/face.ts';
import { validateDescriptor, euclidean } from '../../../src/core/face/descriptor.ts';
import { loadDecisionRule } from '../../../src/core/face/decision-rule-file.ts';
import { ENGINE_ANALYZE_OPTIONS, FaceAnalyzer, wipeTensor } from '../../../src/core/face/face-analyzer.ts';
import { createRequire } from 'node:module';
import { thresholdFor } from '../../../src/core/face/decision-rule.ts';
import { decodeImage } from '../../../src/core/face/image-decode.ts';
import { allZero, fixtureBytes, fixtureFrame, frameFrom } from '../../support/frames.ts';
import { MODELS_DIR } from '../../support/paths.ts';
import { typedRejection } from '../../support/typed-errors.ts';

let analyzer: FaceAnalyzer;
const rule = loadDecisionRule();

beforeAll(async () => {
  analyzer = await FaceAnalyzer.create({ modelsDir: MODELS_DIR });
});

async function describeFixture(name: string): Promise<{ descriptor: Float32Array; metrics: QualityMetrics }> {
  const analysis = await analyzer.analyze(await fixtureFrame(name), {
    ...ENGINE_ANALYZE_OPTIONS,
    descriptor: true,
  });
  expect(analysis.faces.length, `a face in ${name}`).toBeGreaterThan(0);
  return { descriptor: validateDescriptor(analysis.descriptor), metrics: analysis.quality.metrics };
}

describe('matching real photos', () => {
  it('matches the same person across different photos and separates different people', async () => {
    const names = [
      'obama/obama.jpg',
      'obama/obama_small.jpg',
      'obama/obama1.jpg',
      'obama/obama2.jpg',
      'obama/obama3.jpg',
      'biden/biden.jpg',
      'biden/biden2.jpg',
    ];
    const faces = new Map<string, { descriptor: Float32Array; metrics: QualityMetrics }>();
    for (const name of names) faces.set(name, await describeFixture(name));
    /** The shipped rule's decision for one photo against another, as the kiosk would make it. */
    const sameBy = (a: string, b: string): boolean => {
      const x = faces.get(a);
      const y = faces.get(b);
      if (!x || !y) throw new Error('missing fixture');
      return euclidean(x.descriptor, y.descriptor) <= thresholdFor(rule, x.metrics, y.metrics).threshold;
    };
    // Same person: the portrait and its smaller copy, and three press photos taken years apart.
    expect(sameBy('obama/obama.jpg', 'obama/obama_small.jpg')).toBe(true);
    expect(sameBy('obama/obama1.jpg', 'obama/obama2.jpg')).toBe(true);
    expect(sameBy('obama/obama1.jpg', 'obama/obama3.jpg')).toBe(true);
    // Different people: never, for any pair of their photos.
    for (const o of names.filter((n) => n.startsWith('obama'))) {
      for (const b of names.filter((n) => n.startsWith('biden')))
        expect(sameBy(o, b), `${o} vs ${b}`).toBe(false);
    }
  });

  it('gives the same descriptor for the same pixels (deterministic)', async () => {
    const a = await describeFixture('obama/obama.jpg');
    const b = await describeFixture('obama/obama.jpg');
    expect(euclidean(a.descriptor, b.descriptor)).toBeLessThan(1e-5);
  });
});

describe('quality gate on real frames', () => {
  it('passes a well-lit frontal portrait', async () => {
    const analysis = await analyzer.analyze(await fixtureFrame('obama/obama.jpg'));
    expect(analysis.quality.reasons).toEqual([]);
    expect(analysis.quality.ok).toBe(true);
    expect(analysis.faces[0]?.landmarks).toHaveLength(68);
    expect(Math.abs(analysis.quality.metrics.yaw)).toBeLessThan(10);
  });

  it('finds no face in a frame without one', async () => {
    const blank = await frameFrom(
      sharp({
        create: { width: 640, height: 480, channels: 3, background: { r: 120, g: 140, b: 160 } },
      }).blur(3),
    );
    const analysis = await analyzer.analyze(blank);
    expect(analysis.faces).toHaveLength(0);
    expect(analysis.quality.reasons).toEqual(['NO_FACE']);
  });

  it('refuses two people in the frame', async () => {
    const left = await sharp(fixtureBytes('obama/obama_small.jpg')).resize(320, 240).toBuffer();
    const right = await sharp(fixtureBytes('biden/biden2.jpg')).resize(320, 240, { fit: 'cover' }).toBuffer();
    const both = await frameFrom(
      sharp({ create: { width: 640, height: 240, channels: 3, background: '#808080' } }).composite([
        { input: left, left: 0, top: 0 },
        { input: right, left: 320, top: 0 },
      ]),
    );
    const analysis = await analyzer.analyze(both);
    expect(analysis.faces.length).toBe(2);
    expect(analysis.quality.reasons).toContain('MULTIPLE_FACES');
    expect(analysis.quality.ok).toBe(false);
  });

  it('says "too dark" for an underexposed frame', async () => {
    const dark = await frameFrom(sharp(fixtureBytes('obama/obama_small.jpg')).linear(0.25, 0));
    const analysis = await analyzer.analyze(dark);
    expect(analysis.quality.reasons).toContain('TOO_DARK');
  });

  it('says "too bright" for an overexposed frame', async () => {
    const bright = await frameFrom(sharp(fixtureBytes('obama/obama_small.jpg')).linear(0.4, 170));
    const analysis = await analyzer.analyze(bright);
    expect(analysis.quality.reasons).toContain('TOO_BRIGHT');
  });

  it('says "move closer" when the face is small in the frame', async () => {
    const small = await sharp(fixtureBytes('obama/obama_small.jpg')).resize(120, 90).toBuffer();
    const far = await frameFrom(
      sharp({ create: { width: 640, height: 480, channels: 3, background: '#7f7f7f' } }).composite([
        { input: small, left: 240, top: 180 },
      ]),
    );
    const analysis = await analyzer.analyze(far);
    expect(analysis.faces.length).toBe(1);
    expect(analysis.quality.reasons).toContain('FACE_TOO_SMALL');
  });

  it('says "blurry" for a defocused frame', async () => {
    const blurred = await frameFrom(
      sharp(fixtureBytes('obama/obama.jpg')).resize(640, 480, { fit: 'inside' }).blur(3),
    );
    const analysis = await analyzer.analyze(blurred);
    expect(analysis.faces.length).toBe(1);
    expect(analysis.quality.reasons).toContain('BLURRY');
  });

  it('says "look at the camera" for a face turned away', async () => {
    const analysis = await analyzer.analyze(await fixtureFrame('obama/obama1.jpg'));
    expect(Math.abs(analysis.quality.metrics.yaw)).toBeGreaterThan(20);
    expect(analysis.quality.reasons).toContain('NOT_FACING_CAMERA');
  });
});

describe('bad input', () => {
  it('gives CORRUPT_IMAGE for a truncated JPEG and for bytes that are no image', async () => {
    const jpeg = fixtureBytes('obama/obama.jpg');
    expect(await typedRejection(decodeImage(jpeg.subarray(0, jpeg.length / 3)))).toBe('CORRUPT_IMAGE');
    expect(await typedRejection(decodeImage(new TextEncoder().encode('definitely not a photo')))).toBe(
      'CORRUPT_IMAGE',
    );
    expect(await typedRejection(decodeImage(new Uint8Array(0)))).toBe('CORRUPT_IMAGE');
  });

  it('gives INVALID_FRAME for mismatched dimensions and still wipes what it was given', async () => {
    const frame = await fixtureFrame('obama/obama.jpg');
    const lying: RawFrame = { ...frame, width: frame.width + 1 };
    const before = analyzer.tensorCount();
    expect(await typedRejection(analyzer.analyze(lying, { descriptor: true }))).toBe('INVALID_FRAME');
    expect(allZero(frame.data)).toBe(true);
    expect(analyzer.tensorCount()).toBe(before);
  });

  it('gives FRAME_TOO_LARGE for a huge frame', async () => {
    const huge: RawFrame = { data: new Uint8Array(9000 * 10 * 3), width: 9000, height: 10, format: 'rgb' };
    expect(await typedRejection(analyzer.analyze(huge))).toBe('FRAME_TOO_LARGE');
  });

  it('downscales a large frame and reports boxes in the original coordinates', async () => {
    const big = await decodeImage(fixtureBytes('obama/obama_small.jpg'));
    const upscaled = await frameFrom(
      sharp(Buffer.from(big.data), { raw: { width: big.width, height: big.height, channels: 3 } }).resize(
        1280,
        960,
      ),
    );
    const analysis = await analyzer.analyze(upscaled);
    expect(analysis.width).toBe(1280);
    const face = analysis.faces[0];
    expect(face).toBeDefined();
    expect(face?.box.width).toBeGreaterThan(150);
    expect((face?.box.x ?? 0) + (face?.box.width ?? 0)).toBeLessThanOrEqual(1280);
  });
});

describe('frame wipe', () => {
  it('zeroes the frame and releases every tensor after a decision', async () => {
    const baseline = analyzer.tensorCount();
    const frame = await fixtureFrame('obama/obama.jpg');
    expect(allZero(frame.data)).toBe(false);
    const analysis = await analyzer.analyze(frame, { descriptor: true });
    expect(analysis.descriptor).toHaveLength(128);
    expect(allZero(frame.data)).toBe(true);
    expect(analyzer.tensorCount()).toBe(baseline);
  });

  it('wipes an RGBA frame with no face too', async () => {
    const baseline = analyzer.tensorCount();
    const rgba: RawFrame = {
      data: new Uint8ClampedArray(640 * 480 * 4).fill(90),
      width: 640,
      height: 480,
      format: 'rgba',
    };
    await analyzer.analyze(rgba, { descriptor: true });
    expect(allZero(rgba.data)).toBe(true);
    expect(analyzer.tensorCount()).toBe(baseline);
  });
});

describe('wasm heap wipe', () => {
  it('zeroes the tensor memory in the wasm heap before freeing it', () => {
    const tf = createRequire(import.meta.url)('@tensorflow/tfjs') as typeof import('@tensorflow/tfjs');
    expect(tf.getBackend()).toBe('wasm');
    const tensor = tf.tensor3d(
      Int32Array.from({ length: 48 }, (_, i) => 100 + i),
      [4, 4, 3],
      'int32',
    );
    // A view on the very bytes the backend holds for this tensor (not a copy).
    const backend = tf.backend() as unknown as { typedArrayFromHeap(t: unknown): Int32Array };
    const heap = backend.typedArrayFromHeap(tensor);
    expect(heap[5]).toBe(105);
    const before = analyzer.tensorCount();
    wipeTensor(tf, tensor);
    expect(tensor.isDisposed).toBe(true);
    expect(analyzer.tensorCount()).toBe(before - 1);
    // Freed memory gets the allocator's bookkeeping in its first words; what matters is that none
    // of the pixel values survive, and that the rest is zeros.
    expect(heap.some((v, i) => v === 100 + i)).toBe(false);
    expect(allZero(heap.subarray(4))).toBe(true);
  });
});
