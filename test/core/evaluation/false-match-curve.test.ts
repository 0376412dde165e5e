import { describe, expect, it } from 'vitest';
import {
  crossIdentityDistances,
  distanceAtFalseMatchRate,
  falseMatchRateAt,
} from '../../../src/core/evaluation/false-match-curve.ts';
import { project, type Analyses, type VariantAnalyses } from '../../../src/core/evaluation/run-evaluation.ts';

const at = (offset: number, axis: number): number[] => {
  const d = new Array<number>(128).fill(0);
  d[0] = 1;
  d[axis] = offset;
  return d;
};
const entry = (image: string, descriptor: number[] | null) => ({
  image,
  sha256: '-',
  descriptor,
  metrics: null,
  faces: 1,
  detector: 'tiny',
});

describe('false-match curve', () => {
  it('sorts every cross-identity distance and reads rates and distances off it', () => {
    const analyses: Analyses = new Map([
      ['ann/1.jpg', entry('ann/1.jpg', at(0, 1))],
      ['ann/2.jpg', entry('ann/2.jpg', at(0.25, 1))], // same identity: not counted
      ['bob/1.jpg', entry('bob/1.jpg', at(0.3, 2))],
      ['cat/1.jpg', entry('cat/1.jpg', at(0.9, 3))],
      ['dan/1.jpg', entry('dan/1.jpg', null)], // no face
    ]);
    const sorted = crossIdentityDistances(analyses);
    expect(sorted).toHaveLength(5);
    expect([...sorted].every((d, i) => i === 0 || d >= (sorted[i - 1] as number))).toBe(true);
    expect(sorted[0]).toBeCloseTo(0.3, 6); // ann/1–bob
    expect(falseMatchRateAt(sorted, 0.3001)).toBe(1 / 5); // float32 distances
    expect(falseMatchRateAt(sorted, 0.29)).toBe(0);
    expect(falseMatchRateAt(sorted, 2)).toBe(1);
    // The inverse: the largest distance with at most that rate.
    expect(distanceAtFalseMatchRate(sorted, 1 / 5)).toBeCloseTo(0.3, 6);
    expect(distanceAtFalseMatchRate(sorted, 0.1)).toBeLessThan(0.3);
  });
});

describe('project', () => {
  it('composes a recipe’s descriptor from the cached variants, as the engine does', () => {
    const plain = at(0.2, 1);
    const mirrored = at(0.4, 2);
    const variants: VariantAnalyses = new Map([
      [
        'ann/1.jpg',
        {
          image: 'ann/1.jpg',
          sha256: '-',
          variants: {
            'landmark-box': { plain: at(0, 3), mirrored: at(0, 4) },
            'dlib-chip': { plain, mirrored },
          },
          metrics: null,
          faces: 1,
          detector: 'tiny',
        },
      ],
      [
        'bob/1.jpg',
        { image: 'bob/1.jpg', sha256: '-', variants: null, metrics: null, faces: 0, detector: null },
      ],
    ]);
    const chipPlain = project(variants, { alignment: 'dlib-chip', mirror: false });
    expect(chipPlain.get('ann/1.jpg')?.descriptor).toEqual(plain);
    const chipMirror = project(variants, { alignment: 'dlib-chip', mirror: true });
    expect(chipMirror.get('ann/1.jpg')?.descriptor).toEqual(
      plain.map((v, i) => (v + (mirrored[i] as number)) / 2),
    );
    expect(chipMirror.get('bob/1.jpg')?.descriptor).toBeNull();
  });
});
