/**
 * A passive liveness signal from one face crop: how much of the crop's detail sits at the finest
 * scale. A printed photo or a screen shown to the camera is an image of an image: the print's
 * dots and ink spread, the screen's pixels and the second lens pass act as a low-pass filter, so
 * the finest detail (pores, hair edges, sensor grain on skin) is weaker relative to the coarser
 * structure (eyes, nose, mouth) than in a direct capture. Because it is a ratio of two bands of
 * the same crop, it does not depend on brightness or contrast.
 *
 * The crop is the face box resampled by area averaging to a 64×64 grey grid, the format of the
 * NUAA Photograph Imposter Database (../shared/data/pad/nuaa64), on which the threshold is set:
 *
 *   fine   = crop − G(0.5)·crop           (detail finer than ~1 px of the grid)
 *   coarse = G(0.5)·crop − G(1.5)·crop    (the next octave and a half)
 *   ratio  = var(fine) / var(coarse)      over the crop less a 4 px border
 *
 * It is a supporting signal only: the session can use it to fail a challenge that was otherwise
 * passed, never to pass one (session.ts), and its threshold is configuration (config.ts).
 */
import type { Box, RawFrame } from '../../shared/face.ts';
import type { LivenessConfig } from './config.ts';
import { median } from '../median.ts';

/** An 8-bit single-channel image, e.g. a decoded NUAA crop. */
export interface GreyImage {
  data: ArrayLike<number>;
  width: number;
  height: number;
  format: 'grey';
}

/** Colour pixels in any integer array: a frame, or the engine's inference copy (an Int32Array). */
export interface ColourImage {
  data: ArrayLike<number>;
  width: number;
  height: number;
  format: 'rgb' | 'rgba';
}

export type TextureSource = RawFrame | GreyImage | ColourImage;

/** Side of the resampled crop, in grid pixels. */
export const TEXTURE_GRID = 64;
/** Pixels at the crop's edge left out of the variances (the blurs replicate the edge there). */
const BORDER = 4;
const FINE_SIGMA = 0.5;
const COARSE_SIGMA = 1.5;

function channels(src: TextureSource): number {
  return src.format === 'grey' ? 1 : src.format === 'rgb' ? 3 : 4;
}

/**
 * The face box as a TEXTURE_GRID² luma grid. The crop is the square of side (width + height) / 2
 * centred on the box, so a slightly taller or wider box does not stretch the face. Each grid cell
 * is the mean of the source pixels whose centres fall in it (area averaging, so downscaling does
 * not alias); a cell smaller than a source pixel takes the nearest pixel. Parts of the square
 * outside the image repeat the edge pixels.
 */
export function faceCropLuma(src: TextureSource, box: Box, grid: number = TEXTURE_GRID): Float32Array {
  const ch = channels(src);
  const side = (box.width + box.height) / 2;
  const left = box.x + box.width / 2 - side / 2;
  const top = box.y + box.height / 2 - side / 2;
  const cell = side / grid;
  const out = new Float32Array(grid * grid);
  const luma = (x: number, y: number): number => {
    const cx = Math.min(src.width - 1, Math.max(0, x));
    const cy = Math.min(src.height - 1, Math.max(0, y));
    const i = (cy * src.width + cx) * ch;
    const d = src.data;
    if (ch === 1) return d[i] as number;
    return 0.299 * (d[i] as number) + 0.587 * (d[i + 1] as number) + 0.114 * (d[i + 2] as number);
  };
  // Source pixel range [from, to) of grid index g along one axis: centres inside the cell.
  const span = (origin: number, g: number): [number, number] => {
    const from = Math.ceil(origin + g * cell - 0.5);
    const to = Math.ceil(origin + (g + 1) * cell - 0.5);
    if (to > from) return [from, to];
    const nearest = Math.floor(origin + (g + 0.5) * cell);
    return [nearest, nearest + 1];
  };
  for (let gy = 0; gy < grid; gy += 1) {
    const [y0, y1] = span(top, gy);
    for (let gx = 0; gx < grid; gx += 1) {
      const [x0, x1] = span(left, gx);
      let sum = 0;
      for (let y = y0; y < y1; y += 1) for (let x = x0; x < x1; x += 1) sum += luma(x, y);
      out[gy * grid + gx] = sum / ((y1 - y0) * (x1 - x0));
    }
  }
  return out;
}

/** Separable Gaussian blur of a square grid, edges replicated. */
function gaussian(src: Float32Array, n: number, sigma: number): Float32Array {
  const r = Math.ceil(3 * sigma);
  const kernel: number[] = [];
  let total = 0;
  for (let i = -r; i <= r; i += 1) {
    const v = Math.exp(-(i * i) / (2 * sigma * sigma));
    kernel.push(v);
    total += v;
  }
  const k = kernel.map((v) => v / total);
  const clamp = (v: number): number => Math.min(n - 1, Math.max(0, v));
  const rows = new Float32Array(n * n);
  const out = new Float32Array(n * n);
  for (let y = 0; y < n; y += 1) {
    for (let x = 0; x < n; x += 1) {
      let v = 0;
      for (let i = -r; i <= r; i += 1) v += (k[i + r] as number) * (src[y * n + clamp(x + i)] as number);
      rows[y * n + x] = v;
    }
  }
  for (let y = 0; y < n; y += 1) {
    for (let x = 0; x < n; x += 1) {
      let v = 0;
      for (let i = -r; i <= r; i += 1) v += (k[i + r] as number) * (rows[clamp(y + i) * n + x] as number);
      out[y * n + x] = v;
    }
  }
  return out;
}

/** Variance of a − b over the grid less its border. */
function differenceVariance(a: Float32Array, b: Float32Array, n: number): number {
  let sum = 0;
  let sq = 0;
  let count = 0;
  for (let y = BORDER; y < n - BORDER; y += 1) {
    for (let x = BORDER; x < n - BORDER; x += 1) {
      const v = (a[y * n + x] as number) - (b[y * n + x] as number);
      sum += v;
      sq += v * v;
      count += 1;
    }
  }
  const mean = sum / count;
  return Math.max(0, sq / count - mean * mean);
}

/**
 * var(fine) / var(coarse) of a square luma grid (see the file comment). NaN when the grid has
 * (almost) no coarse structure, e.g. a flat patch: that is no evidence either way, and a caller
 * must never read it as "flat, so a photo".
 */
export function fineDetailRatio(grid: Float32Array, n: number = TEXTURE_GRID): number {
  if (grid.length !== n * n || n <= 2 * BORDER + 1) return Number.NaN;
  const fine = gaussian(grid, n, FINE_SIGMA);
  const coarse = gaussian(grid, n, COARSE_SIGMA);
  const coarseVar = differenceVariance(fine, coarse, n);
  // Below 0.01 grey levels² the "structure" is rounding, not a face.
  if (!(coarseVar > 0.01)) return Number.NaN;
  return differenceVariance(grid, fine, n) / coarseVar;
}

/** The passive signal of one face: fineDetailRatio of its crop. */
export function measureFaceTexture(src: TextureSource, box: Box): number {
  return fineDetailRatio(faceCropLuma(src, box));
}

export type PassiveConfig = LivenessConfig['passive'];

export interface PassiveVerdict {
  /** True only when enough frames were scored and their median is below the threshold. */
  spoof: boolean;
  /** Median ratio over the scored frames; NaN when there were none. */
  median: number;
  /** Frames with a finite ratio. */
  scored: number;
}

/**
 * The verdict over a challenge's frames: the median, so a few motion-blurred frames of a turning
 * head cannot sink a genuine patient, and a few sharp frames cannot lift a photo. Too few scored
 * frames, or the signal switched off, is no verdict: never a spoof, and never a pass either (the
 * challenge decides that).
 */
export function passiveVerdict(ratios: readonly number[], config: PassiveConfig): PassiveVerdict {
  const finite = ratios.filter(Number.isFinite);
  const middle = median(finite);
  const spoof =
    config.enabled && finite.length >= config.minScoredFrames && middle < config.minFineDetailRatio;
  return { spoof, median: middle, scored: finite.length };
}
