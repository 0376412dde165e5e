/**
 * States, events and effects of the identification visit. Everything is plain data: the reducer
 * decides, the caller does the I/O (camera, engine, code service, gateway, audit) and feeds the
 * outcome back as an event, so every path can be tested without a camera or a database.
 */
import type { QualityReason } from '../../shared/face.ts';
import {
  NON_TERMINAL_PHASES,
  TERMINAL_PHASES,
  type CodeChannel,
  type CodeReason,
  type VisitType,
} from '../../shared/visit-view.ts';
import type { IdentificationMethod } from '../audit/events.ts';
import type { CodeCheck } from '../codes/code-service.ts';
import type { DeliveryResult } from '../delivery/channel.ts';
import type { VerifyDecision } from '../face/matcher.ts';

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
  /** Repeated failures today locked the face path for this patient (decided by the caller). */
  faceLockedToday: boolean;
  /** The desk's face engine cannot run (models missing or altered): no photo will be taken. */
  faceUnavailable: boolean;
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
  | { kind: 'liveness'; passed: boolean }
  | { kind: 'matchResult'; outcome: VerifyDecision['outcome'] }
  /** The engine refused a frame because it cannot run at all (not a passing crash). */
  | { kind: 'faceUnavailable' }
  | { kind: 'retryFace' }
  | { kind: 'useCode' }
  | { kind: 'enrolled' }
  | { kind: 'delivery'; result: DeliveryResult['status'] }
  /** The code service refused to issue another code this hour. */
  | { kind: 'codeRateLimited' }
  | { kind: 'useSlip' }
  | { kind: 'retryDelivery' }
  | { kind: 'beginEntry' }
  | { kind: 'codeChecked'; check: CodeCheck['status']; triesLeft?: number }
  | { kind: 'resendCode' }
  | { kind: 'cancel' };

/** Visit-level audit facts; the caller maps them onto audit rows. */
export type VisitAudit =
  | { event: 'visit_online' }
  | { event: 'consent_given' }
  | { event: 'consent_refused'; reason: string | null }
  | { event: 'face_match'; attempt: number }
  | { event: 'face_no_match'; attempt: number; livenessFailed: boolean }
  | {
      event: 'face_path_closed';
      reason: Extract<CodeReason, 'face-attempts-exhausted' | 'face-locked-today' | 'face-unavailable'>;
    }
  | { event: 'code_channel_chosen'; channel: CodeChannel; reason: CodeReason }
  | { event: 'gateway_unreachable'; channel: CodeChannel; slipOffered: boolean }
  | { event: 'visit_identified'; method: IdentificationMethod }
  | { event: 'visit_code_locked' }
  | { event: 'visit_abandoned'; from: NonTerminalPhase }
  | { event: 'visit_timed_out'; from: NonTerminalPhase };

export type VisitEffect =
  | { kind: 'captureFrames' }
  | { kind: 'wipeFrames' }
  | { kind: 'startLiveness' }
  | { kind: 'verifyFace' }
  | { kind: 'offerEnrolment' }
  | { kind: 'issueCode'; channel: CodeChannel }
  | { kind: 'queueNotification'; method: IdentificationMethod }
  | ({ kind: 'audit' } & VisitAudit);

export interface Transition {
  state: VisitState;
  effects: VisitEffect[];
}
