/**
 * One challenge–response liveness check, fed one observation per frame.
 *
 * The first single-face frames set the patient's own frontal yaw and open-eye EAR; every action
 * is then measured against them, in order, each within its timeout. Throughout, the face must
 * stay the same one (box overlap with the previous frame, descriptor near the first) and stay
 * alone, so a photo swapped in mid-challenge, or a second face, ends the check. A static photo
 * never changes yaw or EAR, so it can only time out.
 */
import { estimateHeadPose } from '../face/head-pose.ts';
import { median } from '../median.ts';
import type { Box, Point } from '../../shared/face.ts';
import type { Challenge } from './challenge.ts';
import type { LivenessAction, LivenessConfig } from './config.ts';
import { boxIou, descriptorDistance } from './continuity.ts';
import { LivenessError } from '../../shared/liveness-errors.ts';
import { meanEyeAspectRatio } from './eye-aspect-ratio.ts';
import { passiveVerdict } from './passive-texture.ts';
import type { LivenessObservation, LivenessProgress, LivenessReason } from './types.ts';

interface Sample {
  index: number;
  yaw: number;
  ear: number;
  /** The frame's passive texture ratio; NaN when the caller gave none. */
  texture: number;
}

/** Progress inside the current action: a turn must go out then come back; a blink close then open. */
interface ActionState {
  /** Turn: past the threshold in the asked direction. Blink: EAR fell below the close ratio. */
  armed: boolean;
}

function finitePoint(p: Point): boolean {
  return Number.isFinite(p.x) && Number.isFinite(p.y);
}

function finiteBox(b: Box): boolean {
  return [b.x, b.y, b.width, b.height].every(Number.isFinite) && b.width > 0 && b.height > 0;
}

export class LivenessSession {
  readonly challenge: Challenge;
  readonly #config: LivenessConfig;
  #index = 0;
  #lastAt = Number.NEGATIVE_INFINITY;
  #step = 0;
  #actionStart: number | undefined;
  #action: ActionState = { armed: false };
  /** Start of the current run of frames without exactly one face. */
  #troubleSince: number | undefined;
  #lastBox: Box | undefined;
  #firstDescriptor: number[] | undefined;
  #samples: Sample[] = [];
  #baseline: { yaw: number; ear: number } | undefined;
  #result: LivenessProgress | undefined;

  constructor(challenge: Challenge, config: LivenessConfig) {
    if (challenge.actions.length === 0) {
      throw new LivenessError('INVALID_LIVENESS_CONFIG', 'A challenge needs at least one action.');
    }
    this.challenge = { actions: [...challenge.actions] };
    this.#config = config;
  }

  observe(observation: LivenessObservation): LivenessProgress {
    // Once decided, the verdict stands: later frames cannot rescue or spoil it.
    if (this.#result) return this.#result;
    this.#validate(observation);
    const { at, face, faceCount, texture } = observation;
    const index = this.#index;
    this.#index += 1;
    this.#lastAt = at;
    this.#actionStart ??= at;

    const reasons: LivenessReason[] = [];
    if (at - this.#actionStart > this.#config.actionTimeoutMs) reasons.push('timeout');

    const single = faceCount === 1 && face !== null;
    if (!single) {
      // Frames with no face or several faces are skipped, not used: the identity is uncertain.
      this.#troubleSince ??= at;
      if (at - this.#troubleSince > this.#config.continuity.faceGraceMs) {
        reasons.push(faceCount >= 2 ? 'multiple_faces' : 'face_lost');
      }
    } else {
      this.#troubleSince = undefined;
      // A turned head changes its own descriptor (the model is trained on frontal faces), so turned
      // frames are held to a looser limit; frontal ones, where every action ends, to the strict one.
      const yawNow = estimateHeadPose(face.landmarks).yaw;
      const frontal =
        this.#baseline === undefined ||
        (Number.isFinite(yawNow) &&
          Math.abs(yawNow - this.#baseline.yaw) <= this.#config.frontalToleranceDeg);
      if (!this.#sameFace(face.box, face.descriptor, frontal)) reasons.push('face_changed');
      this.#lastBox = face.box;
    }
    if (reasons.length > 0) return this.#fail(reasons);
    if (!single) return this.#inProgress(at);

    const yaw = estimateHeadPose(face.landmarks).yaw;
    const ear = meanEyeAspectRatio(face.landmarks);
    // A degenerate eye or pose says nothing either way: skip the frame rather than guess.
    if (!Number.isFinite(yaw) || !Number.isFinite(ear)) return this.#inProgress(at);
    this.#samples.push({ index, yaw, ear, texture: texture ?? Number.NaN });

    if (!this.#baseline) {
      if (this.#samples.length < this.#config.calibrationFrames) return this.#inProgress(at);
      this.#baseline = {
        yaw: median(this.#samples.map((s) => s.yaw)),
        ear: median(this.#samples.map((s) => s.ear)),
      };
      return this.#inProgress(at);
    }

    const outcome = this.#advance(this.#currentAction(), yaw - this.#baseline.yaw, ear / this.#baseline.ear);
    if (outcome === 'wrong_direction') return this.#fail(['wrong_direction']);
    if (outcome === 'done') {
      this.#step += 1;
      this.#actionStart = at;
      this.#action = { armed: false };
      if (this.#step === this.challenge.actions.length) return this.#finish();
    }
    return this.#inProgress(at);
  }

  #validate({ at, face, faceCount, texture }: LivenessObservation): void {
    const bad = (why: string): never => {
      throw new LivenessError('INVALID_OBSERVATION', `Liveness observation rejected: ${why}.`);
    };
    if (!Number.isFinite(at)) bad('non-finite time');
    // Timeouts are measured on these times: going backwards would buy extra time.
    if (at < this.#lastAt) bad('time went backwards');
    if (!Number.isInteger(faceCount) || faceCount < 0) bad('face count is not a count');
    // NaN is allowed ("not measured"); an infinite ratio is a caller's bug.
    if (texture !== undefined && !Number.isNaN(texture) && !(Number.isFinite(texture) && texture >= 0)) {
      bad('texture is not a ratio');
    }
    if (face === null) return;
    if (faceCount === 0) bad('a face with a face count of 0');
    if (face.landmarks.length !== 68) bad(`${face.landmarks.length} landmarks, expected 68`);
    if (!face.landmarks.every(finitePoint)) bad('non-finite landmark');
    if (!finiteBox(face.box)) bad('degenerate box');
    if (face.descriptor && !face.descriptor.every(Number.isFinite)) bad('non-finite descriptor');
  }

  #sameFace(box: Box, descriptor: number[] | undefined, frontal: boolean): boolean {
    const { minBoxIou, maxDescriptorDistance, maxTurnedDescriptorDistance } = this.#config.continuity;
    const limit = frontal ? maxDescriptorDistance : maxTurnedDescriptorDistance;
    // Compared with the last box seen, also across a short gap: a photo swapped while the face
    // was hidden for a moment lands elsewhere and fails here.
    if (this.#lastBox && boxIou(this.#lastBox, box) < minBoxIou) return false;
    if (descriptor) {
      // Against the first descriptor, not the previous one, so slow drift cannot walk to another face.
      if (!this.#firstDescriptor) this.#firstDescriptor = [...descriptor];
      else if (descriptorDistance(this.#firstDescriptor, descriptor) > limit) return false;
    }
    return true;
  }

  /** One frame of the current action, given yaw relative to frontal and EAR relative to open. */
  #advance(action: LivenessAction, relYaw: number, earRatio: number): 'pending' | 'done' | 'wrong_direction' {
    const c = this.#config;
    if (action === 'blink') {
      if (earRatio < c.blinkCloseRatio) this.#action.armed = true;
      else if (this.#action.armed && earRatio > c.blinkOpenRatio) return 'done';
      return 'pending';
    }
    // Positive yaw is the patient turning to their own left (see head-pose.ts).
    const sign = action === 'turnLeft' ? 1 : -1;
    if (relYaw * sign >= c.yawThresholdDeg) this.#action.armed = true;
    // A clear turn the other way is not hesitation: a replayed video doing "some" movement must fail.
    else if (-relYaw * sign >= c.yawThresholdDeg) return 'wrong_direction';
    else if (this.#action.armed && Math.abs(relYaw) <= c.frontalToleranceDeg) return 'done';
    return 'pending';
  }

  #currentAction(): LivenessAction {
    return this.challenge.actions[Math.min(this.#step, this.challenge.actions.length - 1)] as LivenessAction;
  }

  #inProgress(at: number): LivenessProgress {
    const start = this.#actionStart ?? at;
    return {
      status: 'in_progress',
      action: this.#currentAction(),
      step: this.#step,
      remainingMs: Math.max(0, start + this.#config.actionTimeoutMs - at),
    };
  }

  #fail(reasons: LivenessReason[]): LivenessProgress {
    this.#result = { status: 'not_live', reasons, action: this.#currentAction() };
    return this.#result;
  }

  /**
   * All actions done: the match may use the frontal, open-eyed frames of this window only. The
   * passive signal is read on those same frames and can only turn the verdict into a failure.
   */
  #finish(): LivenessProgress {
    const base = this.#baseline as { yaw: number; ear: number };
    const c = this.#config;
    const usable = this.#samples.filter(
      (s) => Math.abs(s.yaw - base.yaw) <= c.frontalToleranceDeg && s.ear >= c.blinkOpenRatio * base.ear,
    );
    if (usable.length === 0) return this.#fail(['no_usable_frame']);
    const passive = passiveVerdict(
      usable.map((s) => s.texture),
      c.passive,
    );
    if (passive.spoof) return this.#fail(['passive_spoof_signal']);
    this.#result = { status: 'live', frames: usable.map((s) => s.index) };
    return this.#result;
  }
}
