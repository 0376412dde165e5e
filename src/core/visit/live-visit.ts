/**
 * A visit in progress at this desk, in memory: its machine state and what the camera and the code
 * path hold for it. Frames never stay here: only the analyses of frames inside the liveness
 * window (descriptor and quality), zeroed on every wipe.
 */
import type { Actor } from '../audit/actor.ts';
import type { Probe } from '../face/matcher.ts';
import type { LivenessSession } from '../liveness/session.ts';
import type { LivenessProgress } from '../liveness/types.ts';
import type { Patient } from '../patients/patients.ts';
import type { VisitState } from './types.ts';

/** A frame the liveness window kept for the match: its descriptor and quality verdict only. */
export type HeldProbe = Probe & { descriptor: Float32Array };

export interface LiveVisit {
  id: string;
  actor: Actor;
  doctorName: string;
  state: VisitState;
  patient: Patient | null;
  liveness: { session: LivenessSession; progress: LivenessProgress | null } | null;
  /** Analyses of frames fed to the liveness session, by feeding order. */
  window: (HeldProbe | null)[];
  /** The frames the passed challenge chose for the match. */
  probes: HeldProbe[];
  /** Where the last code went, masked ("+7 7** *** 45 67"); null for the slip. */
  destination: string | null;
  /** The printed slip's PDF until it is printed (it holds a live code). */
  slip: Uint8Array | null;
  enrolmentOffered: boolean;
  /** Whether the visit's notification was queued (false: no number to send it to). */
  notificationQueued: boolean | null;
  codesIssued: number;
  /** Serialises work on one visit: a frame and a cancel never interleave. */
  queue: Promise<unknown>;
}

function zero(probes: readonly (HeldProbe | null)[]): void {
  for (const p of probes) p?.descriptor.fill(0);
}

/** Zeroes and drops everything the camera left with the visit. */
export function wipeFrames(v: LiveVisit): void {
  zero(v.window);
  zero(v.probes);
  v.window = [];
  v.probes = [];
  v.liveness = null;
}

/** Hands the chosen probes to the matcher, leaving none behind. */
export function takeProbes(v: LiveVisit): HeldProbe[] {
  const probes = v.probes;
  v.probes = [];
  return probes;
}

export function zeroProbes(probes: readonly HeldProbe[]): void {
  zero(probes);
}
