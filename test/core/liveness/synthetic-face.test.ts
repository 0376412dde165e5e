/**
 * The synthetic faces first: every liveness test relies on them reporting the yaw sign and EAR
 * the real estimators would. Positive yaw = the patient turns to their own left, which for a
 * camera facing them moves the nose towards the image's right (landmark 16's side).
 */
import { describe, expect, it } from 'vitest';
import { estimateHeadPose } from '../../../src/core/face/head-pose.ts';
import { eyeAspectRatio, meanEyeAspectRatio } from '../../../src/core/liveness/eye-aspect-ratio.ts';
import { landmarks } from '../../../src/core/evaluation/liveness/synthetic-face.ts';

describe('synthetic 68-point face', () => {
  it('is frontal with no yaw, pitch near neutral and no roll', () => {
    const pose = estimateHeadPose(landmarks());
    expect(Math.abs(pose.yaw)).toBeLessThan(0.5);
    expect(Math.abs(pose.roll)).toBeLessThan(0.5);
    expect(landmarks()).toHaveLength(68);
  });

  it('turned to the patient’s left (nose towards the image right) reports positive yaw', () => {
    const lm = landmarks({ yawDeg: 25 });
    expect((lm[30] as { x: number }).x).toBeGreaterThan(320);
    expect(estimateHeadPose(lm).yaw).toBeGreaterThan(18);
    expect(estimateHeadPose(landmarks({ yawDeg: -25 })).yaw).toBeLessThan(-18);
  });

  it('reports about the intended magnitude (within the estimator’s ±10°) and is monotonic', () => {
    let previous = -Infinity;
    for (let deg = -30; deg <= 30; deg += 5) {
      const yaw = estimateHeadPose(landmarks({ yawDeg: deg })).yaw;
      expect(Math.abs(yaw - deg)).toBeLessThan(10);
      expect(yaw).toBeGreaterThan(previous);
      previous = yaw;
    }
  });

  it('has open eyes at a typical EAR and closes them by shrinking eye height', () => {
    const open = meanEyeAspectRatio(landmarks());
    expect(open).toBeGreaterThan(0.2);
    expect(open).toBeLessThan(0.4);
    expect(meanEyeAspectRatio(landmarks({ eyeOpenness: 0.2 }))).toBeCloseTo(open * 0.2, 6);
    expect(eyeAspectRatio(landmarks(), 36)).toBeCloseTo(eyeAspectRatio(landmarks(), 42), 9);
  });
});
