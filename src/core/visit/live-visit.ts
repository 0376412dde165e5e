/**
 * A visit in progress at this desk, in memory: its machine state and what the camera and the code
 * path hold for it. Frames never stay here: only the analyses of frames inside the liveness
 * window (descriptor and quality), zeroed on every wipe.
 */
import type { Actor } from '../audit/actor.ts';
import type { DecisionRule } from '../face/decision-rule.ts';
import type { Probe } from '../face/matcher.ts';
import type { PipelineId } from '../face/pipelines.ts';
import type { LivenessSession } from '../liveness/session.ts';
import type { LivenessProgress } from '../liveness/types.ts';
import type { Patient } from '../patients/patients.ts';
import type { TemplateRefreshState } from '../../shared/visit-view.ts';
import type { FaceFailures } from './face-lock.ts';
import type { VisitState } from './types.ts';

/** A frame the liveness window kept for the match: its descriptor and quality verdict only. */
export type HeldProbe = Probe & {
  descriptor: Float32Array;
  /** The face as the current pipeline would enrol it, while an older pipeline's template is verified. */
  refresh?: Float32Array;
};

/** Which of the patient's templates the visit verifies, and how. */
export interface TemplateChoice {
  modelVersion: string;
  /** The rule of the pipeline that made the template. */
  rule: DecisionRule;
  /**
   * Set when an earlier pipeline made the template: the visit's frames are described with it (a
   * distance means something only within one pipeline), and a match offers to refresh it.
   */
  earlier: PipelineId | null;
}

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
  /** Chosen when the liveness check starts (the patient may have been enrolled during the visit). */
  template: TemplateChoice | null;
  /** The matched frames as the current pipeline describes them, until the match's outcome is known. */
  refreshCandidate: HeldProbe[] | null;
  /** Offered after a match on an older pipeline's template, until the patient answers. */
  refreshOffer: HeldProbe[] | null;
  templateRefresh: TemplateRefreshState | null;
  /** Whether the visit's notification was queued (false: no number to send it to). */
  notificationQueued: boolean | null;
  codesIssued: number;
  /**
   * The other desks' failed face attempts in the lock's window, as the clinic gave them when the
   * patient was selected (null: a single desk, or the clinic did not answer). The flag raised
   * after a failure here counts them with this desk's own, as the lock did.
   */
  faceFailuresElsewhere: FaceFailures | null;
  /** Serialises work on one visit: a frame and a cancel never interleave. */
  queue: Promise<unknown>;
}

function zero(probes: readonly (HeldProbe | null)[] | null): void {
  for (const p of probes ?? []) {
    p?.descriptor.fill(0);
    p?.refresh?.fill(0);
  }
}

/** Zeroes and drops everything the camera left with the visit (an open refresh offer stays). */
export function wipeFrames(v: LiveVisit): void {
  zero(v.window);
  zero(v.probes);
  zero(v.refreshCandidate);
  v.window = [];
  v.probes = [];
  v.refreshCandidate = null;
  v.liveness = null;
}

/** Zeroes and drops the refresh offer's descriptors (answered, or the visit is forgotten). */
export function dropRefreshOffer(v: LiveVisit): void {
  zero(v.refreshOffer);
  v.refreshOffer = null;
}

/**
 * Keeps the matched frames' current-pipeline descriptors (their own are zeroed by the caller)
 * until the machine says whether to offer a refresh; a previous candidate is zeroed first.
 */
export function keepRefreshCandidate(v: LiveVisit, probes: readonly HeldProbe[]): void {
  zero(v.refreshCandidate);
  const kept = probes.flatMap((p) => (p.refresh ? [{ descriptor: p.refresh, quality: p.quality }] : []));
  for (const p of probes) delete p.refresh;
  v.refreshCandidate = kept.length > 0 ? kept : null;
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
