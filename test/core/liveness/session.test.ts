import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawChallenge } from '../../../src/core/liveness/challenge.ts';
import { DEFAULT_LIVENESS_CONFIG, type LivenessAction } from '../../../src/core/liveness/config.ts';
import { LivenessSession } from '../../../src/core/liveness/session.ts';
import type { LivenessObservation, LivenessProgress } from '../../../src/core/liveness/types.ts';
import { seededRandom } from '../../../src/core/seeded-random.ts';
import { nearDescriptor, randomDescriptor } from '../../support/descriptors.ts';
import { descriptorDistance } from '../../../src/core/liveness/continuity.ts';
import { typedCode } from '../../support/typed-errors.ts';
import {
  blinkPoses,
  observe,
  turnPoses,
  type Pose,
} from '../../../src/core/evaluation/liveness/synthetic-face.ts';

const CONFIG = DEFAULT_LIVENESS_CONFIG;
const FRAME_MS = 100;

/** Frontal frames for calibration, then each action performed, with frontal frames between. */
function performed(actions: LivenessAction[]): Pose[] {
  const frontal: Pose[] = [{}, {}, {}];
  const poses: Pose[] = [...frontal];
  for (const a of actions) {
    poses.push(...(a === 'blink' ? blinkPoses() : turnPoses(a === 'turnLeft' ? 28 : -28)), ...frontal);
  }
  return poses;
}

function run(
  actions: LivenessAction[],
  observations: LivenessObservation[],
): { last: LivenessProgress; all: LivenessProgress[] } {
  const session = new LivenessSession({ actions }, CONFIG);
  const all = observations.map((o) => session.observe(o));
  return { last: all.at(-1) as LivenessProgress, all };
}

function stream(poses: Pose[], descriptorAt?: (i: number) => number[]): LivenessObservation[] {
  return poses.map((p, i) => observe(i * FRAME_MS, p, descriptorAt?.(i)));
}

const ALL_PAIRS: LivenessAction[][] = [
  ['turnLeft', 'turnRight'],
  ['turnRight', 'turnLeft'],
  ['turnLeft', 'blink'],
  ['blink', 'turnLeft'],
  ['turnRight', 'blink'],
  ['blink', 'turnRight'],
];

describe('LivenessSession: performed challenges', () => {
  it.each(ALL_PAIRS)('passes %s then %s when performed', (a, b) => {
    const { last, all } = run([a, b], stream(performed([a, b])));
    expect(last.status).toBe('live');
    // Until the end it reports the action being asked, in order.
    expect(all[0]).toMatchObject({ status: 'in_progress', action: a, step: 0 });
  });

  it('passes every single action on its own', () => {
    for (const a of ['turnLeft', 'turnRight', 'blink'] as const) {
      expect(run([a], stream(performed([a]))).last.status).toBe('live');
    }
  });

  it('returns match frames that are frontal, open-eyed and inside the challenge window', () => {
    const poses = performed(['turnLeft', 'blink']);
    const session = new LivenessSession({ actions: ['turnLeft', 'blink'] }, CONFIG);
    let result: LivenessProgress | undefined;
    let end = -1;
    // Frames fed after the verdict must neither change it nor appear in it.
    for (const [i, o] of [...stream(poses), ...stream([{}, {}, {}])].entries()) {
      result = session.observe(o);
      if (result.status === 'live' && end < 0) end = i;
    }
    expect(result?.status).toBe('live');
    const frames = (result as { frames: number[] }).frames;
    expect(frames.length).toBeGreaterThanOrEqual(3);
    for (const f of frames) {
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThanOrEqual(end);
      const pose = poses[f] as Pose;
      expect(Math.abs(pose.yawDeg ?? 0)).toBeLessThan(CONFIG.frontalToleranceDeg);
      expect(pose.eyeOpenness ?? 1).toBeGreaterThanOrEqual(CONFIG.blinkOpenRatio);
    }
  });

  it('passes a random drawn challenge for each seed', () => {
    for (let seed = 0; seed < 20; seed += 1) {
      const { actions } = drawChallenge(CONFIG, seededRandom(seed));
      expect(run(actions, stream(performed(actions))).last.status).toBe('live');
    }
  });
});

describe('LivenessSession: failures', () => {
  it('fails with timeout when an action is not done in time, naming the action asked', () => {
    const frontal = Array.from({ length: 70 }, (): Pose => ({}));
    const { last, all } = run(['turnLeft', 'blink'], stream(frontal));
    expect(last).toEqual({ status: 'not_live', reasons: ['timeout'], action: 'turnLeft' });
    // The countdown goes down while waiting.
    const first = all[0] as { remainingMs: number };
    const tenth = all[10] as { remainingMs: number };
    expect(tenth.remainingMs).toBe(first.remainingMs - 10 * FRAME_MS);
  });

  it('times out the second action on its own clock', () => {
    const poses = [...performed(['blink']), ...Array.from({ length: 70 }, (): Pose => ({}))];
    expect(run(['blink', 'turnRight'], stream(poses)).last).toMatchObject({
      status: 'not_live',
      reasons: ['timeout'],
      action: 'turnRight',
    });
  });

  it('a turn done too slowly does not count', () => {
    const slow = [{}, {}, {}, ...turnPoses(28, 80)];
    expect(run(['turnLeft'], stream(slow)).last).toMatchObject({ status: 'not_live', reasons: ['timeout'] });
  });

  it('a turn in the wrong direction does not satisfy turnLeft (fails wrong_direction)', () => {
    const { last, all } = run(['turnLeft'], stream(performed(['turnRight'])));
    expect(all.some((p) => p.status === 'live')).toBe(false);
    expect(last).toMatchObject({ status: 'not_live', reasons: ['wrong_direction'], action: 'turnLeft' });
  });

  it('a turn that never comes back to frontal is not complete', () => {
    const poses: Pose[] = [{}, {}, {}, { yawDeg: 28 }, { yawDeg: 28 }, { yawDeg: 20 }, { yawDeg: 15 }];
    expect(run(['turnLeft'], stream(poses)).last.status).toBe('in_progress');
  });

  it('a half-closed squint is not a blink', () => {
    const poses: Pose[] = [{}, {}, {}, { eyeOpenness: 0.8 }, { eyeOpenness: 0.75 }, {}, {}];
    expect(run(['blink'], stream(poses)).last.status).toBe('in_progress');
  });

  it('fails face_changed when the descriptor changes mid-challenge (a swapped photo)', () => {
    const random = seededRandom('desc');
    const patient = randomDescriptor(random);
    const other = randomDescriptor(random);
    const poses = performed(['turnLeft', 'turnRight']);
    const swapAt = 8;
    const { last, all } = run(
      ['turnLeft', 'turnRight'],
      stream(poses, (i) => [...(i < swapAt ? nearDescriptor(patient, 0.1, random) : other)]),
    );
    expect(all.slice(0, swapAt).every((p) => p.status === 'in_progress')).toBe(true);
    expect(last).toMatchObject({ status: 'not_live', reasons: ['face_changed'] });
  });

  it('same-person descriptors with ordinary noise pass', () => {
    const random = seededRandom('same');
    const patient = randomDescriptor(random);
    const actions: LivenessAction[] = ['blink', 'turnRight'];
    const obs = stream(performed(actions), () => [...nearDescriptor(patient, 0.15, random)]);
    expect(run(actions, obs).last.status).toBe('live');
  });

  it('a turned head may drift past the frontal limit (its own descriptor changes), another person may not', () => {
    const random = seededRandom('turned');
    const patient = randomDescriptor(random);
    const poses = performed(['turnLeft', 'turnRight']);
    const yawOf = (i: number) => Math.abs(poses[i]?.yawDeg ?? 0);
    const frontalTolerance = CONFIG.frontalToleranceDeg;
    // Frontal frames near the first descriptor; turned frames ~0.55 away: beyond 0.45, within 0.65.
    const drifting = (i: number) => [
      ...(yawOf(i) <= frontalTolerance
        ? nearDescriptor(patient, 0.1, random)
        : nearDescriptor(patient, 0.6, random)),
    ];
    const obs = stream(poses, drifting);
    const drift = Math.max(
      ...obs
        .filter((_, i) => yawOf(i) > frontalTolerance)
        .map((o) => descriptorDistance([...patient], o.face?.descriptor ?? [])),
    );
    expect(drift).toBeGreaterThan(CONFIG.continuity.maxDescriptorDistance);
    expect(drift).toBeLessThan(CONFIG.continuity.maxTurnedDescriptorDistance);
    expect(run(['turnLeft', 'turnRight'], obs).last.status).toBe('live');
    // The same drift on a frontal frame is refused.
    const frontalDrift = stream(poses, (i) => [
      ...(i === 1 ? nearDescriptor(patient, 0.6, random) : nearDescriptor(patient, 0.1, random)),
    ]);
    expect(run(['turnLeft', 'turnRight'], frontalDrift).last).toMatchObject({
      status: 'not_live',
      reasons: ['face_changed'],
    });
    // Another person during the turn is refused too.
    const other = randomDescriptor(random);
    const swapped = stream(poses, (i) => [
      ...(yawOf(i) > frontalTolerance ? other : nearDescriptor(patient, 0.1, random)),
    ]);
    expect(run(['turnLeft', 'turnRight'], swapped).last).toMatchObject({
      status: 'not_live',
      reasons: ['face_changed'],
    });
  });

  it('fails face_changed when the box jumps (another face or photo elsewhere in the frame)', () => {
    const poses = performed(['turnLeft', 'turnRight']);
    poses[6] = { ...poses[6], dx: 200 };
    expect(run(['turnLeft', 'turnRight'], stream(poses)).last).toMatchObject({
      status: 'not_live',
      reasons: ['face_changed'],
    });
  });

  it('fails face_changed when the face reappears elsewhere after a short gap', () => {
    const obs = stream([{}, {}, {}, {}, { dx: 200 }]);
    obs[3] = { at: obs[3]?.at as number, face: null, faceCount: 0 };
    expect(run(['blink'], obs).last).toMatchObject({ status: 'not_live', reasons: ['face_changed'] });
  });

  it('fails multiple_faces when two faces stay longer than the grace period', () => {
    const obs = stream(performed(['turnLeft', 'blink'])).map((o, i) => (i >= 4 ? { ...o, faceCount: 2 } : o));
    const { last, all } = run(['turnLeft', 'blink'], obs);
    expect(last).toMatchObject({ status: 'not_live', reasons: ['multiple_faces'] });
    // Within the grace period it only waits.
    expect(all[8]?.status).toBe('in_progress');
  });

  it('fails face_lost when no face stays longer than the grace period, tolerates a short dropout', () => {
    const poses = performed(['turnLeft']);
    const drop = (from: number, to: number): LivenessObservation[] =>
      stream(poses).map((o, i) => (i >= from && i < to ? { at: o.at, face: null, faceCount: 0 } : o));
    expect(run(['turnLeft'], drop(4, 8)).last.status).toBe('live');
    expect(run(['turnLeft'], drop(4, 12)).last).toMatchObject({ status: 'not_live', reasons: ['face_lost'] });
  });

  it('rejects malformed observations with a typed error', () => {
    const session = new LivenessSession({ actions: ['blink'] }, CONFIG);
    session.observe(observe(1000));
    expect(typedCode(() => session.observe(observe(900)))).toBe('INVALID_OBSERVATION');
    const short = observe(1100);
    expect(
      typedCode(() => session.observe({ ...short, face: { box: short.face!.box, landmarks: [] } })),
    ).toBe('INVALID_OBSERVATION');
  });
});

describe('LivenessSession: a static photo', () => {
  it('never passes any challenge, whatever the seed and landmark noise', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.double({ min: 0, max: 1.5, noNaN: true }),
        fc.integer({ min: 0, max: 8 }),
        (seed, noise, shift) => {
          const random = seededRandom(seed);
          const { actions } = drawChallenge(CONFIG, random);
          const session = new LivenessSession({ actions }, CONFIG);
          const descriptor = [...randomDescriptor(random)];
          let last: LivenessProgress | undefined;
          // A held photo: identical geometry, jittered landmarks, a slow drift of the hand.
          for (let i = 0; i < 150 && last?.status !== 'not_live'; i += 1) {
            last = session.observe(
              observe(i * FRAME_MS, { noise, random, dx: (shift * i) / 150 }, descriptor),
            );
            expect(last.status).not.toBe('live');
          }
          expect(last).toMatchObject({ status: 'not_live', reasons: ['timeout'] });
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('LivenessSession: the passive texture signal', () => {
  const actions: LivenessAction[] = ['turnLeft', 'blink'];
  const low = CONFIG.passive.minFineDetailRatio * 0.7;
  const high = CONFIG.passive.minFineDetailRatio * 2;
  const withTexture = (texture: number | undefined): LivenessObservation[] =>
    stream(performed(actions)).map((o) => (texture === undefined ? o : { ...o, texture }));

  it('fails a performed challenge with passive_spoof_signal when the match frames look recaptured', () => {
    expect(run(actions, withTexture(low)).last).toEqual({
      status: 'not_live',
      reasons: ['passive_spoof_signal'],
      action: 'blink',
    });
  });

  it('lets a performed challenge pass with a live texture, no texture, or the signal switched off', () => {
    expect(run(actions, withTexture(high)).last.status).toBe('live');
    expect(run(actions, withTexture(undefined)).last.status).toBe('live');
    expect(run(actions, withTexture(Number.NaN)).last.status).toBe('live');
    const off = { ...CONFIG, passive: { ...CONFIG.passive, enabled: false } };
    const session = new LivenessSession({ actions }, off);
    const results = withTexture(low).map((o) => session.observe(o));
    expect(results.at(-1)?.status).toBe('live');
  });

  it('reads only the match frames: a low texture while turning or blinking does not count', () => {
    const poses = performed(actions);
    const obs = stream(poses).map((o, i) => {
      const p = poses[i] as Pose;
      const moving = Math.abs(p.yawDeg ?? 0) > 5 || (p.eyeOpenness ?? 1) < 1;
      return { ...o, texture: moving ? low : high };
    });
    expect(run(actions, obs).last.status).toBe('live');
  });

  it('never makes a failing challenge pass: a live texture does not rescue a timeout', () => {
    const frontal = Array.from({ length: 70 }, (): Pose => ({}));
    const obs = stream(frontal).map((o) => ({ ...o, texture: high }));
    expect(run(actions, obs).last).toMatchObject({ status: 'not_live', reasons: ['timeout'] });
  });

  it('needs minScoredFrames scored match frames before it can say anything', () => {
    const obs = withTexture(undefined);
    // Only two frames carry a (low) texture: too few for a verdict.
    obs[0] = { ...(obs[0] as LivenessObservation), texture: low };
    obs[1] = { ...(obs[1] as LivenessObservation), texture: low };
    expect(run(actions, obs).last.status).toBe('live');
  });

  it('rejects a texture that is not a ratio with a typed error', () => {
    for (const texture of [-0.1, Number.POSITIVE_INFINITY]) {
      const session = new LivenessSession({ actions: ['blink'] }, CONFIG);
      expect(typedCode(() => session.observe({ ...observe(0), texture }))).toBe('INVALID_OBSERVATION');
    }
  });
});
