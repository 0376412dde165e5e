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
import type { Box, Point } from '../../../shared/face.ts';
import { seededRandom } from '../../seeded-random.ts';
import { drawChallenge } from '../../liveness/challenge.ts';
import type { LivenessAction, LivenessConfig } from '../../liveness/config.ts';
import { boxIou, descriptorDistance } from '../../liveness/continuity.ts';
import {
  bankReach,
  followPrompts,
  ineligibility,
  SimulatedPerson,
  SimulatedPhotoAttack,
  poolOf,
  DEFAULT_PERSON_POSE,
  type SubjectFrame,
  type BankReach,
  type GenuinePerson,
  type PersonPoseOptions,
  type PhotoBank,
} from './simulated-subject.ts';
import { LivenessSession } from '../../liveness/session.ts';
import type { LivenessObservation, LivenessProgress, ObservedFace } from '../../liveness/types.ts';
import { median } from '../../median.ts';

/** One analysed frame, as the session needs it. */
export interface EvalFrame {
  face: ObservedFace | null;
  faceCount: number;
  /** Passive ratio of the face crop, when measured. */
  texture?: number;
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
  texture?: number,
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
    // The photo's texture does not change with where the hand holds it.
    out.push({
      at: (i * 1000) / EVAL_FPS,
      face: moved,
      faceCount,
      ...(texture === undefined ? {} : { texture }),
    });
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

interface Rate {
  runs: number;
  passes: number;
}

const bump = (table: Record<string, Rate>, key: string, passed: boolean): void => {
  const r = (table[key] ??= { runs: 0, passes: 0 });
  r.runs += 1;
  if (passed) r.passes += 1;
};

/** A fresh generator per run, drawn from the evaluation's one, so a run can be replayed exactly. */
function runSeed(random: () => number): number {
  return Math.floor(random() * 2 ** 32);
}

/** Per action: how often it was the prompt, and how often the session counted it done. */
export type ActionCounts = Record<LivenessAction, { asked: number; done: number }>;

function countActions(counts: ActionCounts, actions: readonly LivenessAction[], stepsDone: number): void {
  actions.forEach((a, i) => {
    const c = (counts[a] ??= { asked: 0, done: 0 });
    if (i <= stepsDone && i < actions.length) c.asked += 1;
    if (i < stepsDone) c.done += 1;
  });
}

export interface ComposedGenuineReport extends OutcomeTally {
  bpcer: number;
  byPerson: Record<string, Rate>;
  byChallenge: Record<string, Rate>;
  /** Per action, how often it was asked and done: which action limits the pass rate. */
  actions: ActionCounts;
  /** Challenges without a blink: every frame is a real analysed frame (placed, plus ±noisePx). */
  turnsOnly: Rate & { bpcer: number };
  /** Challenges with a blink: the blink is synthetic unless the person has a closed-eye frame. */
  withBlink: Rate & { bpcer: number };
  /** The same runs replayed with the passive signal switched off, to show what it costs. */
  passiveOff: Rate & { bpcer: number };
  /** Runs of persons with descriptors (one sitting), as played and replayed without descriptors. */
  descriptorPersons: {
    withDescriptors: Rate & { bpcer: number };
    withoutDescriptors: Rate & { bpcer: number };
  };
  blinks: { synthetic: number; real: number };
  persons: {
    total: number;
    eligible: string[];
    /** Persons whose frames cannot play every configured action, and why. */
    excluded: Record<string, string>;
    /** What each person's frames show: frontal, turned each way (≥ minTurnDeg), closed-eye. */
    pools: Record<
      string,
      { frames: number; frontal: number; left: number; right: number; closedEye: number }
    >;
  };
}

const withRate = (r: Rate): Rate & { bpcer: number } => ({
  ...r,
  bpcer: r.runs > 0 ? 1 - r.passes / r.runs : 1,
});

const count = (r: Rate, passed: boolean): void => {
  r.runs += 1;
  if (passed) r.passes += 1;
};

/**
 * `runs` random challenges, dealt round-robin over the persons whose frames can play every
 * configured action, each played by a SimulatedPerson following the prompts. Every run is replayed
 * (same seed, so the same frames) with the passive signal off, and, for persons with descriptors,
 * without them, to show what each check costs a genuine patient.
 */
export function evaluateComposedGenuine(
  persons: GenuinePerson[],
  config: LivenessConfig,
  runs: number,
  random: () => number,
  options: PersonPoseOptions = DEFAULT_PERSON_POSE,
): ComposedGenuineReport {
  const pools = new Map(persons.map((p) => [p, poolOf(p, options)] as const));
  const excluded: Record<string, string> = {};
  const summary: ComposedGenuineReport['persons']['pools'] = {};
  const eligible: GenuinePerson[] = [];
  for (const [person, pool] of pools) {
    summary[person.name] = {
      frames: person.frames.length,
      frontal: pool.frontal.length,
      left: pool.turned[1].length,
      right: pool.turned[-1].length,
      closedEye: pool.closed.length,
    };
    const why = ineligibility(pool, config.actions);
    if (why) excluded[person.name] = why;
    else eligible.push(person);
  }
  const total = emptyTally();
  const byPerson: Record<string, Rate> = {};
  const byChallenge: Record<string, Rate> = {};
  const actions = {} as ActionCounts;
  const turnsOnly: Rate = { runs: 0, passes: 0 };
  const withBlink: Rate = { runs: 0, passes: 0 };
  const passiveOff: Rate = { runs: 0, passes: 0 };
  const withDescriptors: Rate = { runs: 0, passes: 0 };
  const withoutDescriptors: Rate = { runs: 0, passes: 0 };
  const blinks = { synthetic: 0, real: 0 };
  const noPassive: LivenessConfig = { ...config, passive: { ...config.passive, enabled: false } };
  for (let run = 0; run < runs && eligible.length > 0; run += 1) {
    const person = eligible[run % eligible.length] as GenuinePerson;
    const pool = pools.get(person) as ReturnType<typeof poolOf>;
    const challenge = drawChallenge(config, random);
    const seed = runSeed(random);
    const play = (c: LivenessConfig, who: GenuinePerson = person) => {
      const r = seededRandom(seed);
      const subject = new SimulatedPerson(who, pool, r, options);
      return { ...followPrompts(subject, new LivenessSession(challenge, c), c, r), subject };
    };
    const { verdict, stepsDone, subject } = play(config);
    blinks.synthetic += subject.stats.syntheticBlinks;
    blinks.real += subject.stats.realBlinks;
    tally(total, verdict);
    const passed = verdict.status === 'live';
    bump(byPerson, person.name, passed);
    bump(byChallenge, challenge.actions.join('+'), passed);
    countActions(actions, challenge.actions, stepsDone);
    count(challenge.actions.includes('blink') ? withBlink : turnsOnly, passed);
    count(passiveOff, play(noPassive).verdict.status === 'live');
    if (person.descriptors) {
      count(withDescriptors, passed);
      count(withoutDescriptors, play(config, { ...person, descriptors: false }).verdict.status === 'live');
    }
  }
  return {
    ...total,
    bpcer: total.runs > 0 ? 1 - total.passes / total.runs : 1,
    byPerson,
    byChallenge,
    actions,
    turnsOnly: withRate(turnsOnly),
    withBlink: withRate(withBlink),
    passiveOff: withRate(passiveOff),
    descriptorPersons: {
      withDescriptors: withRate(withDescriptors),
      withoutDescriptors: withRate(withoutDescriptors),
    },
    blinks,
    persons: { total: persons.length, eligible: eligible.map((p) => p.name), excluded, pools: summary },
  };
}

export interface WarpedAttackReport extends OutcomeTally {
  apcer: number;
  bySource: Record<string, OutcomeTally>;
  /** Engine frames behind each bank (all movements) and how many of them had a face. */
  frames: Record<string, { rendered: number; withFace: number }>;
  /** What the attacker's movements did to the measured yaw and EAR, per bank. */
  reach: Record<string, BankReach>;
  /** Per action, how often it was asked and how often the attacker got it counted as done. */
  actions: ActionCounts;
  /**
   * The same runs replayed with the frames' descriptors removed: what the geometry alone stops,
   * e.g. if the kiosk did not describe every frame or the continuity limit were loosened.
   */
  withoutDescriptors: Rate & { apcer: number; reasons: Record<string, number>; actions: ActionCounts };
}

function withoutDescriptors(bank: PhotoBank): PhotoBank {
  const strip = (frames: SubjectFrame[]): SubjectFrame[] =>
    frames.map((f) => {
      if (!f.face) return f;
      const { descriptor: _, ...face } = f.face;
      return { ...f, face };
    });
  return {
    name: bank.name,
    sway: strip(bank.sway),
    tiltPositive: strip(bank.tiltPositive),
    tiltNegative: strip(bank.tiltNegative),
    pitch: strip(bank.pitch),
  };
}

/** `runsPerBank` challenges per re-rendered photo, each answered by a SimulatedPhotoAttack. */
export function evaluateWarpedAttacks(
  banks: PhotoBank[],
  config: LivenessConfig,
  runsPerBank: number,
  random: () => number,
): WarpedAttackReport {
  const total = emptyTally();
  const bySource: Record<string, OutcomeTally> = {};
  const frames: WarpedAttackReport['frames'] = {};
  const reach: WarpedAttackReport['reach'] = {};
  const actions = {} as ActionCounts;
  const bare = { ...emptyTally(), actions: {} as ActionCounts };
  for (const bank of banks) {
    const stripped = withoutDescriptors(bank);
    const all = [...bank.sway, ...bank.tiltPositive, ...bank.tiltNegative, ...bank.pitch];
    frames[bank.name] = { rendered: all.length, withFace: all.filter((f) => f.face !== null).length };
    reach[bank.name] = bankReach(bank);
    const t = emptyTally();
    for (let run = 0; run < runsPerBank && bank.sway.length > 0; run += 1) {
      const challenge = drawChallenge(config, random);
      const seed = runSeed(random);
      const play = (b: PhotoBank) => {
        const r = seededRandom(seed);
        return followPrompts(
          new SimulatedPhotoAttack(b, r),
          new LivenessSession(challenge, config),
          config,
          r,
        );
      };
      const { verdict, stepsDone } = play(bank);
      tally(t, verdict);
      tally(total, verdict);
      countActions(actions, challenge.actions, stepsDone);
      const replay = play(stripped);
      tally(bare, replay.verdict);
      countActions(bare.actions, challenge.actions, replay.stepsDone);
    }
    bySource[bank.name] = t;
  }
  return {
    ...total,
    apcer: total.runs > 0 ? total.passes / total.runs : 0,
    bySource,
    frames,
    reach,
    actions,
    withoutDescriptors: {
      runs: bare.runs,
      passes: bare.passes,
      apcer: bare.runs > 0 ? bare.passes / bare.runs : 0,
      reasons: bare.reasons,
      actions: bare.actions,
    },
  };
}

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
