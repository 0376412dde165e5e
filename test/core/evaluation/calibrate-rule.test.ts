import { describe, expect, it } from 'vitest';
import type { QualityMetrics } from '../../../src/shared/face.ts';
import { calibrateRule } from '../../../src/core/evaluation/calibrate-rule.ts';
import type { Condition } from '../../../src/core/evaluation/capture-conditions.ts';
import { seededRandom } from '../../../src/core/seeded-random.ts';
import type { Pair } from '../../../src/core/evaluation/pairs.ts';
import { scorePairs, type Analyses } from '../../../src/core/evaluation/run-evaluation.ts';
import { ratesAtRule } from '../../../src/core/evaluation/verification-metrics.ts';
import { decisionRuleSchema } from '../../../src/core/face/decision-rule.ts';

const random = seededRandom('calibration-test');
const gauss = (): number =>
  Math.sqrt(-2 * Math.log(Math.max(random(), 1e-12))) * Math.cos(2 * Math.PI * random());

/** Two descriptors `distance` apart. */
function pairAt(distance: number): [number[], number[]] {
  const a = Array.from({ length: 128 }, () => gauss() / Math.sqrt(128));
  const dir = Array.from({ length: 128 }, () => gauss());
  const norm = Math.hypot(...dir);
  return [a, a.map((v, i) => v + ((dir[i] as number) / norm) * distance)];
}

const metrics = (colourfulness: number): QualityMetrics => ({
  faceCount: 1,
  faceWidthPx: 150,
  brightness: 120,
  sharpness: 500,
  colourfulness,
  yaw: 0,
  pitch: 0,
});

describe('calibrateRule', () => {
  it('keeps every condition within its FAR budget, with a stricter band where impostors look alike', () => {
    const pairs: Pair[] = [];
    const clean: Analyses = new Map();
    const grey: Analyses = new Map();
    for (let i = 0; i < 4000; i += 1) {
      const same = i % 2 === 0;
      const fold = (i % 10) + 1;
      pairs.push({ a: `a${i}`, b: `b${i}`, same, fold });
      // Clean: genuine ~0.35, impostor ~0.9. Greyscale: everything looks closer (impostor ~0.6).
      const [ca, cb] = pairAt(same ? 0.35 + 0.08 * gauss() : 0.9 + 0.08 * gauss());
      const [ga, gb] = pairAt(same ? 0.3 + 0.08 * gauss() : 0.6 + 0.06 * gauss());
      const entry = (image: string, descriptor: number[], c: number) => ({
        image,
        sha256: '-',
        descriptor,
        metrics: metrics(c),
        faces: 1,
        detector: 'tiny',
      });
      clean.set(`a${i}`, entry(`a${i}`, ca, 50));
      clean.set(`b${i}`, entry(`b${i}`, cb, 50));
      grey.set(`a${i}`, entry(`a${i}`, ga, 2));
      grey.set(`b${i}`, entry(`b${i}`, gb, 2));
    }
    const analyses = new Map<Condition, Analyses>([
      ['clean', clean],
      ['grey', grey],
    ]);
    const start = decisionRuleSchema.parse({
      calibration: { source: 's', command: 'c', date: 'd' },
      modelId: 'm',
      threshold: 0.6,
      multiFrame: { frames: 3, agree: 2, meanMustMatch: true },
      duplicateThreshold: 0.3,
    });
    // With the uncalibrated 0.6, greyscale impostors are accepted by the hundred.
    expect(ratesAtRule(scorePairs(pairs, grey, start)).far).toBeGreaterThan(0.2);

    const rule = calibrateRule(() => pairs, analyses, start, {
      source: 'synthetic',
      command: 'test',
      date: '2026-11-22',
    });
    const greyBand = rule.bands.find((b) => b.name === 'greyscale');
    expect(greyBand?.threshold).toBeLessThan(rule.threshold);
    for (const [name, a] of analyses) {
      const r = ratesAtRule(scorePairs(pairs, a, rule));
      expect(r.far, name).toBeLessThanOrEqual(0.001);
      expect(r.tar, name).toBeGreaterThan(0.5);
    }
    expect(rule.threshold).toBeGreaterThan(0.55);
    expect(decisionRuleSchema.safeParse(rule).success).toBe(true);
  });
});
