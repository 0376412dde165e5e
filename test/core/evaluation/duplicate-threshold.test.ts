import { describe, expect, it } from 'vitest';
import {
  chooseDuplicateThreshold,
  DUPLICATE_THRESHOLD_GRID,
  duplicateThresholdTable,
  MAX_FALSE_FLAGS_PER_100K,
} from '../../../src/core/evaluation/duplicate-threshold.ts';
import type { Analyses } from '../../../src/core/evaluation/run-evaluation.ts';

/** A descriptor on the first axis, moved `offset` along axis `axis`. */
const at = (offset: number, axis: number): number[] => {
  const d = new Array(128).fill(0);
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

describe('duplicateThresholdTable', () => {
  it('counts every pair once, by identity, at each threshold', () => {
    const analyses: Analyses = new Map([
      ['ann/1.jpg', entry('ann/1.jpg', at(0, 1))],
      ['ann/2.jpg', entry('ann/2.jpg', at(0.25, 1))], // 0.25 from ann/1
      ['bob/1.jpg', entry('bob/1.jpg', at(0.31, 2))], // 0.31 from ann/1, sqrt(.25²+.31²)≈0.398 from ann/2
      ['cat/1.jpg', entry('cat/1.jpg', at(0.9, 3))],
      ['dan/1.jpg', entry('dan/1.jpg', null)], // no face: not a template
    ]);
    const table = duplicateThresholdTable(analyses, [0.3, 0.35, 0.4]);
    expect(table.photos).toBe(4);
    expect(table.samePairs).toBe(1);
    expect(table.crossPairs).toBe(5);
    expect(table.rows.map((r) => r.sameFound)).toEqual([1, 1, 1]);
    expect(table.rows.map((r) => r.falseMatchRate)).toEqual([0, 1 / 5, 2 / 5]);
    expect(table.rows[2]?.falseFlagsPer100k).toBe(40_000);
  });
});

describe('chooseDuplicateThreshold', () => {
  it('takes the loosest measured threshold within the false-flag budget, or none', () => {
    const row = (threshold: number, falseFlagsPer100k: number) => ({
      threshold,
      falseMatchRate: falseFlagsPer100k / 100_000,
      falseFlagsPer100k,
      sameFound: 0,
    });
    const budget = MAX_FALSE_FLAGS_PER_100K;
    expect(chooseDuplicateThreshold([row(0.3, budget / 4), row(0.32, budget), row(0.35, budget * 2)])).toBe(
      0.32,
    );
    expect(chooseDuplicateThreshold([row(0.3, budget * 2)])).toBeNull();
    expect(DUPLICATE_THRESHOLD_GRID[0]).toBe(0.2);
    expect(DUPLICATE_THRESHOLD_GRID.at(-1)).toBe(0.5);
  });
});
