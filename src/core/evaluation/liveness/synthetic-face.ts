/**
 * Synthetic 68-point faces for the liveness tests and for simulated patients (the clinic
 * simulation: a photo cannot turn its head on cue, so its landmarks are replaced by these): a rigid 3-D face model (jaw arc, brows, nose, eyes
 * as 6-point ellipses, mouth), rotated about the vertical axis and projected orthographically.
 * Rotating a 3-D model rather than shifting 2-D points keeps the nose-vs-jaw geometry that
 * estimateHeadPose reads coherent at any angle.
 */
import type { Box, Point } from '../../../shared/face.ts';
import type { LivenessObservation } from '../../liveness/types.ts';

interface Point3 {
  x: number;
  y: number;
  z: number;
}

/** Face half-width in px; the nose tip stands this far in front of the jaw ends, so asin(tan theta) ≈ theta. */
const W = 80;
const CX = 320;
const CY = 240;
/** sin 60°: the lid points sit at ±a/2 on the ellipse, where its height is b·√3/2. */
const K = Math.sqrt(3) / 2;

function eye(cx: number, openness: number): Point3[] {
  const a = 0.16 * W;
  const b = 0.055 * W * openness;
  const y = -0.25 * W;
  const z = 0.45 * W;
  // iBUG order for both eyes: image-left corner, upper lid ×2, image-right corner, lower lid ×2.
  const xs = [-a, -a / 2, a / 2, a, a / 2, -a / 2];
  const ys = [0, -b * K, -b * K, 0, b * K, b * K];
  return xs.map((dx, i) => ({ x: cx + dx, y: y + (ys[i] as number), z }));
}

function model(openness: number): Point3[] {
  const pts: Point3[] = [];
  for (let i = 0; i <= 16; i += 1) {
    const t = (Math.PI * i) / 16;
    pts.push({ x: -W * Math.cos(t), y: -0.2 * W + 1.1 * W * Math.sin(t), z: 0.5 * W * Math.sin(t) });
  }
  for (let i = 0; i < 10; i += 1) {
    const side = i < 5 ? -1 : 1;
    const u = (i % 5) / 4;
    const x = side < 0 ? -0.75 * W + 0.6 * W * u : 0.15 * W + 0.6 * W * u;
    pts.push({ x, y: -0.45 * W - 0.08 * W * Math.sin(Math.PI * u), z: 0.5 * W });
  }
  for (let i = 0; i < 4; i += 1)
    pts.push({ x: 0, y: -0.25 * W + 0.15 * W * i, z: 0.6 * W + (0.4 * W * i) / 3 });
  for (let i = 0; i < 5; i += 1) pts.push({ x: -0.2 * W + 0.1 * W * i, y: 0.3 * W, z: 0.75 * W });
  pts.push(...eye(-0.4 * W, openness), ...eye(0.4 * W, openness));
  for (let i = 0; i < 12; i += 1) {
    const t = Math.PI + (2 * Math.PI * i) / 12;
    pts.push({ x: 0.35 * W * Math.cos(t), y: 0.6 * W + 0.12 * W * Math.sin(t), z: 0.55 * W });
  }
  for (let i = 0; i < 8; i += 1) {
    const t = Math.PI + (2 * Math.PI * i) / 8;
    pts.push({ x: 0.25 * W * Math.cos(t), y: 0.6 * W + 0.04 * W * Math.sin(t), z: 0.55 * W });
  }
  return pts;
}

export interface Pose {
  /** Degrees; positive rotates the nose towards landmark 16 (the image's right): the patient's own left. */
  yawDeg?: number;
  /** Eye height as a fraction of open (1 open, 0.2 nearly closed). */
  eyeOpenness?: number;
  /** Shift of the whole face in px. */
  dx?: number;
  dy?: number;
  /** Uniform noise of ±noise px on every landmark. */
  noise?: number;
  random?: () => number;
}

export function landmarks(pose: Pose = {}): Point[] {
  const theta = ((pose.yawDeg ?? 0) * Math.PI) / 180;
  const jitter = (): number => (pose.noise ? ((pose.random ?? Math.random)() * 2 - 1) * pose.noise : 0);
  return model(pose.eyeOpenness ?? 1).map((p) => ({
    x: CX + (pose.dx ?? 0) + p.x * Math.cos(theta) + p.z * Math.sin(theta) + jitter(),
    y: CY + (pose.dy ?? 0) + p.y + jitter(),
  }));
}

export function boxOf(points: Point[]): Box {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

/** One single-face observation at `at` ms. */
export function observe(at: number, pose: Pose = {}, descriptor?: number[]): LivenessObservation {
  const lm = landmarks(pose);
  return { at, face: { box: boxOf(lm), landmarks: lm, ...(descriptor ? { descriptor } : {}) }, faceCount: 1 };
}

/** Poses for a head turn out to `peakDeg` and back, over `frames` frames. */
export function turnPoses(peakDeg: number, frames = 10): Pose[] {
  return Array.from({ length: frames }, (_, i) => ({
    yawDeg: peakDeg * Math.sin((Math.PI * i) / (frames - 1)),
  }));
}

/** Poses for a blink: open, closing, closed, opening, open. */
export function blinkPoses(): Pose[] {
  return [1, 0.6, 0.2, 0.1, 0.3, 0.8, 1].map((eyeOpenness) => ({ eyeOpenness }));
}

/** Poses a cooperative patient goes through for one prompt (out and back, or a blink). */
export function posesFor(action: 'turnLeft' | 'turnRight' | 'blink'): Pose[] {
  if (action === 'blink') return [1, 0.6, 0.2, 0.1, 0.3, 0.8, 1, 1].map((eyeOpenness) => ({ eyeOpenness }));
  const peak = action === 'turnLeft' ? 28 : -28;
  return [0.3, 0.7, 1, 1, 0.7, 0.3, 0, 0].map((f) => ({ yawDeg: peak * f }));
}
