/**
 * Someone in front of the kiosk who follows the prompts, built from real analysed frames, for the
 * liveness evaluation. The follower watches the session the way a patient watches the screen: it
 * looks at the camera while the session calibrates, waits a reaction time after each new prompt,
 * performs the action asked, looks back at the camera, and if the prompt has not moved on after a
 * moment, performs it again, until the session decides or times out.
 *
 * Two subjects supply the frames:
 *  - SimulatedPerson: engine analyses of real photos or video frames of one person, chosen by their
 *    measured yaw (frontal, turned) and placed at one face position (a similarity transform, which
 *    leaves yaw and EAR unchanged) with a slow drift, as a patient sitting at the desk. When the
 *    person has no closed-eye frame, a blink is synthesised by moving the measured eyelid landmarks
 *    of a frontal frame towards the eye's corner line; the report says so.
 *  - SimulatedPhotoAttack: engine analyses of one attack photo actually re-rendered at a sway of hand poses
 *    and at tilts of the photo's plane (photo-warp.ts), played back as an attacker who tries to
 *    answer each prompt by tilting the photo the way that best mimics the turn asked.
 */
import { estimateHeadPose } from '../../face/head-pose.ts';
import type { Point } from '../../../shared/face.ts';
import type { LivenessAction, LivenessConfig } from '../../liveness/config.ts';
import { meanEyeAspectRatio } from '../../liveness/eye-aspect-ratio.ts';
import type { LivenessSession } from '../../liveness/session.ts';
import type { LivenessProgress, ObservedFace } from '../../liveness/types.ts';

/** Frame period of the follower, ms (10 fps, as the evaluation decodes video). */
export const FOLLOWER_FRAME_MS = 100;

/** One analysed frame as the session is fed it, without its time. */
export interface SubjectFrame {
  face: ObservedFace | null;
  faceCount: number;
  /** Passive ratio of the face crop (measureFaceTexture); NaN when not measured. */
  texture: number;
}

export interface SimulatedSubject {
  /** `ticks` frames of looking at the camera (holding still, or a photo held still). */
  hold(ticks: number): SubjectFrame[];
  /** One attempt at the action. */
  perform(action: LivenessAction): SubjectFrame[];
}

export interface FollowerTiming {
  /** Frames of looking at the camera before anything is asked. */
  calibrationTicks: [number, number];
  /** Reaction time after a new prompt, in frames. */
  reactionTicks: [number, number];
  /** After an attempt that did not move the prompt on: frames waited before trying again. */
  retryAfterTicks: [number, number];
}

export const DEFAULT_FOLLOWER_TIMING: FollowerTiming = {
  calibrationTicks: [3, 6],
  reactionTicks: [3, 10],
  retryAfterTicks: [8, 15],
};

function between(random: () => number, [lo, hi]: [number, number]): number {
  return lo + Math.floor(random() * (hi - lo + 1));
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.min(items.length - 1, Math.floor(random() * items.length))] as T;
}

export interface FollowResult {
  verdict: LivenessProgress | { status: 'stream_ended' };
  /** Actions the session counted as done before it decided (all of them when live). */
  stepsDone: number;
}

/**
 * Runs one session with the subject following its prompts, until the session decides; 'stream_ended'
 * only if it had not decided after twice the challenge's whole window (a safety net: the
 * session's own timeouts decide long before).
 */
export function followPrompts(
  subject: SimulatedSubject,
  session: LivenessSession,
  config: LivenessConfig,
  random: () => number,
  timing: FollowerTiming = DEFAULT_FOLLOWER_TIMING,
): FollowResult {
  let tick = 0;
  let stepsDone = 0;
  const limit =
    Math.ceil((2 * session.challenge.actions.length * config.actionTimeoutMs) / FOLLOWER_FRAME_MS) + 50;
  // A holder, not a `let`: it is written inside feed(), where control-flow narrowing cannot follow.
  const last: { progress?: LivenessProgress } = {};
  const feed = (frames: SubjectFrame[], stopOnStep?: number): void => {
    for (const f of frames) {
      if (tick >= limit) return;
      const progress = session.observe({
        at: tick * FOLLOWER_FRAME_MS,
        face: f.face,
        faceCount: f.faceCount,
        ...(Number.isNaN(f.texture) ? {} : { texture: f.texture }),
      });
      tick += 1;
      last.progress = progress;
      if (progress.status === 'in_progress') stepsDone = progress.step;
      else if (progress.status === 'live') stepsDone = session.challenge.actions.length;
      if (progress.status !== 'in_progress') return;
      if (stopOnStep !== undefined && progress.step !== stopOnStep) return;
    }
  };
  const asked = (): Extract<LivenessProgress, { status: 'in_progress' }> | undefined =>
    last.progress?.status === 'in_progress' ? last.progress : undefined;
  feed(subject.hold(between(random, timing.calibrationTicks)));
  for (let prompt = asked(); prompt && tick < limit; prompt = asked()) {
    const step = prompt.step;
    feed(subject.hold(between(random, timing.reactionTicks)), step);
    const now = asked();
    if (!now || now.step !== step) continue;
    // Performs the whole movement even if the prompt moves on half-way (coming back from a turn).
    feed(subject.perform(now.action));
    if (asked()?.step !== step) continue;
    // Looks at the screen; the prompt still asks the same: tries again.
    feed(subject.hold(between(random, timing.retryAfterTicks)), step);
  }
  const final = last.progress;
  return { verdict: final && final.status !== 'in_progress' ? final : { status: 'stream_ended' }, stepsDone };
}

// ---------------------------------------------------------------------------------------------
// A real person, from analysed frames.

/** One real analysed frame of a genuine person. */
export interface PersonFrame {
  /** Where it came from, e.g. 'lfw/Tony_Blair/Tony_Blair_0003.jpg (mirrored)'. */
  name: string;
  face: ObservedFace;
  /** Passive ratio of its crop; NaN when not measured. */
  texture: number;
}

export interface GenuinePerson {
  name: string;
  frames: PersonFrame[];
  /**
   * Pass descriptors to the session. Only for frames of one sitting (a video shot): photos of a
   * person taken years apart are further apart than one sitting ever is.
   */
  descriptors: boolean;
}

export interface PersonPoseOptions {
  /** A frame is frontal when its measured |yaw| is at most this. */
  frontalMaxDeg: number;
  /** A compliant turn: the peak frame measures at least this in the asked direction. */
  minTurnDeg: number;
  /** A frame is a real closed-eye frame when its EAR is below this fraction of the frontal median. */
  closedEyeRatio: number;
  /** Landmark noise per point per frame, px at the placed face height, so a held pose is not frozen. */
  noisePx: number;
  /** Synthetic blink: closure depth range (fraction of the eye's open height) and duration, ms. */
  blinkDepth: [number, number];
  blinkMs: [number, number];
}

export const DEFAULT_PERSON_POSE: PersonPoseOptions = {
  frontalMaxDeg: 5,
  minTurnDeg: 20,
  closedEyeRatio: 0.6,
  noisePx: 0.5,
  blinkDepth: [0.5, 0.9],
  blinkMs: [150, 400],
};

interface Measured extends PersonFrame {
  yaw: number;
  ear: number;
}

/** A person's frames sorted by what they show. */
export interface PersonPool {
  frontal: Measured[];
  /** Key 1: turned to the patient's left (positive yaw); -1: to the right. */
  turned: Record<1 | -1, Measured[]>;
  /** Between frontal and turned, per direction (the way out and back). */
  between: Record<1 | -1, Measured[]>;
  closed: Measured[];
}

export function poolOf(person: GenuinePerson, options: PersonPoseOptions = DEFAULT_PERSON_POSE): PersonPool {
  const measured: Measured[] = [];
  for (const f of person.frames) {
    const yaw = estimateHeadPose(f.face.landmarks).yaw;
    const ear = meanEyeAspectRatio(f.face.landmarks);
    if (Number.isFinite(yaw) && Number.isFinite(ear)) measured.push({ ...f, yaw, ear });
  }
  const frontalAll = measured.filter((m) => Math.abs(m.yaw) <= options.frontalMaxDeg);
  const ears = frontalAll.map((m) => m.ear).sort((a, b) => a - b);
  const openEar = ears.length > 0 ? (ears[Math.floor(ears.length / 2)] as number) : Number.NaN;
  const closed = frontalAll.filter((m) => m.ear < options.closedEyeRatio * openEar);
  const frontal = frontalAll.filter((m) => !closed.includes(m));
  const side = (s: 1 | -1) => ({
    turned: measured.filter((m) => s * m.yaw >= options.minTurnDeg),
    between: measured.filter((m) => s * m.yaw > options.frontalMaxDeg && s * m.yaw < options.minTurnDeg),
  });
  const left = side(1);
  const right = side(-1);
  return {
    frontal,
    turned: { 1: left.turned, [-1]: right.turned } as Record<1 | -1, Measured[]>,
    between: { 1: left.between, [-1]: right.between } as Record<1 | -1, Measured[]>,
    closed,
  };
}

/** Why a person's frames cannot play a challenge with these actions, or undefined if they can. */
export function ineligibility(pool: PersonPool, actions: readonly LivenessAction[]): string | undefined {
  if (pool.frontal.length === 0) return 'no frontal frame';
  if (actions.includes('turnLeft') && pool.turned[1].length === 0) return 'no frame turned left enough';
  if (actions.includes('turnRight') && pool.turned[-1].length === 0) return 'no frame turned right enough';
  return undefined;
}

/** Moves the lid points of both eyes towards their corner line by `closure` (0 open, 1 shut). */
export function closeEyes(landmarks: readonly Point[], closure: number): Point[] {
  const out = landmarks.map((p) => ({ ...p }));
  for (const start of [36, 42]) {
    const a = landmarks[start] as Point;
    const b = landmarks[start + 3] as Point;
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const len2 = dx * dx + dy * dy || 1;
    for (const i of [1, 2, 4, 5]) {
      const p = landmarks[start + i] as Point;
      const t = ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2;
      const foot = { x: a.x + t * dx, y: a.y + t * dy };
      out[start + i] = { x: p.x + closure * (foot.x - p.x), y: p.y + closure * (foot.y - p.y) };
    }
  }
  return out;
}

/** Face height the person is placed at, px, and the frame centre. */
const PLACED_HEIGHT = 200;
const CENTRE = { x: 320, y: 240 };

export interface SimulatedPersonStats {
  /** Blinks performed with moved eyelid landmarks rather than a real closed-eye frame. */
  syntheticBlinks: number;
  realBlinks: number;
}

export class SimulatedPerson implements SimulatedSubject {
  readonly stats: SimulatedPersonStats = { syntheticBlinks: 0, realBlinks: 0 };
  readonly #person: GenuinePerson;
  readonly #pool: PersonPool;
  readonly #random: () => number;
  readonly #options: PersonPoseOptions;
  readonly #drift: { x: (t: number) => number; y: (t: number) => number; s: (t: number) => number };
  #tick = 0;
  #looking: Measured;

  constructor(
    person: GenuinePerson,
    pool: PersonPool,
    random: () => number,
    options: PersonPoseOptions = DEFAULT_PERSON_POSE,
  ) {
    this.#person = person;
    this.#pool = pool;
    this.#random = random;
    this.#options = options;
    const sway = (max: number) => {
      const amplitude = random() * max;
      const period = 20 + random() * 30;
      const phase = random() * 2 * Math.PI;
      return (t: number) => amplitude * Math.sin((2 * Math.PI * t) / period + phase);
    };
    // A seated patient: a few px of drift and a few % of leaning in and out, over 2–5 s.
    this.#drift = { x: sway(8), y: sway(6), s: sway(0.03) };
    this.#looking = pick(random, pool.frontal);
  }

  #place(frame: Measured, closure: number): SubjectFrame {
    const t = this.#tick;
    this.#tick += 1;
    const box = frame.face.box;
    const k = (PLACED_HEIGHT * (1 + this.#drift.s(t))) / box.height;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const ox = CENTRE.x + this.#drift.x(t);
    const oy = CENTRE.y + this.#drift.y(t);
    const noise = () => (this.#random() * 2 - 1) * this.#options.noisePx;
    const source = closure > 0 ? closeEyes(frame.face.landmarks, closure) : frame.face.landmarks;
    const landmarks = source.map((p) => ({
      x: ox + k * (p.x - cx) + noise(),
      y: oy + k * (p.y - cy) + noise(),
    }));
    const face: ObservedFace = {
      box: {
        x: ox + k * (box.x - cx),
        y: oy + k * (box.y - cy),
        width: k * box.width,
        height: k * box.height,
      },
      landmarks,
    };
    if (this.#person.descriptors && frame.face.descriptor) face.descriptor = frame.face.descriptor;
    return { face, faceCount: 1, texture: frame.texture };
  }

  hold(ticks: number): SubjectFrame[] {
    return Array.from({ length: ticks }, () => this.#place(this.#looking, 0));
  }

  perform(action: LivenessAction): SubjectFrame[] {
    const r = this.#random;
    const out: SubjectFrame[] = [];
    if (action === 'blink') {
      if (this.#pool.closed.length > 0) {
        this.stats.realBlinks += 1;
        const shut = pick(r, this.#pool.closed);
        for (let i = between(r, [1, 2]); i > 0; i -= 1) out.push(this.#place(shut, 0));
      } else {
        this.stats.syntheticBlinks += 1;
        const [d0, d1] = this.#options.blinkDepth;
        const [m0, m1] = this.#options.blinkMs;
        const depth = d0 + r() * (d1 - d0);
        const duration = m0 + r() * (m1 - m0);
        // The camera samples the blink at its own phase: a short blink may be caught half-closed.
        for (let t = r() * FOLLOWER_FRAME_MS; t < duration; t += FOLLOWER_FRAME_MS) {
          out.push(this.#place(this.#looking, depth * Math.sin((Math.PI * t) / duration)));
        }
      }
      out.push(this.#place(this.#looking, 0));
      return out;
    }
    const s: 1 | -1 = action === 'turnLeft' ? 1 : -1;
    const peak = pick(r, this.#pool.turned[s]);
    const ramp = this.#pool.between[s];
    const some = (n: number): Measured[] => {
      const chosen = new Set<Measured>();
      for (let i = 0; i < n && ramp.length > 0; i += 1) chosen.add(pick(r, ramp));
      return [...chosen].sort((a, b) => s * a.yaw - s * b.yaw);
    };
    for (const m of some(between(r, [0, 2]))) out.push(this.#place(m, 0));
    for (let i = between(r, [2, 5]); i > 0; i -= 1) out.push(this.#place(peak, 0));
    for (const m of some(between(r, [0, 2])).reverse()) out.push(this.#place(m, 0));
    // Back at the camera, not necessarily exactly as before.
    this.#looking = pick(r, this.#pool.frontal);
    out.push(this.#place(this.#looking, 0));
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// A photo held up by an attacker, from engine analyses of re-rendered frames.

/** Engine analyses of one still rendered along three hand movements (photo-warp.ts). */
export interface PhotoBank {
  name: string;
  /** Small hand sway around the still's pose: the photo "looking at the camera". */
  sway: SubjectFrame[];
  /** The photo's plane tilted one way and back. */
  tiltPositive: SubjectFrame[];
  /** …and the other way and back. */
  tiltNegative: SubjectFrame[];
  /**
   * The photo's plane tilted about its horizontal axis, far and back: it squashes the eyes, the
   * only thing a photo can do when asked to blink. Empty: the attacker just holds the photo.
   */
  pitch: SubjectFrame[];
}

function finiteOf(frames: readonly SubjectFrame[], measure: (f: ObservedFace) => number): number[] {
  return frames.map((f) => (f.face ? measure(f.face) : Number.NaN)).filter(Number.isFinite);
}

const yawOf = (f: ObservedFace): number => estimateHeadPose(f.landmarks).yaw;
const earOf = (f: ObservedFace): number => meanEyeAspectRatio(f.landmarks);

function mean(values: number[]): number {
  return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN;
}

/** The furthest measured yaw a tilt reaches from the sway frames' mean, in the direction `s`. */
function reach(frames: readonly SubjectFrame[], base: number, s: 1 | -1): number {
  return Math.max(Number.NEGATIVE_INFINITY, ...finiteOf(frames, yawOf).map((y) => s * (y - base)));
}

/** What a bank's movements do to the two measures the challenge reads. */
export interface BankReach {
  /** Largest measured yaw change (degrees) towards the patient's left / right, over both tilts. */
  left: number;
  right: number;
  /** Lowest EAR of the pitch frames over the mean EAR of the sway frames. */
  minEarRatio: number;
}

export function bankReach(bank: PhotoBank): BankReach {
  const base = mean(finiteOf(bank.sway, yawOf));
  const tilts = [...bank.tiltPositive, ...bank.tiltNegative];
  const open = mean(finiteOf(bank.sway, earOf));
  return {
    left: reach(tilts, base, 1),
    right: reach(tilts, base, -1),
    minEarRatio: Math.min(Number.POSITIVE_INFINITY, ...finiteOf(bank.pitch, earOf)) / open,
  };
}

export class SimulatedPhotoAttack implements SimulatedSubject {
  readonly #bank: PhotoBank;
  readonly #random: () => number;
  /** Which tilt best mimics each turn: the attacker is assumed to have learnt it. */
  readonly #tiltFor: Record<'turnLeft' | 'turnRight', SubjectFrame[]>;
  #cursor: number;
  #forward = true;

  constructor(bank: PhotoBank, random: () => number) {
    this.#bank = bank;
    this.#random = random;
    const base = mean(finiteOf(bank.sway, yawOf));
    const best = (s: 1 | -1) =>
      reach(bank.tiltPositive, base, s) >= reach(bank.tiltNegative, base, s)
        ? bank.tiltPositive
        : bank.tiltNegative;
    this.#tiltFor = { turnLeft: best(1), turnRight: best(-1) };
    this.#cursor = Math.floor(random() * bank.sway.length);
  }

  hold(ticks: number): SubjectFrame[] {
    const sway = this.#bank.sway;
    const out: SubjectFrame[] = [];
    for (let i = 0; i < ticks && sway.length > 0; i += 1) {
      out.push(sway[this.#cursor] as SubjectFrame);
      // Back and forth through the sway, so consecutive frames stay neighbours.
      if (sway.length > 1) {
        if (this.#forward && this.#cursor === sway.length - 1) this.#forward = false;
        else if (!this.#forward && this.#cursor === 0) this.#forward = true;
        this.#cursor += this.#forward ? 1 : -1;
      }
    }
    return out;
  }

  perform(action: LivenessAction): SubjectFrame[] {
    const movement = action === 'blink' ? this.#bank.pitch : this.#tiltFor[action];
    if (movement.length === 0) return this.hold(between(this.#random, [3, 6]));
    // Slower or faster hands: every frame once, or some frames twice.
    const out: SubjectFrame[] = [];
    for (const f of movement) for (let i = this.#random() < 0.3 ? 2 : 1; i > 0; i -= 1) out.push(f);
    return out;
  }
}
