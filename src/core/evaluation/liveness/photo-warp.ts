/**
 * What a camera sees of a flat photo (or screen) held up in front of it: the photo's plane tilted
 * about its vertical and horizontal axes (a true perspective warp, not just a shear), turned in its
 * plane, scaled and moved, lit a little brighter or darker, with the camera's own sensor noise.
 * The liveness evaluation renders attack frames with it and runs them through the real engine.
 * Pure TypeScript on RGB pixels (sharp's affine has no perspective).
 */
import type { RawFrame } from '../../../shared/face.ts';

export interface PhotoPose {
  /** Tilt of the photo's plane about its vertical axis, degrees (what an attacker does to fake a turn). */
  tiltYDeg: number;
  /** Tilt about its horizontal axis, degrees. */
  tiltXDeg: number;
  /** In-plane rotation, degrees. */
  rollDeg: number;
  /** Scale (1 = as in the still). */
  scale: number;
  /** Translation in px. */
  dx: number;
  dy: number;
  /** Brightness gain (1 = unchanged). */
  gain: number;
  /** Standard deviation of the added per-pixel noise, grey levels. */
  noise: number;
}

export const NEUTRAL_POSE: PhotoPose = {
  tiltYDeg: 0,
  tiltXDeg: 0,
  rollDeg: 0,
  scale: 1,
  dx: 0,
  dy: 0,
  gain: 1,
  noise: 0,
};

/** 3×3 matrices, row-major. */
type Mat3 = [number, number, number, number, number, number, number, number, number];

function multiply(a: Mat3, b: Mat3): Mat3 {
  const out = new Array<number>(9).fill(0) as Mat3;
  const at = (m: Mat3, i: number): number => m[i] as number;
  for (let r = 0; r < 3; r += 1) {
    for (let c = 0; c < 3; c += 1) {
      out[r * 3 + c] =
        at(a, r * 3) * at(b, c) + at(a, r * 3 + 1) * at(b, 3 + c) + at(a, r * 3 + 2) * at(b, 6 + c);
    }
  }
  return out;
}

function invert(m: Mat3): Mat3 {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (Math.abs(det) < 1e-12) throw new RangeError('singular warp');
  const k = 1 / det;
  return [
    A * k,
    -(b * i - c * h) * k,
    (b * f - c * e) * k,
    B * k,
    (a * i - c * g) * k,
    -(a * f - c * d) * k,
    C * k,
    -(a * h - b * g) * k,
    (a * e - b * d) * k,
  ];
}

const DEG = Math.PI / 180;

/**
 * The homography from still pixels to camera pixels. The photo's centre stays at the frame's
 * centre at distance `focal` (so an untilted photo maps 1:1); its plane is rotated by tiltX then
 * tiltY and projected through a pinhole of that focal length; then rolled, scaled and moved.
 * `focal` ≈ 550 px is a 640 px webcam with a 60° horizontal field of view.
 */
export function photoHomography(width: number, height: number, pose: PhotoPose, focal = 550): Mat3 {
  const cx = width / 2;
  const cy = height / 2;
  const ay = pose.tiltYDeg * DEG;
  const ax = pose.tiltXDeg * DEG;
  // R = Ry · Rx; only its first two columns matter for a plane at z = 0.
  const [cyA, syA, cxA, sxA] = [Math.cos(ay), Math.sin(ay), Math.cos(ax), Math.sin(ax)];
  const r11 = cyA;
  const r12 = syA * sxA;
  const r21 = 0;
  const r22 = cxA;
  const r31 = -syA;
  const r32 = cyA * sxA;
  // Centred photo coordinates → camera (centred), projective.
  const projective: Mat3 = [focal * r11, focal * r12, 0, focal * r21, focal * r22, 0, r31, r32, focal];
  const centre: Mat3 = [1, 0, -cx, 0, 1, -cy, 0, 0, 1];
  const roll = pose.rollDeg * DEG;
  const s = pose.scale;
  const similarity: Mat3 = [
    s * Math.cos(roll),
    -s * Math.sin(roll),
    cx + pose.dx,
    s * Math.sin(roll),
    s * Math.cos(roll),
    cy + pose.dy,
    0,
    0,
    1,
  ];
  return multiply(similarity, multiply(projective, centre));
}

/** Maps a point of the still into the camera frame. */
export function mapPoint(h: Mat3, x: number, y: number): { x: number; y: number } {
  const w = h[6] * x + h[7] * y + h[8];
  return { x: (h[0] * x + h[1] * y + h[2]) / w, y: (h[3] * x + h[4] * y + h[5]) / w };
}

/** Standard normal from two uniforms (Box–Muller). */
function gaussian(random: () => number): number {
  const u = Math.max(1e-12, random());
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/**
 * Renders `still` (RGB or RGBA) held up at `pose`: a new RGB frame of the same size, bilinear
 * sampling, and a dim grey room (level 60) wherever the photo does not cover the frame.
 */
export function renderHeldUpPhoto(still: RawFrame, pose: PhotoPose, random: () => number): RawFrame {
  const { width, height } = still;
  const ch = still.format === 'rgba' ? 4 : 3;
  const inverse = invert(photoHomography(width, height, pose));
  const src = still.data;
  const out = new Uint8Array(width * height * 3);
  const sample = (x: number, y: number, c: number): number => {
    const x0 = Math.floor(x);
    const y0 = Math.floor(y);
    const fx = x - x0;
    const fy = y - y0;
    const at = (xx: number, yy: number): number => {
      const cxx = Math.min(width - 1, Math.max(0, xx));
      const cyy = Math.min(height - 1, Math.max(0, yy));
      return src[(cyy * width + cxx) * ch + c] as number;
    };
    const top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx;
    const bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx;
    return top * (1 - fy) + bottom * fy;
  };
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const p = mapPoint(inverse, x + 0.5, y + 0.5);
      const sx = p.x - 0.5;
      const sy = p.y - 0.5;
      const inside = sx >= -0.5 && sy >= -0.5 && sx <= width - 0.5 && sy <= height - 0.5;
      const grain = pose.noise > 0 ? gaussian(random) * pose.noise : 0;
      for (let c = 0; c < 3; c += 1) {
        const v = inside ? sample(sx, sy, c) * pose.gain : 60;
        out[(y * width + x) * 3 + c] = Math.min(255, Math.max(0, Math.round(v + grain)));
      }
    }
  }
  return { data: out, width, height, format: 'rgb' };
}
