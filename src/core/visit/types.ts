/**
 * States, events and effects of the identification visit. Everything is plain data: the reducer
 * decides, the caller does the I/O (camera, engine, code service, gateway) and feeds the outcome
 * back as an event, so every path can be tested without a camera or a database.
 *
 * The effects are the authority on what a visit writes: each record effect (audit row, decision
 * row, notification, the visit row) is executed as given, all of one transition in one
 * transaction, and nothing else is written about the visit (visit-records.ts). The code service's
 * own rows (code sent, verified, failed, locked) are its part, written with the transition that
 * reacts to them.
 */
import type { EngineCannotRun } from '../../shared/errors.ts';
import type { QualityReason } from '../../shared/face.ts';
import {
  NON_TERMINAL_PHASES,
  TERMINAL_PHASES,
  type CodeChannel,
  type CodeReason,
  type VisitEndState,
  type VisitType,
} from '../../shared/visit-view.ts';
import type { IdentificationMethod, LimitScope, LivenessDetail } from '../audit/events.ts';
import type { CodeCheck } from '../codes/code-service.ts';
import type { DeliveryResult } from '../delivery/channel.ts';
import type { ReceptionSlipAnswer } from './reception-slip-port.ts';

// The phase names, code channels and reasons and visit types are part of the contract with the
// screens, so they are defined once, in shared.
export { NON_TERMINAL_PHASES, TERMINAL_PHASES };
export type { CodeChannel, CodeReason, VisitType };

export type NonTerminalPhase = (typeof NON_TERMINAL_PHASES)[number];

export type TerminalPhase = (typeof TERMINAL_PHASES)[number];
export type Phase = NonTerminalPhase | TerminalPhase;

/** Phases in which the camera may hold frames of the patient's face. */
export const FRAME_PHASES: ReadonlySet<Phase> = new Set<Phase>(['faceGuidance', 'liveness', 'matching']);

/** What the caller looked up about the patient; the machine never sees an IIN or a name. */
export interface PatientFacts {
  patientId: string;
  /** Under 14 on the visit date, or declared incapacitated: the code goes to a representative. */
  needsRepresentative: boolean;
  hasRepresentative: boolean;
  hasPhone: boolean;
  hasTemplate: boolean;
  /** The template was made by an older descriptor pipeline: a match offers to refresh it. */
  templateOutdated?: boolean;
  /** Repeated failures today locked the face path for this patient (decided by the caller). */
  faceLockedToday: boolean;
  /**
   * Whose rows decided `faceLockedToday` in clinic mode: every desk's ('clinic'), or this desk's
   * alone because the clinic did not answer in time ('desk'). Absent on a single desk.
   */
  faceLockScope?: LimitScope;
  /**
   * Clinic mode online: the clinic said, within the other desks' bound, that the patient holds an
   * open slip printed at reception. Absent or false: the doctor's desk prints its own slip.
   */
  receptionSlip?: boolean;
  /** Why the desk's face engine cannot run (models missing or altered), or null: no photo then. */
  faceUnavailable: EngineCannotRun | null;
}

/** Common to every phase. */
export interface VisitContext {
  patient: PatientFacts | null;
  visitType: VisitType | null;
  faceAttempts: number;
  /** True between a captureFrames effect and the next wipeFrames effect. */
  framesHeld: boolean;
  codeReason: CodeReason | null;
  channel: CodeChannel | null;
  /** Epoch ms after which the phase times out; null once the visit has ended. */
  deadline: number | null;
  /**
   * Why the patient refused the photo, only when they volunteered it: kept with the visit row
   * (erased with its retention period), never in the audit.
   */
  refusalReason: string | null;
  /**
   * The operator (registrar or admin, never the visit's doctor) who signed off the slip visit with
   * their own password; a slip's code is not accepted without one.
   */
  slipSignedOffBy: string | null;
}

export type VisitState =
  | { phase: 'selectingPatient'; ctx: VisitContext }
  | { phase: 'choosingVisitType'; ctx: VisitContext }
  | { phase: 'askingConsent'; ctx: VisitContext }
  | { phase: 'faceGuidance'; ctx: VisitContext; guidance: QualityReason[] }
  | { phase: 'liveness'; ctx: VisitContext }
  | { phase: 'matching'; ctx: VisitContext }
  | { phase: 'noMatch'; ctx: VisitContext; attemptsLeft: number }
  | { phase: 'noTemplate'; ctx: VisitContext }
  | { phase: 'codeChannel'; ctx: VisitContext }
  | { phase: 'deliveryFailed'; ctx: VisitContext; slipOffered: boolean }
  | { phase: 'noChannel'; ctx: VisitContext }
  | { phase: 'codeSent'; ctx: VisitContext }
  | { phase: 'slipSignOff'; ctx: VisitContext }
  /** `triesLeft`: the clinic's count after a wrong code (counted at every desk), null before one. */
  | { phase: 'receptionSlipEntry'; ctx: VisitContext; triesLeft: number | null }
  | { phase: 'codeEntry'; ctx: VisitContext; triesLeft: number }
  | { phase: 'codeExpired'; ctx: VisitContext }
  /** The patient already had the hourly maximum of codes: only cancelling (or waiting) is left. */
  | { phase: 'codeRateLimited'; ctx: VisitContext }
  | { phase: 'recordedOnline'; ctx: VisitContext }
  | { phase: 'identified'; ctx: VisitContext; method: IdentificationMethod }
  | { phase: 'codeLocked'; ctx: VisitContext }
  | { phase: 'cancelled'; ctx: VisitContext; from: NonTerminalPhase }
  | { phase: 'timedOut'; ctx: VisitContext; from: NonTerminalPhase };

export type VisitEvent =
  | { kind: 'selectPatient'; patient: PatientFacts }
  | { kind: 'chooseVisitType'; visitType: VisitType }
  | { kind: 'giveConsent' }
  /** The reason is recorded only when the patient volunteers one. */
  | { kind: 'refuseConsent'; reason?: string }
  | { kind: 'quality'; ok: boolean; reasons: QualityReason[] }
  /** The challenge asked and, when it failed, why: recorded with the outcome. */
  | { kind: 'liveness'; passed: boolean; detail: LivenessDetail }
  | { kind: 'matchResult'; outcome: 'match' | 'no_match'; score: FaceScore }
  /** Too few gate-passing frames to decide: keep capturing. */
  | { kind: 'matchResult'; outcome: 'insufficient' }
  /** The engine refused a frame because it cannot run at all (not a passing crash). */
  | { kind: 'faceUnavailable'; engine: EngineCannotRun }
  | { kind: 'retryFace' }
  | { kind: 'useCode' }
  | { kind: 'enrolled' }
  | { kind: 'delivery'; result: DeliveryResult['status'] }
  /** The code service refused to issue another code this hour. */
  | { kind: 'codeRateLimited' }
  | { kind: 'useSlip' }
  | { kind: 'retryDelivery' }
  | { kind: 'beginEntry' }
  /** A second operator's password was checked by the desk (who they are, never the password). */
  | { kind: 'slipSignedOff'; secondOperatorId: string }
  /** The clinic's answer to the reception slip's code typed at the desk. */
  | { kind: 'receptionSlipChecked'; answer: ReceptionSlipAnswer }
  | { kind: 'codeChecked'; check: CodeCheck['status']; triesLeft?: number }
  | { kind: 'resendCode' }
  | { kind: 'cancel' };

/** A face decision's figures, as the audit records them. */
export interface FaceScore {
  distance: number;
  threshold: number;
  modelVersion: string;
}

/** How a visit ended, as its row records it. */
export type VisitEnd = VisitEndState;

/** An audit row about the visit, written as given (actor, patient and visit added by the desk). */
export type VisitAudit =
  | {
      event:
        | 'visit_online'
        | 'consent_given'
        | 'consent_refused'
        | 'face_path_closed'
        | 'visit_abandoned'
        | 'visit_timed_out';
    }
  /** The face-path lock's verdict, with whose rows decided it. */
  | { event: 'face_path_locked' | 'face_path_opened'; scope: LimitScope }
  | { event: 'code_delivery_failed'; method: IdentificationMethod }
  | { event: 'face_match' | 'face_no_match'; score: FaceScore }
  | { event: 'liveness_passed' | 'liveness_failed'; detail: LivenessDetail }
  | { event: 'face_path_unavailable'; engine: EngineCannotRun }
  /** Written under the second operator, naming the visit's doctor. */
  | { event: 'slip_signed_off'; secondOperatorId: string }
  /** The clinic redeemed the reception slip for this visit. */
  | { event: 'slip_redeemed'; slipId: string; issuedBy: string };

/** What the visit writes: each one executed, a transition's together in one transaction. */
export type VisitRecord =
  | ({ kind: 'audit' } & VisitAudit)
  /** The visit row learns its patient or its type. */
  | { kind: 'visitPatient'; patientId: string }
  | { kind: 'visitType'; visitType: VisitType }
  /** An identification decision row (its audit row is a separate record, or the code service's). */
  | {
      kind: 'decision';
      method: IdentificationMethod;
      outcome: 'identified' | 'not_identified';
      score?: FaceScore;
    }
  /** A failed face attempt: raise the supervisor flag if the patient's face path is now locked. */
  | { kind: 'flagRepeatedFailures' }
  /** "You were identified at …": queued with the decision, delivered once by the outbox. */
  | { kind: 'queueNotification'; method: IdentificationMethod }
  /** The visit row's end, once. */
  | { kind: 'closeVisit'; end: VisitEnd; method: IdentificationMethod | null };

/** What the visit does that is not a record: the camera, the engine, the code's delivery. */
export type VisitWork =
  | { kind: 'captureFrames' }
  | { kind: 'wipeFrames' }
  | { kind: 'startLiveness' }
  | { kind: 'verifyFace' }
  | { kind: 'offerEnrolment' }
  /** Identified with an older pipeline's template: ask the patient whether to refresh it. */
  | { kind: 'offerTemplateRefresh' }
  | { kind: 'issueCode'; channel: CodeChannel };

export type VisitEffect = VisitRecord | VisitWork;

export const RECORD_KINDS: ReadonlySet<VisitEffect['kind']> = new Set<VisitEffect['kind']>([
  'audit',
  'visitPatient',
  'visitType',
  'decision',
  'flagRepeatedFailures',
  'queueNotification',
  'closeVisit',
]);

export function isRecord(effect: VisitEffect): effect is VisitRecord {
  return RECORD_KINDS.has(effect.kind);
}

export interface Transition {
  state: VisitState;
  effects: VisitEffect[];
}
