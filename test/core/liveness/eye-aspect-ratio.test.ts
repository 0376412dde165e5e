import { describe, expect, it } from 'vitest';
import { eyeAspectRatio, meanEyeAspectRatio } from '../../../src/core/liveness/eye-aspect-ratio.ts';
import type { Point } from '../../../src/shared/face.ts';

/** 68 points, all at the origin except the 6 of the eye starting at `start`. */
function withEye(start: number, eye: Point[]): Point[] {
  const pts = Array.from({ length: 68 }, () => ({ x: 0, y: 0 }));
  eye.forEach((p, i) => (pts[start + i] = p));
  return pts;
}

describe('eye aspect ratio', () => {
  it('is (|p2−p6| + |p3−p5|) / (2|p1−p4|)', () => {
    // Width 10; lid gaps 4 and 2 → (4 + 2) / 20.
    const eye = [
      { x: 0, y: 0 },
      { x: 3, y: -2 },
      { x: 7, y: -1 },
      { x: 10, y: 0 },
      { x: 7, y: 1 },
      { x: 3, y: 2 },
    ];
    expect(eyeAspectRatio(withEye(36, eye), 36)).toBeCloseTo(0.3, 12);
    expect(eyeAspectRatio(withEye(42, eye), 42)).toBeCloseTo(0.3, 12);
  });

  it('does not depend on scale or position', () => {
    const eye = [
      { x: 0, y: 0 },
      { x: 3, y: -2 },
      { x: 7, y: -2 },
      { x: 10, y: 0 },
      { x: 7, y: 2 },
      { x: 3, y: 2 },
    ];
    const moved = eye.map((p) => ({ x: 100 + p.x * 3, y: 50 + p.y * 3 }));
    expect(eyeAspectRatio(withEye(36, moved), 36)).toBeCloseTo(eyeAspectRatio(withEye(36, eye), 36), 12);
  });

  it('is NaN for a collapsed eye or the wrong number of landmarks, never a fake "closed"', () => {
    expect(eyeAspectRatio(withEye(36, []), 36)).toBeNaN();
    expect(meanEyeAspectRatio([{ x: 1, y: 1 }])).toBeNaN();
  });
});
