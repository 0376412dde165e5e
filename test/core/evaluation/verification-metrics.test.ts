import { describe, expect, it } from 'vitest';
import { parsePairs } from '../../../src/core/evaluation/pairs.ts';
import {
  crossValidate,
  equalErrorRate,
  ratesAtThreshold,
  tarAtFar,
  thresholdForFar,
  type ScoredPair,
} from '../../../src/core/evaluation/verification-metrics.ts';

const pair = (same: boolean, distance: number | null, fold = 1): ScoredPair => ({ same, distance, fold });

describe('pairs file', () => {
  it('reads the shared format, with or without folds', () => {
    expect(parsePairs('a\tb\tsame\tfold\nx/1.jpg\tx/2.jpg\t1\t3\nx/1.jpg\ty/1.jpg\t0\t3\n')).toEqual([
      { a: 'x/1.jpg', b: 'x/2.jpg', same: true, fold: 3 },
      { a: 'x/1.jpg', b: 'y/1.jpg', same: false, fold: 3 },
    ]);
    expect(parsePairs('same\tb\ta\r\n0\tq.png\tp.png\r\n')).toEqual([
      { a: 'p.png', b: 'q.png', same: false, fold: 1 },
    ]);
  });

  it('names the malformed line', () => {
    expect(() => parsePairs('a\tb\tsame\nx\ty\tmaybe\n')).toThrow(/Line 2/);
    expect(() => parsePairs('left\tright\n')).toThrow(/columns a, b and same/);
  });
});

describe('verification metrics', () => {
  const pairs = [
    pair(true, 0.2),
    pair(true, 0.3),
    pair(true, 0.5),
    pair(true, null), // face not found: a rejection, never skipped
    pair(false, 0.4),
    pair(false, 0.7),
    pair(false, 0.8),
    pair(false, 0.9),
  ];

  it('counts an undetected face as a false reject', () => {
    const r = ratesAtThreshold(pairs, 0.6);
    expect(r.genuine).toBe(4);
    expect(r.tar).toBe(0.75);
    expect(r.far).toBe(0.25);
  });

  it('picks the largest threshold within the FAR budget', () => {
    const t = thresholdForFar(pairs, 0);
    expect(t).toBeLessThan(0.4);
    expect(t).toBeGreaterThan(0.39);
    expect(tarAtFar(pairs, 0)).toBe(0.5);
    expect(ratesAtThreshold(pairs, thresholdForFar(pairs, 0.25)).far).toBe(0.25);
  });

  it('finds the equal error rate', () => {
    // At 0.5: FRR 1/4 (the undetected one), FAR 1/4.
    expect(equalErrorRate(pairs)).toBeCloseTo(0.25, 6);
  });

  it('chooses each fold threshold without looking at that fold', () => {
    const folds = [
      pair(true, 0.3, 1),
      pair(false, 0.35, 1),
      pair(true, 0.3, 2),
      pair(false, 0.6, 2),
      pair(true, 0.3, 3),
      pair(false, 0.6, 3),
    ];
    const cv = crossValidate(folds, 0);
    // Fold 1's threshold comes from folds 2–3 (impostors at 0.6), so its impostor at 0.35 is accepted.
    expect(cv.folds[0]?.far).toBe(1);
    expect(cv.folds[1]?.threshold).toBeLessThan(0.35);
  });
});
