import { describe, expect, it } from 'vitest';
import type { QualityMetrics, QualityVerdict } from '../../../src/shared/face.ts';
import { FaceEngineError } from '../../../src/shared/errors.ts';
import { decisionRuleSchema, thresholdFor, type DecisionRule } from '../../../src/core/face/decision-rule.ts';
import { loadDecisionRule } from '../../../src/core/face/decision-rule-file.ts';
import { verify, type Probe } from '../../../src/core/face/matcher.ts';
import { MANIFEST_SHA256, parseManifest } from '../../../src/core/face/model-files.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODELS_DIR } from '../../support/paths.ts';
import { GOOD_METRICS } from '../../support/quality.ts';

const good: QualityMetrics = GOOD_METRICS;
const rule: DecisionRule = decisionRuleSchema.parse({
  calibration: { source: 'test', command: 'test', date: '2026-11-22' },
  modelId: 'm',
  threshold: 0.5,
  bands: [
    { name: 'small-face', when: { maxFaceWidthPx: 100 }, threshold: 0.4 },
    { name: 'greyscale', when: { maxColourfulness: 8 }, threshold: 0.35 },
  ],
  multiFrame: { frames: 3, agree: 2, meanMustMatch: true },
  duplicateThreshold: 0.3,
});

/** A unit-norm-ish descriptor at a chosen distance from the base along one axis. */
function at(distance: number, axis = 1): number[] {
  const d = new Array(128).fill(0);
  d[0] = 1;
  d[axis] = distance;
  return d;
}
const template = { modelId: 'm', descriptors: [at(0)] };
const verdict = (metrics: QualityMetrics = good, ok = true): QualityVerdict => ({
  ok,
  reasons: ok ? [] : ['BLURRY'],
  metrics,
});
const probe = (distance: number, metrics?: QualityMetrics, ok?: boolean, axis?: number): Probe => ({
  descriptor: at(distance, axis),
  quality: verdict(metrics, ok),
});

describe('verify (1:1, multi-frame)', () => {
  it('matches when two of three good frames are within the threshold and their mean is too', () => {
    const d = verify(template, [probe(0.3), probe(0.45), probe(0.7)], rule);
    expect(d.outcome).toBe('match');
    expect(d.framesAgreeing).toBe(2);
    expect(d.distance).toBeLessThanOrEqual(0.5);
  });

  it('does not match on a single good frame among three', () => {
    expect(verify(template, [probe(0.3), probe(0.8), probe(0.9)], rule).outcome).toBe('no_match');
  });

  it('does not match when two frames agree but the third drags their mean outside the threshold', () => {
    const small = { ...good, faceWidthPx: 90 };
    // Mean descriptor = [1, .13, .13, .5]: distance sqrt(2·.0169 + .25) ≈ 0.53 > 0.4.
    const d = verify(
      template,
      [probe(0.39, small, true, 1), probe(0.39, small, true, 2), probe(1.5, small, true, 3)],
      rule,
    );
    expect(d.threshold).toBe(0.4);
    expect(d.framesAgreeing).toBe(2);
    expect(d.distance).toBeCloseTo(Math.sqrt(2 * 0.13 ** 2 + 0.5 ** 2), 5);
    expect(d.outcome).toBe('no_match');
  });

  it('never matches frames that failed the quality gate', () => {
    const d = verify(
      template,
      [probe(0.1, good, false), probe(0.1, good, false), probe(0.1, good, false)],
      rule,
    );
    expect(d.outcome).toBe('insufficient');
    expect(d.framesUsed).toBe(0);
  });

  it('waits for enough good frames', () => {
    expect(verify(template, [probe(0.1), probe(0.1)], rule).outcome).toBe('insufficient');
  });

  it('applies the strictest quality band of the frames used', () => {
    const grey = { ...good, colourfulness: 2 };
    const d = verify(template, [probe(0.38, grey), probe(0.38, grey), probe(0.38, grey)], rule);
    expect(d.threshold).toBe(0.35);
    expect(d.bands).toEqual(['greyscale']);
    expect(d.outcome).toBe('no_match');
  });

  it('rejects NaN descriptors and foreign templates with a typed error, deciding nothing', () => {
    const nan = { descriptor: Object.assign(at(0.1), { 9: Number.NaN }), quality: verdict() };
    expect(() => verify(template, [probe(0.1), nan, probe(0.1)], rule)).toThrow(FaceEngineError);
    expect(() =>
      verify({ modelId: 'other', descriptors: [at(0)] }, [probe(0.1), probe(0.1), probe(0.1)], rule),
    ).toThrow(/enrolled again/);
  });
});

describe('decision rule', () => {
  it('uses the base threshold for good captures and a band for weak ones', () => {
    expect(thresholdFor(rule, good)).toEqual({ threshold: 0.5, bands: [] });
    expect(thresholdFor(rule, good, { ...good, faceWidthPx: 70 }).threshold).toBe(0.4);
  });

  it('rejects malformed rules', () => {
    const base = {
      calibration: { source: 's', command: 'c', date: 'd' },
      modelId: 'm',
      threshold: 0.5,
      multiFrame: { frames: 3, agree: 2, meanMustMatch: true },
      duplicateThreshold: 0.3,
    };
    expect(decisionRuleSchema.safeParse(base).success).toBe(true);
    expect(decisionRuleSchema.safeParse({ ...base, threshold: -1 }).success).toBe(false);
    expect(decisionRuleSchema.safeParse({ ...base, threshold: Number.NaN }).success).toBe(false);
    expect(
      decisionRuleSchema.safeParse({ ...base, multiFrame: { frames: 2, agree: 3, meanMustMatch: true } })
        .success,
    ).toBe(false);
    expect(decisionRuleSchema.safeParse({ ...base, extra: 1 }).success).toBe(false);
    // Capped: no file may make the kiosk accept beyond face-api's own default of 0.6…
    expect(decisionRuleSchema.safeParse({ ...base, threshold: 0.61 }).success).toBe(false);
    // …a band may only tighten the base, and the 1:N duplicate check may not be looser than 1:1.
    const looserBand = { name: 'x', when: { maxFaceWidthPx: 90 }, threshold: 0.55 };
    expect(decisionRuleSchema.safeParse({ ...base, bands: [looserBand] }).success).toBe(false);
    expect(decisionRuleSchema.safeParse({ ...base, duplicateThreshold: 0.51 }).success).toBe(false);
    const { duplicateThreshold: _d, ...withoutDuplicate } = base;
    expect(decisionRuleSchema.safeParse(withoutDuplicate).success).toBe(false);
  });

  it('ships a valid, calibrated rule for the installed model', () => {
    const shipped = loadDecisionRule();
    const manifest = parseManifest(readFileSync(join(MODELS_DIR, 'manifest.json')), MANIFEST_SHA256);
    expect(shipped.modelId).toBe(manifest.modelId);
    expect(shipped.calibration.source).toMatch(/LFW/);
  });
});
