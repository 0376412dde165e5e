/**
 * The identification visit as a pure reducer: `transition(config, state, event, now)` returns the
 * next state and the effects the caller must run, in order: the records (what the visit writes)
 * and the actions (camera, engine, code delivery). No clock, no I/O, no randomness, so every path
 * is tested exhaustively. An event past the phase's deadline times the visit out instead of being
 * applied: a late answer must not identify a patient who already walked away.
 */
import type { EngineCannotRun } from '../../shared/errors.ts';
import { VisitError } from '../../shared/visit-errors.ts';
import type { IdentificationMethod } from '../audit/events.ts';
import { chooseCodeChannel } from './code-channel.ts';
import type { VisitConfig } from './config.ts';
import {
  FRAME_PHASES,
  NON_TERMINAL_PHASES,
  type CodeReason,
  type NonTerminalPhase,
  type Phase,
  type Transition,
  type VisitContext,
  type VisitEffect,
  type VisitEvent,
  type VisitState,
} from './types.ts';

/** A state without its context: `Omit` distributed over the union so each phase keeps its fields. */
type NextState = VisitState extends infer S ? (S extends VisitState ? Omit<S, 'ctx'> : never) : never;

const NON_TERMINAL: ReadonlySet<Phase> = new Set<Phase>(NON_TERMINAL_PHASES);

export function isTerminal(state: VisitState): boolean {
  return !NON_TERMINAL.has(state.phase);
}

export function startVisit(config: VisitConfig, now: number): VisitState {
  return {
    phase: 'selectingPatient',
    ctx: {
      patient: null,
      visitType: null,
      faceAttempts: 0,
      framesHeld: false,
      codeReason: null,
      channel: null,
      deadline: now + config.timeoutsMs.selectingPatient,
      refusalReason: null,
      slipSignedOffBy: null,
    },
  };
}

/** Builds transitions while keeping `framesHeld` and the deadline in step with the effects. */
class Step {
  readonly effects: VisitEffect[] = [];
  ctx: VisitContext;
  readonly #config: VisitConfig;
  readonly #now: number;

  constructor(config: VisitConfig, ctx: VisitContext, now: number) {
    this.#config = config;
    this.ctx = { ...ctx };
    this.#now = now;
  }

  emit(effect: VisitEffect): this {
    this.effects.push(effect);
    if (effect.kind === 'captureFrames') this.ctx.framesHeld = true;
    if (effect.kind === 'wipeFrames') this.ctx.framesHeld = false;
    return this;
  }

  /** Entering a phase without frames wipes whatever the camera still holds. */
  to(next: NextState): Transition {
    if (!FRAME_PHASES.has(next.phase) && this.ctx.framesHeld) {
      this.effects.unshift({ kind: 'wipeFrames' });
      this.ctx.framesHeld = false;
    }
    const deadline = NON_TERMINAL.has(next.phase)
      ? this.#now + this.#config.timeoutsMs[next.phase as NonTerminalPhase]
      : null;
    const state = { ...next, ctx: { ...this.ctx, deadline } } as VisitState;
    return { state, effects: this.effects };
  }
}

function reject(state: VisitState, event: VisitEvent): never {
  throw new VisitError('INVALID_EVENT', `Event "${event.kind}" is not accepted in "${state.phase}".`);
}

function patientOf(state: VisitState) {
  const patient = state.ctx.patient;
  if (patient === null) throw new VisitError('INVALID_EVENT', `No patient selected in "${state.phase}".`);
  return patient;
}

function codeMethod(ctx: VisitContext): IdentificationMethod {
  return ctx.channel === 'representative' || ctx.channel === 'slip' ? ctx.channel : 'code';
}

/** A slip visit whose second operator has not signed it off yet. */
export function needsSignOff(ctx: VisitContext): boolean {
  return ctx.channel === 'slip' && ctx.slipSignedOffBy === null;
}

/** Chooses the channel (the why is the code path's reason) and asks the caller to issue a code. */
function toCodePath(config: VisitConfig, step: Step, state: VisitState, reason: CodeReason): Transition {
  const channel = chooseCodeChannel(patientOf(state), config.slipAllowed);
  step.ctx.codeReason = reason;
  step.ctx.channel = channel;
  if (channel === null) return step.to({ phase: 'noChannel' });
  if (channel === 'slip') return toSlip(step, state);
  step.emit({ kind: 'issueCode', channel });
  return step.to({ phase: 'codeChannel' });
}

/**
 * The slip channel: the patient's slip printed at reception when the clinic said they hold one
 * (its registrar is the second party), else a slip printed here, to be signed off.
 */
function toSlip(step: Step, state: VisitState): Transition {
  if (patientOf(state).receptionSlip === true)
    return step.to({ phase: 'receptionSlipEntry', triesLeft: null });
  step.emit({ kind: 'issueCode', channel: 'slip' });
  return step.to({ phase: 'codeChannel' });
}

function identified(step: Step, method: IdentificationMethod): Transition {
  step.emit({ kind: 'queueNotification', method });
  step.emit({ kind: 'closeVisit', end: 'identified', method });
  return step.to({ phase: 'identified', method });
}

/** Starts (or restarts) the face path: the camera starts capturing for live guidance. */
function toFace(step: Step): Transition {
  step.emit({ kind: 'captureFrames' });
  return step.to({ phase: 'faceGuidance', guidance: [] });
}

/**
 * A failed face attempt (its decision and audit rows are already emitted): counted, checked
 * against the face-path lock, and after the last attempt the code takes over.
 */
function faceFailed(config: VisitConfig, step: Step, state: VisitState): Transition {
  const attempt = state.ctx.faceAttempts + 1;
  step.ctx.faceAttempts = attempt;
  step.emit({ kind: 'wipeFrames' });
  step.emit({ kind: 'flagRepeatedFailures' });
  if (attempt >= config.maxFaceAttempts) {
    step.emit({ kind: 'audit', event: 'face_path_closed' });
    return toCodePath(config, step, state, 'face-attempts-exhausted');
  }
  return step.to({ phase: 'noMatch', attemptsLeft: config.maxFaceAttempts - attempt });
}

/**
 * The engine cannot run at this desk: the face path closes for the visit and the code takes over
 * (entering the code path wipes whatever the camera held).
 */
function faceUnavailable(
  config: VisitConfig,
  step: Step,
  state: VisitState,
  engine: EngineCannotRun,
): Transition {
  step.emit({ kind: 'audit', event: 'face_path_unavailable', engine });
  return toCodePath(config, step, state, 'face-unavailable');
}

function apply(config: VisitConfig, state: VisitState, event: VisitEvent, step: Step): Transition {
  switch (state.phase) {
    case 'selectingPatient':
      if (event.kind !== 'selectPatient') return reject(state, event);
      step.ctx.patient = { ...event.patient };
      step.emit({ kind: 'visitPatient', patientId: event.patient.patientId });
      return step.to({ phase: 'choosingVisitType' });
    case 'choosingVisitType': {
      if (event.kind !== 'chooseVisitType') return reject(state, event);
      step.ctx.visitType = event.visitType;
      step.emit({ kind: 'visitType', visitType: event.visitType });
      if (event.visitType === 'online') {
        step.emit({ kind: 'audit', event: 'visit_online' });
        step.emit({ kind: 'closeVisit', end: 'recordedOnline', method: null });
        return step.to({ phase: 'recordedOnline' });
      }
      // No photo will be taken, so there is nothing to consent to: straight to the code.
      const engine = patientOf(state).faceUnavailable;
      if (engine !== null) return faceUnavailable(config, step, state, engine);
      const patient = patientOf(state);
      if (patient.faceLockedToday) {
        step.emit({ kind: 'audit', event: 'face_path_locked', scope: patient.faceLockScope ?? 'desk' });
        return toCodePath(config, step, state, 'face-locked-today');
      }
      // In clinic mode an open face path says whose rows let it open: on the desk's alone, a
      // patient locked at another desk was not seen.
      if (patient.faceLockScope !== undefined) {
        step.emit({ kind: 'audit', event: 'face_path_opened', scope: patient.faceLockScope });
      }
      return step.to({ phase: 'askingConsent' });
    }
    case 'askingConsent':
      if (event.kind === 'refuseConsent') {
        step.ctx.refusalReason = event.reason?.trim() ? event.reason.trim() : null;
        step.emit({ kind: 'audit', event: 'consent_refused' });
        return toCodePath(config, step, state, 'consent-refused');
      }
      if (event.kind !== 'giveConsent') return reject(state, event);
      step.emit({ kind: 'audit', event: 'consent_given' });
      if (!patientOf(state).hasTemplate) {
        step.emit({ kind: 'offerEnrolment' });
        return step.to({ phase: 'noTemplate' });
      }
      return toFace(step);
    case 'faceGuidance':
      if (event.kind === 'faceUnavailable') return faceUnavailable(config, step, state, event.engine);
      if (event.kind !== 'quality') return reject(state, event);
      if (!event.ok) return step.to({ phase: 'faceGuidance', guidance: [...event.reasons] });
      step.emit({ kind: 'startLiveness' });
      return step.to({ phase: 'liveness' });
    case 'liveness':
      if (event.kind === 'faceUnavailable') return faceUnavailable(config, step, state, event.engine);
      if (event.kind !== 'liveness') return reject(state, event);
      if (!event.passed) {
        // A failed check is a failed face attempt: its decision row counts toward the lock.
        step.emit({ kind: 'decision', method: 'face', outcome: 'not_identified' });
        step.emit({ kind: 'audit', event: 'liveness_failed', detail: event.detail });
        return faceFailed(config, step, state);
      }
      step.emit({ kind: 'audit', event: 'liveness_passed', detail: event.detail });
      step.emit({ kind: 'verifyFace' });
      return step.to({ phase: 'matching' });
    case 'matching':
      if (event.kind !== 'matchResult') return reject(state, event);
      if (event.outcome === 'insufficient') return step.to({ phase: 'faceGuidance', guidance: [] });
      if (event.outcome === 'no_match') {
        step.emit({ kind: 'decision', method: 'face', outcome: 'not_identified', score: event.score });
        step.emit({ kind: 'audit', event: 'face_no_match', score: event.score });
        return faceFailed(config, step, state);
      }
      // Before the wipe: the offer keeps the matched frames' current-pipeline descriptors.
      if (patientOf(state).templateOutdated === true) step.emit({ kind: 'offerTemplateRefresh' });
      step.emit({ kind: 'wipeFrames' });
      step.emit({ kind: 'decision', method: 'face', outcome: 'identified', score: event.score });
      step.emit({ kind: 'audit', event: 'face_match', score: event.score });
      return identified(step, 'face');
    case 'noMatch':
      if (event.kind === 'retryFace') return toFace(step);
      if (event.kind === 'useCode') return toCodePath(config, step, state, 'chosen-after-no-match');
      return reject(state, event);
    case 'noTemplate':
      if (event.kind === 'enrolled') {
        step.ctx.patient = { ...patientOf(state), hasTemplate: true };
        return toFace(step);
      }
      if (event.kind === 'useCode') return toCodePath(config, step, state, 'no-template');
      return reject(state, event);
    case 'codeChannel': {
      if (event.kind === 'codeRateLimited') return step.to({ phase: 'codeRateLimited' });
      if (event.kind !== 'delivery') return reject(state, event);
      if (event.result === 'delivered') return step.to({ phase: 'codeSent' });
      const channel = state.ctx.channel ?? 'patient';
      // The slip is the way out of a gateway outage; offering it for a failed slip would loop.
      const slipOffered = config.slipAllowed && channel !== 'slip';
      step.emit({ kind: 'audit', event: 'code_delivery_failed', method: codeMethod(state.ctx) });
      return step.to({ phase: 'deliveryFailed', slipOffered });
    }
    case 'deliveryFailed':
      if (event.kind === 'useSlip' && state.slipOffered) {
        step.ctx.channel = 'slip';
        return toSlip(step, state);
      }
      if (event.kind === 'retryDelivery' && state.ctx.channel !== null) {
        step.emit({ kind: 'issueCode', channel: state.ctx.channel });
        return step.to({ phase: 'codeChannel' });
      }
      return reject(state, event);
    case 'noChannel':
    case 'codeRateLimited':
      return reject(state, event);
    case 'codeSent':
      if (event.kind !== 'beginEntry') return reject(state, event);
      // A slip's code reaches whoever holds the paper, and the doctor printed it: without a second
      // operator's sign-off a doctor alone could "identify" nobody.
      if (needsSignOff(state.ctx)) return step.to({ phase: 'slipSignOff' });
      return step.to({ phase: 'codeEntry', triesLeft: config.maxCodeTries });
    case 'slipSignOff':
      if (event.kind !== 'slipSignedOff') return reject(state, event);
      step.ctx.slipSignedOffBy = event.secondOperatorId;
      step.emit({ kind: 'audit', event: 'slip_signed_off', secondOperatorId: event.secondOperatorId });
      return step.to({ phase: 'codeEntry', triesLeft: config.maxCodeTries });
    case 'receptionSlipEntry': {
      if (event.kind !== 'receptionSlipChecked') return reject(state, event);
      const { answer } = event;
      if (answer.status === 'ok') {
        // Redeemed at the clinic, once: the decision and its audit row commit together here.
        step.emit({ kind: 'decision', method: 'slip', outcome: 'identified' });
        step.emit({
          kind: 'audit',
          event: 'slip_redeemed',
          slipId: answer.slipId,
          issuedBy: answer.issuedBy,
        });
        return identified(step, 'slip');
      }
      if (answer.status === 'wrong')
        return step.to({ phase: 'receptionSlipEntry', triesLeft: answer.triesLeft });
      // Used, expired, locked, gone or the clinic unreachable: the desk's own slip and the sign-off.
      step.ctx.patient = { ...patientOf(state), receptionSlip: false };
      step.emit({ kind: 'issueCode', channel: 'slip' });
      return step.to({ phase: 'codeChannel' });
    }
    case 'codeEntry':
      if (event.kind !== 'codeChecked') return reject(state, event);
      switch (event.check) {
        case 'ok': {
          // Unreachable through codeSent; refused here too, so no path identifies by an unsigned slip.
          if (needsSignOff(state.ctx)) return reject(state, event);
          // The code service wrote code_verified in this very transaction; the decision is ours.
          const method = codeMethod(state.ctx);
          step.emit({ kind: 'decision', method, outcome: 'identified' });
          return identified(step, method);
        }
        case 'wrong': {
          // The code service counts; its figure wins over ours when given.
          const triesLeft = event.triesLeft ?? state.triesLeft - 1;
          if (triesLeft > 0) return step.to({ phase: 'codeEntry', triesLeft });
          step.emit({ kind: 'closeVisit', end: 'codeLocked', method: null });
          return step.to({ phase: 'codeLocked' });
        }
        case 'locked':
          step.emit({ kind: 'closeVisit', end: 'codeLocked', method: null });
          return step.to({ phase: 'codeLocked' });
        case 'expired':
        case 'used':
          return step.to({ phase: 'codeExpired' });
      }
      return reject(state, event);
    case 'codeExpired':
      if (event.kind !== 'resendCode' || state.ctx.channel === null) return reject(state, event);
      step.emit({ kind: 'issueCode', channel: state.ctx.channel });
      return step.to({ phase: 'codeChannel' });
    default:
      throw new VisitError('VISIT_ENDED', `The visit has ended ("${state.phase}").`);
  }
}

/** Ends a live visit: frames are always wiped (idempotent for the caller), then its rows. */
function end(config: VisitConfig, state: VisitState, now: number, how: 'cancelled' | 'timedOut'): Transition {
  const from = state.phase as NonTerminalPhase;
  const step = new Step(config, state.ctx, now);
  step.emit({ kind: 'wipeFrames' });
  step.emit({ kind: 'audit', event: how === 'cancelled' ? 'visit_abandoned' : 'visit_timed_out' });
  step.emit({ kind: 'closeVisit', end: how, method: null });
  return step.to({ phase: how, from });
}

function deadlinePassed(state: VisitState, now: number): boolean {
  return state.ctx.deadline !== null && now >= state.ctx.deadline;
}

export function transition(
  config: VisitConfig,
  state: VisitState,
  event: VisitEvent,
  now: number,
): Transition {
  if (isTerminal(state)) throw new VisitError('VISIT_ENDED', `The visit has ended ("${state.phase}").`);
  if (deadlinePassed(state, now)) return end(config, state, now, 'timedOut');
  if (event.kind === 'cancel') return end(config, state, now, 'cancelled');
  return apply(config, state, event, new Step(config, state.ctx, now));
}

/** The clock's heartbeat: times the visit out once the phase's deadline has passed, else no change. */
export function tick(config: VisitConfig, state: VisitState, now: number): Transition {
  if (isTerminal(state) || !deadlinePassed(state, now)) return { state, effects: [] };
  return end(config, state, now, 'timedOut');
}
