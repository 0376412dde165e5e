/**
 * Liveness evaluation (ISO/IEC 30107-3 terms): APCER over randomised "held-up photo" attacks and
 * BPCER over a real video, both fed through LivenessSession exactly as the kiosk feeds it.
 *
 * Attacks run the engine once per photo and then move its landmarks and box by a 2-D similarity
 * transform per frame. That is what a flat photo held up to the camera produces: translation,
 * in-plane rotation and scale of one fixed picture. It cannot change the face's yaw or the eyes'
 * aspect ratio, apart from landmark noise, which is modelled separately (±1 px per point).
 */
import type { Box, Point } from '../../shared/face.ts';
import { drawChallenge } from './challenge.ts';
import type { LivenessAction, LivenessConfig } from './config.ts';
import { boxIou, descriptorDistance } from './continuity.ts';
import { LivenessSession } from './session.ts';
import type { LivenessObservation, LivenessProgress, ObservedFace } from './types.ts';

/** One analysed frame, as the session needs it. */
export interface EvalFrame {
  face: ObservedFace | null;
  faceCount: number;
}

export interface JitterParams {
  /** Maximum translation, px. */
  translatePx: number;
  /** Maximum in-plane rotation, degrees. */
  rotateDeg: number;
  /** Maximum relative scale change (0.04 = ±4 %). */
  scale: number;
  /** Independent noise per landmark per frame, px (the detector's own jitter). */
  noisePx: number;
}

export const DEFAULT_JITTER: JitterParams = { translatePx: 6, rotateDeg: 4, scale: 0.04, noisePx: 1 };

/** Frames per second of the simulated and decoded streams. */
export const EVAL_FPS = 10;

const DEG = Math.PI / 180;

function uniform(random: () => number, max: number): number {
  return (random() * 2 - 1) * max;
}

/** Similarity transform about `centre`: scale s, rotation r (rad), translation (tx, ty). */
function similarity(centre: Point, s: number, r: number, tx: number, ty: number): (p: Point) => Point {
  const cos = Math.cos(r) * s;
  const sin = Math.sin(r) * s;
  return (p) => {
    const dx = p.x - centre.x;
    const dy = p.y - centre.y;
    return { x: centre.x + dx * cos - dy * sin + tx, y: centre.y + dx * sin + dy * cos + ty };
  };
}

function boundingBox(points: Point[]): Box {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

/**
 * A sequence of `frames` observations of one photo moved by a hand: each of the four similarity
 * parameters sways smoothly (a sine with random amplitude within its bound, random period of
 * 1–4 s and random phase), and every landmark gets independent per-frame noise.
 */
export function heldUpPhotoSequence(
  face: ObservedFace,
  faceCount: number,
  frames: number,
  random: () => number,
  jitter: JitterParams = DEFAULT_JITTER,
): LivenessObservation[] {
  const sway = (max: number) => {
    const amplitude = random() * max;
    const period = (1 + random() * 3) * EVAL_FPS;
    const phase = random() * 2 * Math.PI;
    return (i: number) => amplitude * Math.sin((2 * Math.PI * i) / period + phase);
  };
  const tx = sway(jitter.translatePx);
  const ty = sway(jitter.translatePx);
  const rot = sway(jitter.rotateDeg * DEG);
  const scale = sway(jitter.scale);
  const b = face.box;
  const centre = { x: b.x + b.width / 2, y: b.y + b.height / 2 };
  const corners = [
    { x: b.x, y: b.y },
    { x: b.x + b.width, y: b.y },
    { x: b.x, y: b.y + b.height },
    { x: b.x + b.width, y: b.y + b.height },
  ];
  const out: LivenessObservation[] = [];
  for (let i = 0; i < frames; i += 1) {
    const move = similarity(centre, 1 + scale(i), rot(i), tx(i), ty(i));
    const landmarks = face.landmarks.map((p) => {
      const q = move(p);
      return { x: q.x + uniform(random, jitter.noisePx), y: q.y + uniform(random, jitter.noisePx) };
    });
    const moved: ObservedFace = { box: boundingBox(corners.map(move)), landmarks };
    if (face.descriptor) moved.descriptor = face.descriptor;
    out.push({ at: (i * 1000) / EVAL_FPS, face: moved, faceCount });
  }
  return out;
}

/** Feeds observations until the session decides; 'stream_ended' if it never did. */
export function runSession(
  session: LivenessSession,
  observations: Iterable<LivenessObservation>,
): LivenessProgress | { status: 'stream_ended' } {
  for (const o of observations) {
    const p = session.observe(o);
    if (p.status !== 'in_progress') return p;
  }
  return { status: 'stream_ended' };
}

/** Frames that cover a whole challenge window plus a second, so every attack ends decided. */
export function challengeWindowFrames(config: LivenessConfig): number {
  const ms = config.actionsPerChallenge * config.actionTimeoutMs + 1000;
  return Math.ceil((ms * EVAL_FPS) / 1000) + config.calibrationFrames;
}

export interface OutcomeTally {
  runs: number;
  passes: number;
  /** Why runs failed: the session's reasons, or 'stream_ended' when the input ran out first. */
  reasons: Record<string, number>;
}

function tally(t: OutcomeTally, result: LivenessProgress | { status: 'stream_ended' }): void {
  t.runs += 1;
  if (result.status === 'live') t.passes += 1;
  else if (result.status === 'stream_ended') t.reasons.stream_ended = (t.reasons.stream_ended ?? 0) + 1;
  else if (result.status === 'not_live') {
    for (const r of result.reasons) t.reasons[r] = (t.reasons[r] ?? 0) + 1;
  }
}

const emptyTally = (): OutcomeTally => ({ runs: 0, passes: 0, reasons: {} });

export interface AttackSource {
  name: string;
  face: ObservedFace;
  faceCount: number;
}

export interface AttackReport extends OutcomeTally {
  apcer: number;
  bySource: Record<string, OutcomeTally>;
}

/** `runsPerSource` randomised held-up sequences of each photo, each with its own random challenge. */
export function evaluateAttacks(
  sources: AttackSource[],
  config: LivenessConfig,
  runsPerSource: number,
  random: () => number,
  jitter: JitterParams = DEFAULT_JITTER,
): AttackReport {
  const total = emptyTally();
  const bySource: Record<string, OutcomeTally> = {};
  const frames = challengeWindowFrames(config);
  for (const source of sources) {
    const t = emptyTally();
    for (let run = 0; run < runsPerSource; run += 1) {
      const session = new LivenessSession(drawChallenge(config, random), config);
      const seq = heldUpPhotoSequence(source.face, source.faceCount, frames, random, jitter);
      const result = runSession(session, seq);
      tally(t, result);
      tally(total, result);
    }
    bySource[source.name] = t;
  }
  return { ...total, apcer: total.runs > 0 ? total.passes / total.runs : 0, bySource };
}

function observationsFrom(frames: EvalFrame[], start: number): LivenessObservation[] {
  return frames.slice(start).map((f, i) => ({ at: (i * 1000) / EVAL_FPS, ...f }));
}

export interface GenuineReport extends OutcomeTally {
  bpcer: number;
  frames: number;
  /** Per challenge (actions joined by '+'): runs and passes, to show which prompts the clip can meet. */
  byChallenge: Record<string, { runs: number; passes: number }>;
  /**
   * Per single action: the share of start offsets from which a one-action challenge passes. The
   * people in the clip talk and do not follow prompts, so this says which actions they happen to
   * perform; an action at 0 bounds the pass rate of every challenge that asks for it.
   */
  actionCoverage: Record<LivenessAction, number>;
  /** What the clip itself contains: frames without exactly one face, and cuts to another face. */
  clip: { framesNotOneFace: number; faceSwitches: number };
}

/** Frames without exactly one face, and consecutive single-face frames the session reads as another face. */
function clipStats(frames: EvalFrame[], config: LivenessConfig): GenuineReport['clip'] {
  let framesNotOneFace = 0;
  let faceSwitches = 0;
  let prev: ObservedFace | undefined;
  for (const f of frames) {
    if (f.faceCount !== 1 || !f.face) {
      framesNotOneFace += 1;
      continue;
    }
    if (prev) {
      const far =
        f.face.descriptor && prev.descriptor
          ? descriptorDistance(f.face.descriptor, prev.descriptor) > config.continuity.maxDescriptorDistance
          : false;
      if (far || boxIou(prev.box, f.face.box) < config.continuity.minBoxIou) faceSwitches += 1;
    }
    prev = f.face;
  }
  return { framesNotOneFace, faceSwitches };
}

/**
 * `runs` random challenges, each started at a random frame of the decoded clip and fed to its end.
 * A clip shorter than the challenge window ends some runs undecided ('stream_ended'); those count
 * as rejections, as a patient who stopped would be.
 */
export function evaluateGenuine(
  frames: EvalFrame[],
  config: LivenessConfig,
  runs: number,
  random: () => number,
): GenuineReport {
  const total = emptyTally();
  const byChallenge: Record<string, { runs: number; passes: number }> = {};
  // Start early enough to leave at least calibration plus a second of frames.
  const lastStart = Math.max(0, frames.length - config.calibrationFrames - EVAL_FPS);
  for (let run = 0; run < runs; run += 1) {
    const challenge = drawChallenge(config, random);
    const start = Math.min(lastStart, Math.floor(random() * (lastStart + 1)));
    const result = runSession(new LivenessSession(challenge, config), observationsFrom(frames, start));
    tally(total, result);
    const key = challenge.actions.join('+');
    const c = (byChallenge[key] ??= { runs: 0, passes: 0 });
    c.runs += 1;
    if (result.status === 'live') c.passes += 1;
  }
  const actionCoverage = {} as Record<LivenessAction, number>;
  for (const action of config.actions) {
    let passes = 0;
    for (let start = 0; start <= lastStart; start += 1) {
      const single = new LivenessSession({ actions: [action] }, { ...config, actionsPerChallenge: 1 });
      if (runSession(single, observationsFrom(frames, start)).status === 'live') passes += 1;
    }
    actionCoverage[action] = passes / (lastStart + 1);
  }
  return {
    ...total,
    bpcer: total.runs > 0 ? 1 - total.passes / total.runs : 1,
    frames: frames.length,
    byChallenge,
    actionCoverage,
    clip: clipStats(frames, config),
  };
}
