/**
 * dlib's face alignment for the recognition net, ported from dlib 19.24 (Boost Software License
 * 1.0, http://dlib.net): `get_face_chip_details(shape, 150, 0.25)` and `extract_image_chip` with
 * `interpolate_bilinear` (dlib/image_transforms/interpolation.h), `pyramid_down<2>`
 * (dlib/image_transforms/image_pyramid.h) and `find_similarity_transform`
 * (dlib/geometry/point_transforms.h).
 *
 * Why: face-api feeds the ResNet the landmarks' axis-aligned box, never rotated or scaled to the
 * pose the net was trained on. dlib maps 33 of the 68 landmarks onto its mean face shape by a
 * least-squares similarity (rotation, uniform scale, translation), and samples a 150×150 chip.
 * Checked against chips made by dlib itself (test/fixtures/dlib-chips, see its README).
 *
 * One deliberate difference: dlib's shape predictor gives whole-pixel landmarks; face-api's are
 * sub-pixel, and they are used as they are (rounding them would only add noise).
 *
 * Every buffer that holds pixels (the chip and any pyramid level) is registered with the caller's
 * PixelCopies and zeroed with the rest of the frame's copies.
 */
import { FaceEngineError } from '../../shared/errors.ts';
import type { Point } from '../../shared/face.ts';
import type { PixelCopies } from './pixel-copies.ts';

/** dlib_face_recognition_resnet_model_v1 takes 150×150 chips made with padding 0.25. */
export const FACE_CHIP_SIZE = 150;
export const FACE_CHIP_PADDING = 0.25;

/**
 * dlib's mean face shape: average positions of landmarks 17–67 in a unit square
 * (dlib/image_transforms/interpolation.h, get_face_chip_details).
 */
const MEAN_FACE_SHAPE_X = [
  0.000213256, 0.0752622, 0.18113, 0.29077, 0.393397, 0.586856, 0.689483, 0.799124, 0.904991, 0.98004,
  0.490127, 0.490127, 0.490127, 0.490127, 0.36688, 0.426036, 0.490127, 0.554217, 0.613373, 0.121737, 0.187122,
  0.265825, 0.334606, 0.260918, 0.182743, 0.645647, 0.714428, 0.793132, 0.858516, 0.79751, 0.719335, 0.254149,
  0.340985, 0.428858, 0.490127, 0.551395, 0.639268, 0.726104, 0.642159, 0.556721, 0.490127, 0.423532,
  0.338094, 0.290379, 0.428096, 0.490127, 0.552157, 0.689874, 0.553364, 0.490127, 0.42689,
] as const;
const MEAN_FACE_SHAPE_Y = [
  0.106454, 0.038915, 0.0187482, 0.0344891, 0.0773906, 0.0773906, 0.0344891, 0.0187482, 0.038915, 0.106454,
  0.203352, 0.307009, 0.409805, 0.515625, 0.587326, 0.609345, 0.628106, 0.609345, 0.587326, 0.216423,
  0.178758, 0.179852, 0.231733, 0.245099, 0.244077, 0.231733, 0.179852, 0.178758, 0.216423, 0.244077,
  0.245099, 0.780233, 0.745405, 0.727388, 0.742578, 0.727388, 0.745405, 0.780233, 0.864805, 0.902192,
  0.909281, 0.902192, 0.864805, 0.784792, 0.778746, 0.785343, 0.778746, 0.784792, 0.824182, 0.831803,
  0.824182,
] as const;

/** dlib's drectangle: inclusive edges, so its width is right − left + 1. */
interface DRect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** dlib's chip_details: where the chip lies in the image (rotated by `angle` about the rect's centre). */
export interface ChipDetails extends DRect {
  /** Radians, image axes (y down). */
  angle: number;
  rows: number;
  cols: number;
}

/** Packed 8-bit RGB pixels, row-major (the engine's inference copy). */
export interface RgbImage {
  pixels: ArrayLike<number>;
  width: number;
  height: number;
}

type Vec = [number, number];

const isEmpty = (r: DRect): boolean => r.top > r.bottom || r.left > r.right;
const area = (r: DRect): number => (isEmpty(r) ? 0 : (r.right - r.left + 1) * (r.bottom - r.top + 1));
const centre = (r: DRect): Vec => [(r.left + r.right) / 2, (r.top + r.bottom) / 2];

/** pyramid_down<2>::point_down: its 5-tap filter and the dropped border shift coordinates. */
const pointDown = ([x, y]: Vec): Vec => [x / 2 - 1.25, y / 2 - 0.75];
function rectDown(r: DRect): DRect {
  const [left, top] = pointDown([r.left, r.top]);
  const [right, bottom] = pointDown([r.right, r.bottom]);
  return { left, top, right, bottom };
}

function rotatePoint(c: Vec, p: Vec, angle: number): Vec {
  const sin = Math.sin(angle);
  const cos = Math.cos(angle);
  const x = p[0] - c[0];
  const y = p[1] - c[1];
  return [cos * x - sin * y + c[0], sin * x + cos * y + c[1]];
}

/**
 * Least-squares similarity from `from` to `to` (Umeyama 1991, eqs. 34–43, as dlib implements it).
 * In 2-D the optimal proper rotation and scale have the closed form below: it is what Umeyama's
 * SVD with the reflection correction yields, without the SVD.
 */
function similarityTransform(from: Vec[], to: Vec[]): { a: number; b: number; tx: number; ty: number } {
  const n = from.length;
  let fx = 0;
  let fy = 0;
  let tx = 0;
  let ty = 0;
  for (let i = 0; i < n; i += 1) {
    fx += (from[i] as Vec)[0];
    fy += (from[i] as Vec)[1];
    tx += (to[i] as Vec)[0];
    ty += (to[i] as Vec)[1];
  }
  fx /= n;
  fy /= n;
  tx /= n;
  ty /= n;
  let sigma = 0;
  let dot = 0;
  let cross = 0;
  for (let i = 0; i < n; i += 1) {
    const ux = (from[i] as Vec)[0] - fx;
    const uy = (from[i] as Vec)[1] - fy;
    const vx = (to[i] as Vec)[0] - tx;
    const vy = (to[i] as Vec)[1] - ty;
    sigma += ux * ux + uy * uy;
    dot += ux * vx + uy * vy;
    cross += ux * vy - uy * vx;
  }
  // The transform is [[a, −b], [b, a]]·p + t: a rotation by atan2(b, a) and a scale of hypot(a, b).
  const a = sigma > 0 ? dot / sigma : 1;
  const b = sigma > 0 ? cross / sigma : 0;
  return { a, b, tx: tx - (a * fx - b * fy), ty: ty - (b * fx + a * fy) };
}

/**
 * The landmarks the alignment uses: the eyes, nose and upper lip (points 27–54 and 60–64).
 * Eyebrows and jaw move with expression and pose, the lower lip with speech.
 */
export const ALIGNMENT_LANDMARKS: readonly number[] = Array.from(
  { length: 68 - 17 },
  (_, k) => k + 17,
).filter((i) => !((i >= 55 && i <= 59) || (i >= 65 && i <= 67) || i <= 26));

/** Where the chip puts landmark `index` (one of ALIGNMENT_LANDMARKS): dlib's mean face, padded, scaled to the chip. */
export function meanFacePosition(
  index: number,
  size: number = FACE_CHIP_SIZE,
  padding: number = FACE_CHIP_PADDING,
): Point {
  const x = (padding + (MEAN_FACE_SHAPE_X[index - 17] as number)) / (2 * padding + 1);
  const y = (padding + (MEAN_FACE_SHAPE_Y[index - 17] as number)) / (2 * padding + 1);
  return { x: x * size, y: y * size };
}

/** Where dlib would cut the chip for these 68 landmarks: get_face_chip_details(shape, size, padding). */
export function faceChipDetails(
  landmarks: readonly Point[],
  size: number = FACE_CHIP_SIZE,
  padding: number = FACE_CHIP_PADDING,
): ChipDetails {
  if (landmarks.length !== 68 || !landmarks.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y))) {
    throw new FaceEngineError('INVALID_FRAME', 'Face alignment needs 68 finite landmarks.');
  }
  const from: Vec[] = [];
  const to: Vec[] = [];
  for (const i of ALIGNMENT_LANDMARKS) {
    const m = meanFacePosition(i, size, padding);
    from.push([m.x, m.y]);
    const p = landmarks[i] as Point;
    to.push([p.x, p.y]);
  }
  const { a, b, tx, ty } = similarityTransform(from, to);
  const scale = Math.sqrt(a * a + b * b);
  // The chip's centre in the image, and a rect of the chip's size in image pixels around it
  // (dlib's centered_drect: inclusive edges, hence the − 1).
  const cx = a * (size / 2) - b * (size / 2) + tx;
  const cy = b * (size / 2) + a * (size / 2) + ty;
  const w = size * scale - 1;
  const h = size * scale - 1;
  return {
    left: cx - w / 2,
    top: cy - h / 2,
    right: cx + w / 2,
    bottom: cy + h / 2,
    angle: Math.atan2(b, a),
    rows: size,
    cols: size,
  };
}

/**
 * pyramid_down<2> on RGB: a separable [1 4 6 4 1] filter in 16-bit integers, every other row and
 * column kept, and the result divided by 256 (truncated, as dlib does).
 */
function pyramidDown(src: RgbImage, copies: PixelCopies): RgbImage {
  const { width, height } = src;
  if (height <= 8 || width <= 8) return { pixels: new Int32Array(0), width: 0, height: 0 };
  const tw = Math.floor((width - 3) / 2);
  const temp = copies.take(new Int32Array(height * tw * 3));
  const s = src.pixels;
  for (let r = 0; r < height; r += 1) {
    for (let c = 0; c < tw; c += 1) {
      const i = (r * width + 2 * c) * 3;
      const o = (r * tw + c) * 3;
      for (let k = 0; k < 3; k += 1) {
        temp[o + k] =
          (s[i + k] as number) +
          4 * (s[i + 3 + k] as number) +
          6 * (s[i + 6 + k] as number) +
          4 * (s[i + 9 + k] as number) +
          (s[i + 12 + k] as number);
      }
    }
  }
  const dh = Math.floor((height - 3) / 2);
  const down = copies.take(new Int32Array(dh * tw * 3));
  for (let r = 2, dr = 0; r < height - 2; r += 2, dr += 1) {
    for (let c = 0; c < tw; c += 1) {
      for (let k = 0; k < 3; k += 1) {
        const at = (row: number): number => temp[(row * tw + c) * 3 + k] as number;
        const sum = at(r - 2) + 4 * at(r - 1) + 6 * at(r) + 4 * at(r + 1) + at(r + 2);
        down[(dr * tw + c) * 3 + k] = Math.floor(sum / 256);
      }
    }
  }
  return { pixels: down, width: tw, height: dh };
}

/** A view of `src` inside `box` (whole pixels, inclusive), copied so the pyramid can filter it. */
function subImage(src: RgbImage, box: DRect, copies: PixelCopies): RgbImage {
  const width = box.right - box.left + 1;
  const height = box.bottom - box.top + 1;
  const out = copies.take(new Int32Array(width * height * 3));
  for (let r = 0; r < height; r += 1) {
    const from = ((box.top + r) * src.width + box.left) * 3;
    for (let i = 0; i < width * 3; i += 1) out[r * width * 3 + i] = src.pixels[from + i] as number;
  }
  return { pixels: out, width, height };
}

/**
 * extract_image_chip(img, details, chip) with bilinear interpolation: the chip's pixels are
 * sampled from the image (or, when the chip is less than half the size of the face, from the
 * level of dlib's image pyramid that keeps bilinear sampling from aliasing). Samples outside the
 * image are black. Returns packed RGB int32 (rows × cols × 3), registered with `copies`.
 */
export function extractFaceChip(image: RgbImage, details: ChipDetails, copies: PixelCopies): Int32Array {
  const { rows, cols, angle } = details;
  const chip = copies.take(new Int32Array(rows * cols * 3), 'chip');
  // How deep the pyramid must go, and the region it must cover (the rotated chip, grown by a
  // border that keeps the filter's edge effects out of the chip).
  let grow = 2;
  for (let r = rectDown(details); area(r) > rows * cols; r = rectDown(r)) grow = grow * 2 + 2;
  const c = centre(details);
  const corners: Vec[] = [
    [details.left, details.top],
    [details.right, details.top],
    [details.left, details.bottom],
    [details.right, details.bottom],
  ].map((p) => rotatePoint(c, p as Vec, angle));
  const xs = corners.map((p) => p[0]);
  const ys = corners.map((p) => p[1]);
  const grown: DRect = {
    left: Math.max(Math.min(...xs) - grow, 0),
    top: Math.max(Math.min(...ys) - grow, 0),
    right: Math.min(Math.max(...xs) + grow, image.width - 1),
    bottom: Math.min(Math.max(...ys) + grow, image.height - 1),
  };
  // drectangle → rectangle rounds each edge to the nearest whole pixel.
  const box: DRect = {
    left: Math.floor(grown.left + 0.5),
    top: Math.floor(grown.top + 0.5),
    right: Math.floor(grown.right + 0.5),
    bottom: Math.floor(grown.bottom + 0.5),
  };
  if (isEmpty(box)) return chip;

  let source = subImage(image, box, copies);
  let rect: DRect = {
    left: details.left - box.left,
    top: details.top - box.top,
    right: details.right - box.left,
    bottom: details.bottom - box.top,
  };
  while (area(rectDown(rect)) > rows * cols) {
    source = pyramidDown(source, copies);
    rect = rectDown(rect);
  }
  // The affine map from chip pixels to the source: chip corners onto the rotated rect's corners.
  const rc = centre(rect);
  const tl = rotatePoint(rc, [rect.left, rect.top], angle);
  const tr = rotatePoint(rc, [rect.right, rect.top], angle);
  const bl = rotatePoint(rc, [rect.left, rect.bottom], angle);
  const m00 = (tr[0] - tl[0]) / (cols - 1);
  const m10 = (tr[1] - tl[1]) / (cols - 1);
  const m01 = (bl[0] - tl[0]) / (rows - 1);
  const m11 = (bl[1] - tl[1]) / (rows - 1);
  const { pixels, width, height } = source;
  for (let r = 0; r < rows; r += 1) {
    for (let col = 0; col < cols; col += 1) {
      const x = m00 * col + m01 * r + tl[0];
      const y = m10 * col + m11 * r + tl[1];
      const left = Math.floor(x);
      const top = Math.floor(y);
      if (!(left >= 0 && top >= 0 && left + 1 < width && top + 1 < height)) continue;
      const lr = x - left;
      const tb = y - top;
      const i = (top * width + left) * 3;
      const j = i + width * 3;
      const o = (r * cols + col) * 3;
      for (let k = 0; k < 3; k += 1) {
        const value =
          (1 - tb) * ((1 - lr) * (pixels[i + k] as number) + lr * (pixels[i + 3 + k] as number)) +
          tb * ((1 - lr) * (pixels[j + k] as number) + lr * (pixels[j + 3 + k] as number));
        // dlib's vector_to_pixel truncates to unsigned char.
        chip[o + k] = Math.trunc(value);
      }
    }
  }
  return chip;
}
