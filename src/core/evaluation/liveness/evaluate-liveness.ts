/**
 * Liveness evaluation (ISO/IEC 30107-3 terms), everything fed through LivenessSession exactly as
 * the kiosk feeds it:
 *
 *  - APCER, held-up photos (evaluateAttacks): the engine runs once per photo, then its landmarks
 *    and box are moved by a 2-D similarity per frame. That is what a flat photo held up to the
 *    camera produces: translation, in-plane rotation and scale of one fixed picture. It cannot
 *    change the face's yaw or the eyes' aspect ratio, apart from landmark noise (±1 px per point).
 *  - APCER, re-rendered photos (evaluateWarpedAttacks): every frame is the photo actually
 *    re-rendered (perspective tilts, sway, lighting, sensor noise) and run through the engine, and
 *    an attacker answers each prompt with the tilt that best mimics it (prompt-follower.ts).
 *  - BPCER, composed (evaluateComposedGenuine): real analysed frames of one person, played by a
 *    patient who follows the prompts (prompt-follower.ts).
 *  - BPCER, video (evaluateGenuine): random challenges over a real clip whose people do not follow
 *    any prompt: a pessimistic bound.
 */
import { drawChallenge } from '../../liveness/challenge.ts';
import type { LivenessAction, LivenessConfig } from '../../liveness/config.ts';
import { boxIou, descriptorDistance } from '../../liveness/continuity.ts';
import { LivenessSession } from '../../liveness/session.ts';
import type { LivenessObservation, LivenessProgress, ObservedFace } from '../../liveness/types.ts';
import { median } from '../../median.ts';
import {
  DEFAULT_JITTER,
  EVAL_FPS,
  heldUpPhotoSequence,
  type EvalFrame,
  type JitterParams,
} from './held-up-photo.ts';
import { emptyTally, tally, type OutcomeTally } from './outcome-tally.ts';

// The evaluation's entry: its scripts and tests import everything from here.
export {
  DEFAULT_JITTER,
  EVAL_FPS,
  heldUpPhotoSequence,
  type EvalFrame,
  type JitterParams,
} from './held-up-photo.ts';
export { evaluateComposedGenuine, evaluateWarpedAttacks } from './composed-evaluation.ts';
export type { ActionCounts, ComposedGenuineReport, WarpedAttackReport } from './composed-evaluation.ts';
export type { OutcomeTally } from './outcome-tally.ts';

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

export interface AttackSource {
  name: string;
  face: ObservedFace;
  faceCount: number;
  /** Passive ratio of the still's face crop, when measured. */
  texture?: number;
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
      const seq = heldUpPhotoSequence(source.face, source.faceCount, frames, random, jitter, source.texture);
      const result = runSession(session, seq);
      tally(t, result);
      tally(total, result);
    }
    bySource[source.name] = t;
  }
  return { ...total, apcer: total.runs > 0 ? total.passes / total.runs : 0, bySource };
}

function observationsFrom(frames: EvalFrame[], start: number): LivenessObservation[] {
  return frames.slice(start).map((f, i) => {
    const o: LivenessObservation = { at: (i * 1000) / EVAL_FPS, face: f.face, faceCount: f.faceCount };
    if (f.texture !== undefined && !Number.isNaN(f.texture)) o.texture = f.texture;
    return o;
  });
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

// ---------------------------------------------------------------------------------------------
// Prompt-following runs: composed genuine patients and re-rendered photo attacks.

export interface PassiveSetReport {
  images: number;
  /** Images with a finite ratio below the threshold. */
  flagged: number;
  rate: number;
  /** Images whose ratio was NaN (no structure): never flagged. */
  unscored: number;
  median: number;
}

/** How many of a set of passive ratios fall below `threshold`. */
export function passiveRates(ratios: readonly number[], threshold: number): PassiveSetReport {
  const finite = ratios.filter(Number.isFinite);
  const flagged = finite.filter((r) => r < threshold).length;
  const middle = median(finite);
  return {
    images: ratios.length,
    flagged,
    rate: ratios.length > 0 ? flagged / ratios.length : 0,
    unscored: ratios.length - finite.length,
    median: middle,
  };
}

/**
 * The longest run of consecutive frames that show one face continuously, [start, end): exactly one
 * face in each, each box overlapping the previous one by at least `minBoxIou`. Descriptors are left
 * out on purpose: a shot is cut where the camera cuts, and how far the descriptor drifts inside it
 * is what the session's continuity check is then tested on.
 */
export function longestShot(frames: readonly EvalFrame[], minBoxIou: number): [number, number] {
  let best: [number, number] = [0, 0];
  let start = 0;
  for (let i = 0; i <= frames.length; i += 1) {
    const f = frames[i];
    const single = f !== undefined && f.faceCount === 1 && f.face !== null;
    const prev = frames[i - 1]?.face;
    const joined = i === start || (prev && f?.face && boxIou(prev.box, f.face.box) >= minBoxIou);
    if (single && joined) continue;
    if (i - start > best[1] - best[0]) best = [start, i];
    // A frame that breaks the run starts the next one, unless it has no single face.
    start = single ? i : i + 1;
  }
  return best;
}
