import { describe, expect, it } from 'vitest';
import { simulateVisits, type VisitSample } from '../../../src/core/evaluation/visit-simulation.ts';
import { decisionRuleSchema } from '../../../src/core/face/decision-rule.ts';
import { GOOD_METRICS } from '../../support/quality.ts';

const rule = decisionRuleSchema.parse({
  calibration: { source: 'test', command: 'test', date: '2026-12-02' },
  modelId: 'm',
  threshold: 0.5,
  multiFrame: { frames: 3, agree: 2, meanMustMatch: true },
  duplicateThreshold: 0.3,
});

/** A unit descriptor on axis `base`, moved `offset` along axis `axis`: one person per base axis. */
const on = (base: number, offset = 0, axis = 100): number[] => {
  const d = new Array<number>(128).fill(0);
  d[base] = 1;
  d[axis] = offset;
  return d;
};
/** Ann's face (base axis 0), moved `offset` along `axis`. */
const at = (offset: number, axis: number): number[] => on(0, offset, axis);
const sample = (id: string, descriptor: number[] | null): VisitSample => ({
  id,
  identity: id.split('/')[0] as string,
  enrolled: descriptor,
  probe: descriptor,
  metrics: descriptor ? GOOD_METRICS : null,
});

describe('simulateVisits', () => {
  it('composes genuine visits from the patient’s other photos and impostor visits from everyone else’s', () => {
    const samples = [
      // ann: three photos close together.
      sample('ann/1', at(0, 1)),
      sample('ann/2', at(0.2, 1)),
      sample('ann/3', at(0.3, 1)),
      // bob: two photos 0.8 apart: neither identifies the other. Different people are √2 apart.
      sample('bob/1', on(5)),
      sample('bob/2', on(5, 0.8)),
      // cat: one photo, so no genuine visit.
      sample('cat/1', on(9)),
    ];
    const v = simulateVisits(samples, rule, { attempts: 3 });
    // ann ×3 enrolments + bob ×2; cat has a single photo.
    expect(v.genuineVisits).toBe(5);
    expect(v.identified).toBe(3);
    expect(v.byAttempt).toEqual([3, 0, 0]);
    expect(v.frr).toBe(0.4);
    // Every enrolment (6) against the two other people.
    expect(v.impostorVisits).toBe(12);
    expect(v.falseAccepts).toBe(0);
  });

  it('skips frames with no face, and fails a genuine visit with none left', () => {
    const samples = [sample('ann/1', at(0, 1)), sample('ann/2', null), sample('ann/3', at(0.1, 1))];
    const v = simulateVisits(samples, rule, { attempts: 1 });
    // ann/1 is matched by ann/3 three times; ann/3 by ann/1; ann/2 cannot be enrolled.
    expect(v.genuineVisits).toBe(2);
    expect(v.identified).toBe(2);
    const lonely = simulateVisits([sample('ann/1', at(0, 1)), sample('ann/2', null)], rule, { attempts: 3 });
    expect(lonely).toMatchObject({ genuineVisits: 1, identified: 0, frr: 1 });
  });

  it('counts a later attempt when the first frames do not match, up to the allowed attempts', () => {
    // Enrolled from ann/1, the next three frames are far (0.7 on separate axes), the three after close.
    const samples = [
      sample('ann/1', at(0, 1)),
      ...[2, 3, 4].map((k) => sample(`ann/${k}`, at(0.7, k))),
      ...[5, 6, 7].map((k) => sample(`ann/${k}`, at(0.1, k))),
    ];
    const enrolledFirst = (attempts: number) =>
      simulateVisits(
        samples.map((x, i) => (i === 0 ? x : { ...x, enrolled: null })),
        rule,
        { attempts },
      );
    expect(enrolledFirst(1)).toMatchObject({ genuineVisits: 1, identified: 0 });
    expect(enrolledFirst(2)).toMatchObject({ genuineVisits: 1, identified: 1, byAttempt: [0, 1] });
  });

  it('reports the impostor visits that pass, by name', () => {
    const samples = [sample('ann/1', at(0, 1)), sample('ann/2', at(0.1, 1)), sample('eve/1', at(0.05, 2))];
    const v = simulateVisits(samples, rule, { attempts: 3 });
    expect(v.falseAccepts).toBeGreaterThan(0);
    expect(v.falseAcceptedVisits).toContain('eve as ann/1');
    const onlyEve = simulateVisits(samples, rule, {
      attempts: 3,
      involves: (t, p) => t === 'eve' || p === 'eve',
    });
    expect(onlyEve.genuineVisits).toBe(0);
    expect(onlyEve.impostorVisits).toBe(3);
  });
});
