/**
 * The evaluation's prompt follower, composed genuine runs, re-rendered photo attacks and the
 * helpers behind them, on synthetic faces (the real-frame runs are in eval-liveness.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { estimateHeadPose } from '../../../../src/core/face/head-pose.ts';
import { DEFAULT_LIVENESS_CONFIG } from '../../../../src/core/liveness/config.ts';
import {
  evaluateComposedGenuine,
  evaluateWarpedAttacks,
  longestShot,
  passiveRates,
  type EvalFrame,
} from '../../../../src/core/evaluation/liveness/evaluate-liveness.ts';
import { meanEyeAspectRatio } from '../../../../src/core/liveness/eye-aspect-ratio.ts';
import {
  mapPoint,
  NEUTRAL_POSE,
  photoHomography,
  renderHeldUpPhoto,
} from '../../../../src/core/evaluation/liveness/photo-warp.ts';
import {
  closeEyes,
  ineligibility,
  poolOf,
  type SubjectFrame,
  type GenuinePerson,
  type PhotoBank,
} from '../../../../src/core/evaluation/liveness/simulated-subject.ts';
import { seededRandom } from '../../../../src/core/seeded-random.ts';
import type { RawFrame } from '../../../../src/shared/face.ts';
import { randomDescriptor } from '../../../support/descriptors.ts';
import { boxOf, landmarks } from '../../../../src/core/evaluation/liveness/synthetic-face.ts';

const CONFIG = DEFAULT_LIVENESS_CONFIG;
const LIVE_TEXTURE = 0.1;

function person(name: string, yaws: number[], texture = LIVE_TEXTURE): GenuinePerson {
  const random = seededRandom(name);
  return {
    name,
    descriptors: false,
    frames: yaws.map((yawDeg, i) => {
      const lm = landmarks({ yawDeg, noise: 0.5, random, dx: i * 3 });
      return { name: `${name}/${i}`, face: { box: boxOf(lm), landmarks: lm }, texture };
    }),
  };
}

const GOOD_YAWS = [0, 2, -2, 1, 10, -10, 15, -15, 25, -25, 30, -30];

describe('poolOf and ineligibility', () => {
  it('sorts frames by measured yaw into frontal, between and turned', () => {
    const pool = poolOf(person('p', GOOD_YAWS));
    expect(pool.frontal.length).toBe(4);
    expect(pool.turned[1].length).toBe(2);
    expect(pool.turned[-1].length).toBe(2);
    expect(pool.between[1].length).toBe(2);
    expect(pool.closed).toHaveLength(0);
    expect(ineligibility(pool, CONFIG.actions)).toBeUndefined();
  });

  it('says why a person cannot play a challenge', () => {
    expect(ineligibility(poolOf(person('a', [0, 12, -25])), CONFIG.actions)).toBe(
      'no frame turned left enough',
    );
    expect(ineligibility(poolOf(person('b', [15, 25, -25])), CONFIG.actions)).toBe('no frontal frame');
    expect(ineligibility(poolOf(person('c', [0, 12, -25])), ['turnRight', 'blink'])).toBeUndefined();
  });
});

describe('closeEyes', () => {
  it('lowers the EAR by the closure fraction and leaves every other point alone', () => {
    const lm = landmarks();
    const open = meanEyeAspectRatio(lm);
    for (const c of [0.3, 0.6, 0.9]) {
      const shut = closeEyes(lm, c);
      expect(meanEyeAspectRatio(shut)).toBeCloseTo(open * (1 - c), 2);
      for (const i of [0, 30, 36, 39, 42, 45, 60]) expect(shut[i]).toEqual(lm[i]);
    }
  });
});

describe('evaluateComposedGenuine on synthetic persons', () => {
  it('a person who turns clearly passes turn challenges every time, and nearly always with a blink', () => {
    const report = evaluateComposedGenuine([person('good', GOOD_YAWS)], CONFIG, 120, seededRandom(1));
    expect(report.runs).toBe(120);
    expect(report.turnsOnly.runs).toBeGreaterThan(10);
    expect(report.turnsOnly.bpcer).toBe(0);
    expect(report.withBlink.bpcer).toBeLessThanOrEqual(0.05);
    expect(report.blinks.synthetic).toBeGreaterThan(0);
    expect(report.blinks.real).toBe(0);
    expect(report.passiveOff.passes).toBe(report.passes);
  });

  it('uses a real closed-eye frame for the blink when the person has one', () => {
    const p = person('blinker', GOOD_YAWS);
    const lm = closeEyes(landmarks(), 0.8);
    p.frames.push({ name: 'closed', face: { box: boxOf(lm), landmarks: lm }, texture: LIVE_TEXTURE });
    const report = evaluateComposedGenuine([p], CONFIG, 60, seededRandom(2));
    expect(report.persons.pools.blinker?.closedEye).toBe(1);
    expect(report.blinks.real).toBeGreaterThan(0);
    expect(report.blinks.synthetic).toBe(0);
    expect(report.withBlink.bpcer).toBe(0);
  });

  it('the passive signal fails a patient whose frames look recaptured, and only the passive signal does', () => {
    const report = evaluateComposedGenuine([person('flat', GOOD_YAWS, 0.02)], CONFIG, 40, seededRandom(3));
    expect(report.passes).toBe(0);
    expect(report.reasons.passive_spoof_signal).toBeGreaterThan(35);
    expect(report.passiveOff.bpcer).toBeLessThanOrEqual(0.05);
  });

  it('deals runs only to eligible persons and lists the others with the reason', () => {
    const report = evaluateComposedGenuine(
      [person('good', GOOD_YAWS), person('shy', [0, 1, 12, -12])],
      CONFIG,
      10,
      seededRandom(4),
    );
    expect(report.persons.eligible).toEqual(['good']);
    expect(report.persons.excluded).toEqual({ shy: 'no frame turned left enough' });
    expect(report.byPerson.good?.runs).toBe(10);
  });

  it('passes descriptors when asked: frames of another identity in the left turn fail every turnLeft run', () => {
    const p = person('two', GOOD_YAWS);
    p.descriptors = true;
    const random = seededRandom('ids');
    const [a, b] = [[...randomDescriptor(random)], [...randomDescriptor(random)]];
    p.frames.forEach((f, i) => (f.face.descriptor = (GOOD_YAWS[i] as number) >= 20 ? b : a));
    const report = evaluateComposedGenuine([p], CONFIG, 60, seededRandom(5));
    const left = Object.entries(report.byChallenge).filter(([k]) => k.includes('turnLeft'));
    expect(left.length).toBeGreaterThan(0);
    for (const [, r] of left) expect(r.passes).toBe(0);
    expect(report.reasons.face_changed).toBe(left.reduce((n, [, r]) => n + r.runs, 0));
    // Without descriptors the same frames pass: the failure is the continuity check's.
    p.descriptors = false;
    expect(evaluateComposedGenuine([p], CONFIG, 60, seededRandom(5)).turnsOnly.bpcer).toBe(0);
  });
});

/**
 * A flat photo of the synthetic face: a tilt about the vertical axis squeezes it horizontally (yaw
 * unchanged), a pitch about the horizontal axis squeezes it vertically (EAR down with everything
 * else) and, as the engine does on real re-rendered photos, moves its descriptor.
 */
function photoBank(name: string): PhotoBank {
  const random = seededRandom(name);
  const own = [...randomDescriptor(random)];
  const drifted = [...randomDescriptor(random)];
  const frame = (sx: number, sy: number, dx: number): SubjectFrame => {
    const lm = landmarks({ noise: 0.8, random }).map((p) => ({
      x: 320 + (p.x - 320) * sx + dx,
      y: 240 + (p.y - 240) * sy,
    }));
    const descriptor = sy < 0.8 ? drifted : own;
    return { face: { box: boxOf(lm), landmarks: lm, descriptor }, faceCount: 1, texture: LIVE_TEXTURE };
  };
  const squeeze = [1, 0.95, 0.85, 0.75, 0.6, 0.5, 0.6, 0.75, 0.85, 0.95, 1];
  return {
    name,
    sway: Array.from({ length: 8 }, (_, i) => frame(1, 1, Math.sin(i) * 4)),
    tiltPositive: squeeze.map((s) => frame(s, 1, (1 - s) * 30)),
    tiltNegative: squeeze.map((s) => frame(s, 1, -(1 - s) * 30)),
    pitch: squeeze.map((s) => frame(1, s, 0)),
  };
}

describe('evaluateWarpedAttacks on a synthetic flat photo', () => {
  it('a prompt-following attacker tilting a flat photo never passes, and never fakes a turn', () => {
    const report = evaluateWarpedAttacks([photoBank('a'), photoBank('b')], CONFIG, 40, seededRandom(6));
    expect(report.runs).toBe(80);
    expect(report.passes).toBe(0);
    expect(report.apcer).toBe(0);
    expect(report.frames.a).toEqual({ rendered: 41, withFace: 41 });
    expect(report.actions.turnLeft.done + report.actions.turnRight.done).toBe(0);
    expect(Math.abs(report.reach.a?.left ?? 99)).toBeLessThan(5);
    // Squashing the photo fakes the eye closure; here the descriptor drift stops it (face_changed)…
    expect(report.reach.a?.minEarRatio).toBeLessThan(CONFIG.blinkCloseRatio);
    expect(report.actions.blink.done).toBe(0);
    expect(report.reasons.face_changed).toBeGreaterThan(0);
    // …without descriptors the blink is faked, and only the turn every challenge has stops the photo.
    expect(report.withoutDescriptors.actions.blink.done).toBeGreaterThan(0);
    expect(report.withoutDescriptors.passes).toBe(0);
  });
});

describe('longestShot', () => {
  const face = (x: number, descriptor?: number[]): EvalFrame => ({
    face: {
      box: { x, y: 100, width: 100, height: 100 },
      landmarks: [],
      ...(descriptor ? { descriptor } : {}),
    },
    faceCount: 1,
  });
  const none: EvalFrame = { face: null, faceCount: 0 };

  const iou = CONFIG.continuity.minBoxIou;

  it('finds the longest run of one continuous face, cut by box jumps and frames without one face', () => {
    const frames = [face(0), none, face(0), face(5), face(10), face(400), face(405), none];
    expect(longestShot(frames, iou)).toEqual([2, 5]);
    const two = { ...face(10), faceCount: 2 };
    expect(longestShot([face(0), face(2), two, face(4)], iou)).toEqual([0, 2]);
    expect(longestShot([], iou)).toEqual([0, 0]);
  });

  it('does not cut on descriptors: their drift inside a shot is what the session is tested on', () => {
    const random = seededRandom('shot');
    const [a, b] = [[...randomDescriptor(random)], [...randomDescriptor(random)]];
    expect(longestShot([face(0, a), face(2, a), face(4, b), face(6, b)], iou)).toEqual([0, 4]);
  });
});

describe('passiveRates', () => {
  it('counts finite ratios below the threshold, NaN as unscored, never flagged', () => {
    expect(passiveRates([0.01, 0.2, Number.NaN, 0.04], 0.05)).toEqual({
      images: 4,
      flagged: 2,
      rate: 0.5,
      unscored: 1,
      median: 0.04,
    });
  });
});

describe('renderHeldUpPhoto', () => {
  const w = 64;
  const h = 48;
  const still: RawFrame = {
    data: Uint8Array.from({ length: w * h * 3 }, (_, i) => (Math.floor(i / 3) * 7) % 256),
    width: w,
    height: h,
    format: 'rgb',
  };

  it('is the identity for the neutral pose', () => {
    const out = renderHeldUpPhoto(still, NEUTRAL_POSE, seededRandom(0));
    expect([...out.data]).toEqual([...still.data]);
  });

  it('a tilt about the vertical axis keeps the centre, narrows the photo and makes its near side taller', () => {
    const hm = photoHomography(640, 480, { ...NEUTRAL_POSE, tiltYDeg: 35 });
    expect(mapPoint(hm, 320, 240).x).toBeCloseTo(320, 6);
    const left = mapPoint(hm, 120, 240);
    const right = mapPoint(hm, 520, 240);
    expect(right.x - left.x).toBeLessThan(400 * Math.cos((35 * Math.PI) / 180) + 40);
    const heightAt = (x: number) => mapPoint(hm, x, 440).y - mapPoint(hm, x, 40).y;
    expect(heightAt(120)).not.toBeCloseTo(heightAt(520), 0);
  });

  it('cannot turn a flat face: the yaw read from the tilted landmarks stays within a few degrees', () => {
    const lm = landmarks();
    for (const tiltYDeg of [-35, 35]) {
      const hm = photoHomography(640, 480, { ...NEUTRAL_POSE, tiltYDeg });
      const moved = lm.map((p) => mapPoint(hm, p.x, p.y));
      expect(Math.abs(estimateHeadPose(moved).yaw)).toBeLessThan(8);
    }
  });
});
