/** What the liveness session is fed each frame and what it answers. */
import type { Box, Point } from '../../shared/face.ts';
import type { LivenessAction } from './config.ts';

export interface ObservedFace {
  box: Box;
  /** The 68 iBUG landmarks. */
  landmarks: Point[];
  /** The face's descriptor when the engine computed one for this frame. */
  descriptor?: number[];
}

export interface LivenessObservation {
  /** Capture time in ms (any monotonic origin). */
  at: number;
  /** The primary face, or null when none was found. */
  face: ObservedFace | null;
  /** Faces found in the frame: anything but 1 counts against the grace period. */
  faceCount: number;
  /**
   * The passive signal of this frame's face (measureFaceTexture), when the caller measured it.
   * Absent or NaN: no evidence either way.
   */
  texture?: number;
}

export const LIVENESS_REASONS = [
  /** The current action was not completed within its timeout. */
  'timeout',
  /** No face for longer than the grace period. */
  'face_lost',
  /** Two or more faces for longer than the grace period. */
  'multiple_faces',
  /** The box jumped or the descriptor moved away from the first one: another face or photo. */
  'face_changed',
  /** A head turn past the threshold the other way from the one asked. */
  'wrong_direction',
  /** The challenge was done but no frame was frontal with open eyes, so nothing can be matched. */
  'no_usable_frame',
  /** The challenge was done but the match frames' texture looks recaptured (print or screen). */
  'passive_spoof_signal',
] as const;
export type LivenessReason = (typeof LIVENESS_REASONS)[number];

export type LivenessProgress =
  | { status: 'in_progress'; action: LivenessAction; step: number; remainingMs: number }
  /** `frames`: indices (0-based, in feeding order) of frontal, open-eyed frames inside the window. */
  | { status: 'live'; frames: number[] }
  /** `action`: the action asked when the check failed, for the audit with the challenge. */
  | { status: 'not_live'; reasons: LivenessReason[]; action: LivenessAction };
