/**
 * Photometric measurements of the face region: brightness, colourfulness and sharpness.
 * The region is resampled to a fixed 112 px grid so that sharpness means the same for a near
 * and a far face; a small face therefore also reads as less sharp, which is what we want: it
 * carries less identity detail.
 */
import type { Box } from '../../shared/face.ts';

export const STATS_GRID = 112;

export interface FaceRegionStats {
  brightness: number;
  colourfulness: number;
  sharpness: number;
}

/**
 * @param pixels packed RGB (3 values a pixel)
 * @param box face box in the same pixel coordinates
 */
export function measureFaceRegion(
  pixels: ArrayLike<number>,
  width: number,
  height: number,
  box: Box,
): FaceRegionStats {
  const x0 = Math.max(0, Math.floor(box.x));
  const y0 = Math.max(0, Math.floor(box.y));
  const x1 = Math.min(width, Math.ceil(box.x + box.width));
  const y1 = Math.min(height, Math.ceil(box.y + box.height));
  if (x1 - x0 < 2 || y1 - y0 < 2) return { brightness: 0, colourfulness: 0, sharpness: 0 };
  const n = STATS_GRID;
  const grey = new Float32Array(n * n);
  let lumaSum = 0;
  let chromaSum = 0;
  for (let gy = 0; gy < n; gy += 1) {
    const sy = Math.min(y1 - 1, Math.floor(y0 + ((gy + 0.5) * (y1 - y0)) / n));
    for (let gx = 0; gx < n; gx += 1) {
      const sx = Math.min(x1 - 1, Math.floor(x0 + ((gx + 0.5) * (x1 - x0)) / n));
      const i = (sy * width + sx) * 3;
      const r = pixels[i] as number;
      const g = pixels[i + 1] as number;
      const b = pixels[i + 2] as number;
      const luma = 0.299 * r + 0.587 * g + 0.114 * b;
      grey[gy * n + gx] = luma;
      lumaSum += luma;
      chromaSum += Math.max(r, g, b) - Math.min(r, g, b);
    }
  }
  // Variance of the 4-neighbour Laplacian: the usual focus measure.
  let lapSum = 0;
  let lapSq = 0;
  let count = 0;
  for (let y = 1; y < n - 1; y += 1) {
    for (let x = 1; x < n - 1; x += 1) {
      const c = y * n + x;
      const lap =
        (grey[c - 1] as number) +
        (grey[c + 1] as number) +
        (grey[c - n] as number) +
        (grey[c + n] as number) -
        4 * (grey[c] as number);
      lapSum += lap;
      lapSq += lap * lap;
      count += 1;
    }
  }
  grey.fill(0);
  const lapMean = lapSum / count;
  return {
    brightness: lumaSum / (n * n),
    colourfulness: chromaSum / (n * n),
    sharpness: lapSq / count - lapMean * lapMean,
  };
}
