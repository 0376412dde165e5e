/**
 * The passive texture signal: its arithmetic on synthetic textures, the crop, the verdict, the
 * NUAA BMP reader, real faces through the engine (committed fixtures), and the rates on ../shared
 * (NUAA crops and the PAD frames), skipped loudly without it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { FaceAnalyzer } from '../../../src/core/face/face-analyzer.ts';
import { decodeImage } from '../../../src/core/face/image-decode.ts';
import { decodeBmpGrey } from '../../../src/core/evaluation/liveness/bmp-grey.ts';
import { DEFAULT_LIVENESS_CONFIG } from '../../../src/core/liveness/config.ts';
import {
  faceCropLuma,
  fineDetailRatio,
  measureFaceTexture,
  passiveVerdict,
  TEXTURE_GRID,
  type GreyImage,
} from '../../../src/core/liveness/passive-texture.ts';
import { seededRandom } from '../../../src/core/seeded-random.ts';
import type { Box, RawFrame } from '../../../src/shared/face.ts';
import { fixtureFrame } from '../../support/frames.ts';
import { MODELS_DIR, SHARED, sharedAvailable } from '../../support/paths.ts';
import { typedCode } from '../../support/typed-errors.ts';

const PASSIVE = DEFAULT_LIVENESS_CONFIG.passive;
const THRESHOLD = PASSIVE.minFineDetailRatio;
const N = TEXTURE_GRID;

function grid(fn: (x: number, y: number) => number): Float32Array {
  const g = new Float32Array(N * N);
  for (let y = 0; y < N; y += 1) for (let x = 0; x < N; x += 1) g[y * N + x] = fn(x, y);
  return g;
}

/** Uniform noise in [0, 255), then box-blurred `passes` times (each pass removes fine detail). */
function noiseGrid(seed: number, passes = 0): Float32Array {
  const random = seededRandom(seed);
  let g = grid(() => random() * 255);
  for (let p = 0; p < passes; p += 1) {
    const next = new Float32Array(N * N);
    for (let y = 0; y < N; y += 1) {
      for (let x = 0; x < N; x += 1) {
        let sum = 0;
        let n = 0;
        for (let dy = -1; dy <= 1; dy += 1) {
          for (let dx = -1; dx <= 1; dx += 1) {
            const xx = x + dx;
            const yy = y + dy;
            if (xx < 0 || yy < 0 || xx >= N || yy >= N) continue;
            sum += g[yy * N + xx] as number;
            n += 1;
          }
        }
        next[y * N + x] = sum / n;
      }
    }
    g = next;
  }
  return g;
}

describe('fineDetailRatio on synthetic textures', () => {
  it('is high for pixel-level noise and falls as the texture is blurred (a recapture is a low-pass)', () => {
    const ratios = [0, 1, 2, 3].map((passes) => fineDetailRatio(noiseGrid(7, passes)));
    // White noise keeps about half its band energy at the finest scale; real faces score ~0.1.
    expect(ratios[0]).toBeGreaterThan(0.4);
    for (let i = 1; i < ratios.length; i += 1) expect(ratios[i]).toBeLessThan(ratios[i - 1] as number);
    expect(ratios[3]).toBeLessThan(THRESHOLD);
  });

  it('does not depend on brightness or contrast', () => {
    const g = noiseGrid(3, 1);
    const dimmer = g.map((v) => 0.4 * v + 20);
    expect(fineDetailRatio(dimmer)).toBeCloseTo(fineDetailRatio(g), 4);
  });

  it('is NaN (no evidence) for a flat patch, never a "spoof"', () => {
    expect(fineDetailRatio(grid(() => 128))).toBeNaN();
    expect(fineDetailRatio(new Float32Array(10))).toBeNaN();
    expect(passiveVerdict([Number.NaN, Number.NaN, Number.NaN], PASSIVE).spoof).toBe(false);
  });

  it('is at its floor for smooth structure: nothing finer than the coarse band', () => {
    // For slow waves both bands grow as frequency², so the ratio tends to (0.5² / (1.5² − 0.5²))² ≈ 0.016.
    const waves = grid((x, y) => 128 + 60 * Math.sin(x / 4) * Math.cos(y / 5));
    expect(fineDetailRatio(waves)).toBeGreaterThan(0.01);
    expect(fineDetailRatio(waves)).toBeLessThan(0.02);
  });
});

describe('faceCropLuma', () => {
  it('averages the source pixels of each cell (no aliasing) and weighs RGB as luma', () => {
    // 2-px stripes, red and blue: a 2× downscale sees their average, not one of them.
    const w = 2 * N;
    const data = new Uint8Array(w * w * 3);
    for (let y = 0; y < w; y += 1) {
      for (let x = 0; x < w; x += 1) {
        const i = (y * w + x) * 3;
        if (x % 2 === 0) data[i] = 200;
        else data[i + 2] = 200;
      }
    }
    const crop = faceCropLuma(
      { data, width: w, height: w, format: 'rgb' },
      { x: 0, y: 0, width: w, height: w },
    );
    const expected = (0.299 * 200 + 0.114 * 200) / 2;
    for (const v of crop) expect(v).toBeCloseTo(expected, 3);
  });

  it('crops a square around the box and repeats the edge outside the image', () => {
    const img: GreyImage = {
      data: new Uint8Array(100 * 100).fill(90),
      width: 100,
      height: 100,
      format: 'grey',
    };
    const crop = faceCropLuma(img, { x: 80, y: -30, width: 60, height: 40 });
    expect(crop).toHaveLength(N * N);
    for (const v of crop) expect(v).toBe(90);
  });
});

describe('passiveVerdict', () => {
  it('flags only when enough frames are scored and their median is below the threshold', () => {
    const low = THRESHOLD * 0.8;
    const high = THRESHOLD * 1.5;
    expect(passiveVerdict([low, low, low], PASSIVE)).toMatchObject({ spoof: true, scored: 3 });
    expect(passiveVerdict([low, low], PASSIVE).spoof).toBe(false);
    // The median: one sharp frame cannot lift a photo, one blurred frame cannot sink a patient.
    expect(passiveVerdict([low, low, high], PASSIVE).spoof).toBe(true);
    expect(passiveVerdict([high, high, low], PASSIVE).spoof).toBe(false);
    expect(passiveVerdict([low, low, low, Number.NaN], PASSIVE).scored).toBe(3);
    expect(passiveVerdict([low, low, low], { ...PASSIVE, enabled: false }).spoof).toBe(false);
  });
});

/** A minimal uncompressed BMP: 8-bit grey palette or 24-bit, bottom-up or top-down. */
function bmp(
  width: number,
  height: number,
  pixel: (x: number, y: number) => number,
  bpp: 8 | 24,
  topDown = false,
) {
  const stride = Math.ceil((width * bpp) / 32) * 4;
  const palette = bpp === 8 ? 1024 : 0;
  const offset = 54 + palette;
  const buf = Buffer.alloc(offset + stride * height);
  buf.write('BM', 0, 'latin1');
  buf.writeUInt32LE(buf.length, 2);
  buf.writeUInt32LE(offset, 10);
  buf.writeUInt32LE(40, 14);
  buf.writeInt32LE(width, 18);
  buf.writeInt32LE(topDown ? -height : height, 22);
  buf.writeUInt16LE(1, 26);
  buf.writeUInt16LE(bpp, 28);
  for (let i = 0; i < 256 && bpp === 8; i += 1) buf.fill(i, 54 + i * 4, 54 + i * 4 + 3);
  for (let y = 0; y < height; y += 1) {
    const row = offset + (topDown ? y : height - 1 - y) * stride;
    for (let x = 0; x < width; x += 1) {
      const v = pixel(x, y);
      if (bpp === 8) buf[row + x] = v;
      else buf.fill(v, row + x * 3, row + x * 3 + 3);
    }
  }
  return new Uint8Array(buf);
}

describe('decodeBmpGrey', () => {
  it('reads 8-bit palette and 24-bit BMPs, bottom-up and top-down, row padding included', () => {
    const pixel = (x: number, y: number) => (x * 17 + y * 31) % 256;
    for (const bpp of [8, 24] as const) {
      for (const topDown of [false, true]) {
        const img = decodeBmpGrey(bmp(5, 3, pixel, bpp, topDown));
        expect(img).toMatchObject({ width: 5, height: 3, format: 'grey' });
        for (let y = 0; y < 3; y += 1)
          for (let x = 0; x < 5; x += 1) expect(img.data[y * 5 + x]).toBe(pixel(x, y));
      }
    }
  });

  it('refuses what it cannot read with a typed CORRUPT_IMAGE', () => {
    const good = bmp(4, 4, () => 1, 8);
    expect(typedCode(() => decodeBmpGrey(good.subarray(0, 100)))).toBe('CORRUPT_IMAGE');
    expect(typedCode(() => decodeBmpGrey(new Uint8Array(60)))).toBe('CORRUPT_IMAGE');
    const packed = new Uint8Array(good);
    packed[30] = 1; // RLE
    expect(typedCode(() => decodeBmpGrey(packed))).toBe('CORRUPT_IMAGE');
  });
});

describe('real faces through the engine (committed fixtures)', () => {
  let analyzer: FaceAnalyzer;
  beforeAll(async () => {
    analyzer = await FaceAnalyzer.create({ modelsDir: MODELS_DIR });
  });

  async function faceBox(frame: RawFrame): Promise<Box> {
    const a = await analyzer.analyze({ ...frame, data: new Uint8Array(frame.data) });
    const face = a.faces[a.primary];
    expect(face, 'a face').toBeDefined();
    return (face as { box: Box }).box;
  }

  async function blurred(frame: RawFrame, sigma: number): Promise<RawFrame> {
    const { data, info } = await sharp(frame.data, {
      raw: { width: frame.width, height: frame.height, channels: 3 },
    })
      .blur(sigma)
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { data: new Uint8Array(data), width: info.width, height: info.height, format: 'rgb' };
  }

  it.each(['obama/obama.jpg', 'obama/obama1.jpg', 'obama/obama2.jpg', 'biden/biden.jpg', 'biden/biden2.jpg'])(
    '%s: a direct photo scores above the threshold; the same photo defocused scores below it',
    async (name) => {
      const frame = await fixtureFrame(name);
      const box = await faceBox(frame);
      const sharpRatio = measureFaceTexture(frame, box);
      expect(sharpRatio).toBeGreaterThan(THRESHOLD);
      // A blur of ~1/40 of the face width: what a recapture out of focus or a low-resolution print does.
      const soft = measureFaceTexture(await blurred(frame, Math.max(0.5, box.width / 40)), box);
      expect(soft).toBeLessThan(THRESHOLD);
    },
  );
});

const nuaaAvailable = sharedAvailable('pad/nuaa64');
describe.skipIf(!nuaaAvailable)('NUAA crops (../shared/data/pad/nuaa64)', () => {
  const ratios = (kind: string): number[] => {
    const dir = join(SHARED, 'pad', 'nuaa64', kind);
    return readdirSync(dir).flatMap((s) =>
      readdirSync(join(dir, s)).map((f) => {
        const grey = decodeBmpGrey(readFileSync(join(dir, s, f)));
        return measureFaceTexture(grey, { x: 0, y: 0, width: grey.width, height: grey.height });
      }),
    );
  };

  it('rejects at most 3 % of the real crops and flags at least a third of the printed ones', () => {
    const real = ratios('real');
    const spoof = ratios('spoof');
    expect(real.length).toBeGreaterThan(100);
    const frr = real.filter((r) => r < THRESHOLD).length / real.length;
    const flagged = spoof.filter((r) => r < THRESHOLD).length / spoof.length;
    expect(frr).toBeLessThanOrEqual(0.03);
    expect(flagged).toBeGreaterThanOrEqual(0.33);
  });
});

const padAvailable = sharedAvailable('pad/frames/bona_fide');
describe.skipIf(!padAvailable)('the PAD frames (../shared/data/pad/frames)', () => {
  it('does not flag the bona-fide frame', async () => {
    const dir = join(SHARED, 'pad', 'frames', 'bona_fide');
    const analyzer = await FaceAnalyzer.create({ modelsDir: MODELS_DIR });
    for (const f of readdirSync(dir)) {
      const frame = await decodeImage(readFileSync(join(dir, f)), { fitInside: { width: 640, height: 480 } });
      const a = await analyzer.analyze({ ...frame, data: new Uint8Array(frame.data) });
      const face = a.faces[a.primary];
      expect(face).toBeDefined();
      expect(measureFaceTexture(frame, (face as { box: Box }).box)).toBeGreaterThan(THRESHOLD);
    }
  });
});
