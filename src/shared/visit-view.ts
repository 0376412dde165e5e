/**
 * What the screens may know about a running visit. Built in the core from the visit's state, sent
 * over IPC as is: phases, counts, the masked destination, the liveness prompt. Never a name, an
 * IIN, a phone number in full, a code, a frame, a distance or a descriptor.
 */
import type { QualityReason } from './face.ts';
import type { Language } from './languages.ts';

/** Phases in which the visit still waits for something (each has a timeout and a cancel). */
export const NON_TERMINAL_PHASES = [
  'selectingPatient',
  'choosingVisitType',
  'askingConsent',
  'faceGuidance',
  'liveness',
  'matching',
  'noMatch',
  'noTemplate',
  'codeChannel',
  'deliveryFailed',
  'noChannel',
  'codeSent',
  /**
   * A printed slip's code waits for a second operator (not the doctor) to sign the visit off at the
   * desk with their own password: the slip path needs someone the doctor does not control.
   */
  'slipSignOff',
  /**
   * Clinic mode online, the slip channel, and the patient holds a slip printed at reception: the
   * doctor types its code and the clinic redeems it, once; the registrar who issued it is the
   * second party, so no sign-off at the desk is needed.
   */
  'receptionSlipEntry',
  'codeEntry',
  'codeExpired',
  'codeRateLimited',
] as const;

export const TERMINAL_PHASES = [
  'recordedOnline',
  'identified',
  'codeLocked',
  'cancelled',
  'timedOut',
] as const;

export const VISIT_PHASES = [...NON_TERMINAL_PHASES, ...TERMINAL_PHASES] as const;

/**
 * How a visit ended, as its record says: a terminal phase, no way to send the code (noChannel), or
 * interrupted: open when the desk stopped (killed, power cut) and closed at the next start.
 */
export const VISIT_END_STATES = [...TERMINAL_PHASES, 'noChannel', 'interrupted'] as const;
export type VisitEndState = (typeof VISIT_END_STATES)[number];
export type VisitPhase = (typeof VISIT_PHASES)[number];

/** In person at the desk (identified), or online (recorded, nothing identified). */
export const VISIT_TYPES = ['in-person', 'online'] as const;
export type VisitType = (typeof VISIT_TYPES)[number];

/** The doctor's and patient's buttons that carry no data (the visit:act channel, VisitDesk.act). */
export const VISIT_ACTIONS = [
  'retryFace',
  'useCode',
  'enrolled',
  'useSlip',
  'retryDelivery',
  'beginEntry',
  'resendCode',
] as const;
export type VisitAction = (typeof VISIT_ACTIONS)[number];

/** Where a code goes: the patient's phone, a representative's phone, or a printed slip. */
export const CODE_CHANNELS = ['patient', 'representative', 'slip'] as const;
export type CodeChannel = (typeof CODE_CHANNELS)[number];

export const LIVENESS_PROMPTS = ['turnLeft', 'turnRight', 'blink'] as const;
export type LivenessPrompt = (typeof LIVENESS_PROMPTS)[number];

export const VISIT_METHODS = ['face', 'code', 'representative', 'slip', 'override'] as const;
export type VisitMethod = (typeof VISIT_METHODS)[number];

/** Why the visit is on the code path: the screens say it, the audit records it. */
export const CODE_REASONS = [
  'consent-refused',
  'face-attempts-exhausted',
  'face-locked-today',
  'chosen-after-no-match',
  'no-template',
  /** The face engine cannot run at this desk (models missing or altered): straight to the code. */
  'face-unavailable',
] as const;
export type CodeReason = (typeof CODE_REASONS)[number];

/**
 * A template made by an older descriptor pipeline, after the patient was identified with it:
 * `offered` (ask the patient), then `refreshed`, `declined`, or `duplicate` (nothing saved: the
 * new template was too close to another patient's, both records flagged).
 */
export const TEMPLATE_REFRESH_STATES = ['offered', 'refreshed', 'declined', 'duplicate'] as const;
export type TemplateRefreshState = (typeof TEMPLATE_REFRESH_STATES)[number];

export interface VisitView {
  visitId: string;
  phase: VisitPhase;
  /** ISO time the current phase times out; null once the visit has ended. */
  deadline: string | null;
  /** Quality-gate reasons of the last frame, for the guidance line under the preview. */
  guidance: QualityReason[];
  /** The current liveness action, while the check runs. */
  liveness: { action: LivenessPrompt; step: number; steps: number; remainingMs: number } | null;
  /** Face attempts left before the face path closes for this visit. */
  attemptsLeft: number;
  /** Wrong code entries left. */
  triesLeft: number | null;
  codeReason: CodeReason | null;
  channel: CodeChannel | null;
  /** "+7 7** *** 12 34", or null for the slip or before a code was sent. */
  destination: string | null;
  /** The gateway failed and the clinic allows the slip. */
  slipOffered: boolean;
  /** A printed slip is waiting to be printed (taken once). */
  slipReady: boolean;
  enrolmentOffered: boolean;
  /** Null unless the patient was identified with a template made by an older pipeline. */
  templateRefresh: TemplateRefreshState | null;
  /** How the patient was identified, once identified. */
  method: VisitMethod | null;
  /** Whether the patient's visit notification was queued (false: no number to send it to). */
  notificationQueued: boolean | null;
  /** The patient's remembered language, for the patient-facing screens. */
  language: Language | null;
}
