import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawChallenge } from '../../../src/core/liveness/challenge.ts';
import { DEFAULT_LIVENESS_CONFIG, parseLivenessConfig } from '../../../src/core/liveness/config.ts';
import { seededRandom } from '../../../src/core/seeded-random.ts';
import { typedCode } from '../../support/typed-errors.ts';

describe('drawChallenge', () => {
  it('draws the configured number of distinct actions from the configured set', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const { actions } = drawChallenge(DEFAULT_LIVENESS_CONFIG, seededRandom(seed));
        expect(actions).toHaveLength(2);
        expect(new Set(actions).size).toBe(2);
        for (const a of actions) expect(DEFAULT_LIVENESS_CONFIG.actions).toContain(a);
      }),
    );
  });

  it('is reproducible from a seed and covers every ordered pair over many seeds', () => {
    expect(drawChallenge(DEFAULT_LIVENESS_CONFIG, seededRandom('x'))).toEqual(
      drawChallenge(DEFAULT_LIVENESS_CONFIG, seededRandom('x')),
    );
    const seen = new Set<string>();
    for (let s = 0; s < 200; s += 1)
      seen.add(drawChallenge(DEFAULT_LIVENESS_CONFIG, seededRandom(s)).actions.join());
    expect(seen.size).toBe(6);
  });

  it('stays in range when the random source returns its extremes', () => {
    expect(drawChallenge(DEFAULT_LIVENESS_CONFIG, () => 0.9999999999).actions).toHaveLength(2);
    expect(drawChallenge(DEFAULT_LIVENESS_CONFIG, () => 1).actions).toHaveLength(2);
    expect(drawChallenge(DEFAULT_LIVENESS_CONFIG, () => 0).actions).toEqual(['turnLeft', 'turnRight']);
  });
});

describe('parseLivenessConfig', () => {
  it('accepts the default', () => {
    expect(parseLivenessConfig(DEFAULT_LIVENESS_CONFIG)).toEqual(DEFAULT_LIVENESS_CONFIG);
  });

  it('gives a config written before the passive signal its defaults', () => {
    const { passive, ...older } = DEFAULT_LIVENESS_CONFIG;
    expect(parseLivenessConfig(older).passive).toEqual(passive);
  });

  it.each([
    ['more actions than configured', { actionsPerChallenge: 4 }],
    ['repeated actions', { actions: ['blink', 'blink'] }],
    ['an unknown action', { actions: ['smile'] }],
    ['a zero timeout', { actionTimeoutMs: 0 }],
    ['close ratio above open ratio', { blinkCloseRatio: 0.95 }],
    ['frontal tolerance above the yaw threshold', { frontalToleranceDeg: 20 }],
    ['an unknown key', { extra: 1 }],
    ['a passive threshold of 0', { passive: { enabled: true, minFineDetailRatio: 0, minScoredFrames: 3 } }],
    [
      'a passive section with an unknown key',
      { passive: { ...DEFAULT_LIVENESS_CONFIG.passive, maxRatio: 1 } },
    ],
    ['no scored frames needed', { passive: { ...DEFAULT_LIVENESS_CONFIG.passive, minScoredFrames: 0 } }],
  ])('rejects %s with a typed error', (_, patch) => {
    expect(typedCode(() => parseLivenessConfig({ ...DEFAULT_LIVENESS_CONFIG, ...patch }))).toBe(
      'INVALID_LIVENESS_CONFIG',
    );
  });
});
