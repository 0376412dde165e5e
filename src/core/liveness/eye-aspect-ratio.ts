/**
 * Eye aspect ratio (Soukupová & Čech, 2016) from the 68 iBUG landmarks: the eye's height over its
 * width, about 0.25–0.35 for an open eye and near 0 for a closed one. A ratio, so it does not
 * depend on the face's size in the frame; a blink shows as a short dip.
 */
import type { Point } from '../../shared/face.ts';

/** First landmark of each eye: 36–41 is the eye on the image's left, 42–47 the other. */
const EYE_STARTS = [36, 42] as const;

function distance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

/**
 * EAR of the eye whose 6 landmarks start at `start` (p1 and p4 the corners, p2 p3 the upper lid,
 * p5 p6 the lower lid): (|p2−p6| + |p3−p5|) / (2|p1−p4|). NaN for a degenerate eye, so a caller
 * can never read a collapsed eye as "closed".
 */
export function eyeAspectRatio(landmarks: readonly Point[], start: number): number {
  const p = landmarks.slice(start, start + 6);
  if (p.length !== 6) return Number.NaN;
  const [p1, p2, p3, p4, p5, p6] = p as [Point, Point, Point, Point, Point, Point];
  const width = distance(p1, p4);
  if (!(width > 1e-6)) return Number.NaN;
  return (distance(p2, p6) + distance(p3, p5)) / (2 * width);
}

/** Mean EAR of both eyes: a real blink closes both, and the mean halves landmark noise. */
export function meanEyeAspectRatio(landmarks: readonly Point[]): number {
  if (landmarks.length !== 68) return Number.NaN;
  const [a, b] = EYE_STARTS.map((s) => eyeAspectRatio(landmarks, s)) as [number, number];
  return (a + b) / 2;
}
