/**
 * Head pose from the 68 iBUG landmarks (jaw 0–16, nose 27–35, eyes 36–47, mouth 48–67).
 * A geometric estimate, good to ±10° near frontal: enough to tell "look at the camera" and
 * "turn your head" apart, which is all the gate and the liveness challenges need.
 */
import type { HeadPose, Point } from '../../shared/face.ts';

function mean(points: Point[], from: number, to: number): Point {
  let x = 0;
  let y = 0;
  for (let i = from; i <= to; i += 1) {
    x += (points[i] as Point).x;
    y += (points[i] as Point).y;
  }
  const n = to - from + 1;
  return { x: x / n, y: y / n };
}

const DEG = 180 / Math.PI;
/** Nose-tip height between the eye line and the mouth for a frontal face (measured on frontal portraits). */
const NEUTRAL_NOSE_RATIO = 0.58;

export function estimateHeadPose(landmarks: Point[]): HeadPose {
  if (landmarks.length !== 68) return { yaw: Number.NaN, pitch: Number.NaN, roll: Number.NaN };
  const leftEye = mean(landmarks, 36, 41);
  const rightEye = mean(landmarks, 42, 47);
  const roll = Math.atan2(rightEye.y - leftEye.y, rightEye.x - leftEye.x);
  // Undo the roll so that yaw and pitch are measured in the face's own axes.
  const cos = Math.cos(-roll);
  const sin = Math.sin(-roll);
  const upright = (p: Point): Point => ({ x: p.x * cos - p.y * sin, y: p.x * sin + p.y * cos });
  const nose = upright(landmarks[30] as Point);
  const jawLeft = upright(landmarks[0] as Point);
  const jawRight = upright(landmarks[16] as Point);
  const eyes = upright(mean(landmarks, 36, 47));
  const mouth = upright(mean(landmarks, 48, 67));
  const toLeft = nose.x - jawLeft.x;
  const toRight = jawRight.x - nose.x;
  const asymmetry = (toLeft - toRight) / Math.max(1e-6, toLeft + toRight);
  const yaw = Math.asin(Math.max(-1, Math.min(1, asymmetry))) * DEG;
  const noseRatio = (nose.y - eyes.y) / Math.max(1e-6, mouth.y - eyes.y);
  const pitch = Math.asin(Math.max(-1, Math.min(1, (noseRatio - NEUTRAL_NOSE_RATIO) * 2))) * DEG;
  return { yaw, pitch, roll: roll * DEG };
}
