/**
 * A flat photo held up to the camera, as the liveness evaluation plays it: the engine runs once
 * on the photo, then its landmarks and box are moved by a 2-D similarity per frame (translation,
 * in-plane rotation, scale, ±1 px landmark noise). It cannot change the face's yaw or the eyes'
 * aspect ratio: that is what a held-up photo produces.
 */
import type { Box, Point } from '../../../shared/face.ts';
import type { LivenessObservation, ObservedFace } from '../../liveness/types.ts';

/** One analysed frame, as the session needs it. */
export interface EvalFrame {
  face: ObservedFace | null;
  faceCount: number;
  /** Passive ratio of the face crop, when measured. */
  texture?: number;
}

export interface JitterParams {
  /** Maximum translation, px. */
  translatePx: number;
  /** Maximum in-plane rotation, degrees. */
  rotateDeg: number;
  /** Maximum relative scale change (0.04 = ±4 %). */
  scale: number;
  /** Independent noise per landmark per frame, px (the detector's own jitter). */
  noisePx: number;
}

export const DEFAULT_JITTER: JitterParams = { translatePx: 6, rotateDeg: 4, scale: 0.04, noisePx: 1 };

/** Frames per second of the simulated and decoded streams. */
export const EVAL_FPS = 10;

const DEG = Math.PI / 180;

function uniform(random: () => number, max: number): number {
  return (random() * 2 - 1) * max;
}

/** Similarity transform about `centre`: scale s, rotation r (rad), translation (tx, ty). */
function similarity(centre: Point, s: number, r: number, tx: number, ty: number): (p: Point) => Point {
  const cos = Math.cos(r) * s;
  const sin = Math.sin(r) * s;
  return (p) => {
    const dx = p.x - centre.x;
    const dy = p.y - centre.y;
    return { x: centre.x + dx * cos - dy * sin + tx, y: centre.y + dx * sin + dy * cos + ty };
  };
}

function boundingBox(points: Point[]): Box {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

/**
 * A sequence of `frames` observations of one photo moved by a hand: each of the four similarity
 * parameters sways smoothly (a sine with random amplitude within its bound, random period of
 * 1–4 s and random phase), and every landmark gets independent per-frame noise.
 */
export function heldUpPhotoSequence(
  face: ObservedFace,
  faceCount: number,
  frames: number,
  random: () => number,
  jitter: JitterParams = DEFAULT_JITTER,
  texture?: number,
): LivenessObservation[] {
  const sway = (max: number) => {
    const amplitude = random() * max;
    const period = (1 + random() * 3) * EVAL_FPS;
    const phase = random() * 2 * Math.PI;
    return (i: number) => amplitude * Math.sin((2 * Math.PI * i) / period + phase);
  };
  const tx = sway(jitter.translatePx);
  const ty = sway(jitter.translatePx);
  const rot = sway(jitter.rotateDeg * DEG);
  const scale = sway(jitter.scale);
  const b = face.box;
  const centre = { x: b.x + b.width / 2, y: b.y + b.height / 2 };
  const corners = [
    { x: b.x, y: b.y },
    { x: b.x + b.width, y: b.y },
    { x: b.x, y: b.y + b.height },
    { x: b.x + b.width, y: b.y + b.height },
  ];
  const out: LivenessObservation[] = [];
  for (let i = 0; i < frames; i += 1) {
    const move = similarity(centre, 1 + scale(i), rot(i), tx(i), ty(i));
    const landmarks = face.landmarks.map((p) => {
      const q = move(p);
      return { x: q.x + uniform(random, jitter.noisePx), y: q.y + uniform(random, jitter.noisePx) };
    });
    const moved: ObservedFace = { box: boundingBox(corners.map(move)), landmarks };
    if (face.descriptor) moved.descriptor = face.descriptor;
    // The photo's texture does not change with where the hand holds it.
    out.push({
      at: (i * 1000) / EVAL_FPS,
      face: moved,
      faceCount,
      ...(texture === undefined ? {} : { texture }),
    });
  }
  return out;
}
