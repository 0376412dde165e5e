/**
 * The identification visit, wired: the pure machine (machine.ts) decides, this desk runs what it
 * asks for against the real services and feeds the outcomes back as events. It is what the IPC
 * handlers call, so the screens only ever see a VisitView.
 *
 * Durable writes are made where the outcome is known, in one transaction with the decision: a face
 * match writes its decision row, audit row, notification and the session's end together; a
 * verified code does the same inside the code service's transaction. The machine's own audit facts
 * then map only onto rows not written yet (see #audit), so nothing is recorded twice.
 *
 * Frames: each one goes to the engine, which zeroes the caller's buffer; what stays here is the
 * analysis of frames inside the liveness window (descriptors and quality), zeroed on every wipe.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { FaceEngineError, type EngineCannotRun } from '../../shared/errors.ts';
import type { FrameAnalysis, RawFrame } from '../../shared/face.ts';
import { CodeError } from '../../shared/code-errors.ts';
import { RegistryError } from '../../shared/registry-errors.ts';
import { VisitError } from '../../shared/visit-errors.ts';
import type { Language } from '../../shared/languages.ts';
import type { VisitAction, VisitView } from '../../shared/visit-view.ts';
import type { Actor } from '../audit/actor.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type {
  AuditEvent,
  FaceUnavailableDetail,
  IdentificationMethod,
  LivenessDetail,
} from '../audit/events.ts';
import type { Clock } from '../clock.ts';
import type { CodeMethod, CodeService } from '../codes/code-service.ts';
import { codeText } from '../codes/code-text.ts';
import type { DeliveryChannel } from '../delivery/channel.ts';
import type { DecisionRule } from '../face/decision-rule.ts';
import { verify, type Probe } from '../face/matcher.ts';
import { drawChallenge } from '../liveness/challenge.ts';
import type { LivenessConfig } from '../liveness/config.ts';
import { LivenessSession } from '../liveness/session.ts';
import type { LivenessProgress } from '../liveness/types.ts';
import { enqueue } from '../notify/outbox.ts';
import { notificationText } from '../notify/template.ts';
import { faceLockStatus, flagRepeatedFaceFailures, type FaceLockPolicy } from './face-lock.ts';
import { patientLanguage } from '../patients/patient-language.ts';
import type { Patient, PatientRegistry } from '../patients/patients.ts';
import { NO_PHONE } from '../patients/phone.ts';
import type { Representatives } from '../patients/representatives.ts';
import type { TemplateStore } from '../enrolment/templates.ts';
import { insertDecisionRow, recordDecision } from './decisions.ts';
import { runInTransaction } from '../store/transaction.ts';
import type Database from 'better-sqlite3';
import type { VisitConfig } from './config.ts';
import { isTerminal, startVisit, tick, transition } from './machine.ts';
import { maskPhone } from './mask-phone.ts';
import type { CodeChannel, PatientFacts, VisitEffect, VisitEvent, VisitState, VisitType } from './types.ts';
import { closeSession, openSession, setSessionPatient, setSessionType } from './visit-sessions.ts';

/**
 * The engine as the desk needs it: one frame in (its buffer is zeroed), its analysis out. Guidance
 * frames need only the quality gate; liveness frames also need the descriptor (for continuity and
 * the match), which costs about twice as much.
 */
export interface FaceAnalyzerPort {
  analyze(frame: RawFrame, needs: { descriptor: boolean }): Promise<FrameAnalysis>;
  /**
   * Why the engine cannot run at all (it could not start: models missing or altered), or null
   * while it runs or is still starting. Absent: an engine that is always there.
   */
  unavailable?(): EngineCannotRun | null;
}

export interface SlipRequest {
  language: Language;
  clinic: string;
  issuedAt: Date;
  expiresAt: Date;
  timeZone: string;
  givenNames: string;
  familyName: string;
  code: string;
}

export interface DeskSettings {
  clinic: string;
  /** IANA zone of the clinic, for times in texts and on the slip. */
  timeZone: string;
  /** The number a patient calls when a notified visit was not theirs. */
  callNumber: string;
  /** Language of texts for a patient who never chose one. */
  defaultLanguage: Language;
}

export interface VisitDeskDeps {
  db: Database.Database;
  audit: AuditLog;
  clock: Clock;
  patients: PatientRegistry;
  representatives: Representatives;
  templates: TemplateStore;
  codes: CodeService;
  gateway: DeliveryChannel;
  renderSlip: (request: SlipRequest) => Promise<Uint8Array>;
  face: FaceAnalyzerPort;
  rule: DecisionRule;
  modelVersion: string;
  visit: VisitConfig;
  liveness: LivenessConfig;
  faceLock: FaceLockPolicy;
  settings: DeskSettings;
  /** In [0, 1); draws the liveness challenge. Crypto-backed unless a test pins it. */
  random?: () => number;
}

/** A frame the liveness window kept for the match: its descriptor and quality verdict only. */
type HeldProbe = Probe & { descriptor: Float32Array };

interface LiveVisit {
  id: string;
  actor: Actor;
  doctorName: string;
  state: VisitState;
  patient: Patient | null;
  refusalReason: string | null;
  liveness: { session: LivenessSession; progress: LivenessProgress | null } | null;
  /** Analyses of frames fed to the liveness session, by feeding order. */
  window: (HeldProbe | null)[];
  probes: HeldProbe[];
  destination: string | null;
  slip: Uint8Array | null;
  slipOffered: boolean;
  enrolmentOffered: boolean;
  notificationQueued: boolean | null;
  codesIssued: number;
  /** Why the engine could not analyse this visit's frames, when it cannot run at all. */
  engineFailure: EngineCannotRun | null;
  /** Serialises work on one visit: a frame and a cancel never interleave. */
  queue: Promise<unknown>;
}

const MAX_WINDOW_FRAMES = 600;
const MAX_REASON_LENGTH = 200;

const cryptoRandom = (): number => randomInt(0, 2 ** 47) / 2 ** 47;

function zero(probes: (HeldProbe | null)[]): void {
  for (const p of probes) p?.descriptor.fill(0);
}

function codeMethodOf(channel: CodeChannel | null): CodeMethod {
  return channel === 'representative' || channel === 'slip' ? channel : 'code';
}

export class VisitDesk {
  readonly #deps: VisitDeskDeps;
  readonly #visits = new Map<string, LiveVisit>();
  readonly #random: () => number;

  constructor(deps: VisitDeskDeps) {
    this.#deps = deps;
    this.#random = deps.random ?? cryptoRandom;
  }

  /** Starts a visit for the signed-in doctor; ended visits of the same operator are forgotten. */
  start(actor: Actor, doctorName: string): VisitView {
    for (const [id, v] of this.#visits) {
      if (v.actor.operatorId === actor.operatorId && isTerminal(v.state)) this.#forget(id);
    }
    const now = this.#deps.clock.now();
    const id = randomUUID();
    openSession(this.#deps.db, id, actor, now);
    const visit: LiveVisit = {
      id,
      actor,
      doctorName,
      state: startVisit(this.#deps.visit, now.getTime()),
      patient: null,
      refusalReason: null,
      liveness: null,
      window: [],
      probes: [],
      destination: null,
      slip: null,
      slipOffered: false,
      enrolmentOffered: false,
      notificationQueued: null,
      codesIssued: 0,
      engineFailure: null,
      queue: Promise.resolve(),
    };
    this.#visits.set(id, visit);
    return this.#view(visit);
  }

  view(visitId: string): VisitView {
    return this.#view(this.#get(visitId));
  }

  selectPatient(visitId: string, patientId: string): Promise<VisitView> {
    return this.#serial(visitId, async (v) => {
      const patient = this.#deps.patients.get(patientId);
      await this.#send(v, { kind: 'selectPatient', patient: this.#facts(patient) });
      v.patient = patient;
      setSessionPatient(this.#deps.db, v.id, patient.id);
    });
  }

  chooseVisitType(visitId: string, visitType: VisitType): Promise<VisitView> {
    return this.#serial(visitId, async (v) => {
      if (v.state.phase === 'choosingVisitType') setSessionType(this.#deps.db, v.id, visitType);
      await this.#send(v, { kind: 'chooseVisitType', visitType });
    });
  }

  giveConsent(visitId: string): Promise<VisitView> {
    return this.#serial(visitId, (v) => this.#send(v, { kind: 'giveConsent' }));
  }

  /** The reason is kept only when the patient volunteers one, and never in the audit. */
  async refuseConsent(visitId: string, reason?: string): Promise<VisitView> {
    const trimmed = reason?.trim() ?? '';
    if (trimmed.length > MAX_REASON_LENGTH) {
      throw new VisitError(
        'INVALID_VISIT_REQUEST',
        `A refusal reason is at most ${MAX_REASON_LENGTH} characters.`,
      );
    }
    return this.#serial(visitId, async (v) => {
      await this.#send(v, trimmed ? { kind: 'refuseConsent', reason: trimmed } : { kind: 'refuseConsent' });
      v.refusalReason = trimmed || null;
    });
  }

  /** The doctor's and patient's buttons that carry no data. */
  act(visitId: string, action: VisitAction): Promise<VisitView> {
    return this.#serial(visitId, (v) => this.#send(v, { kind: action }));
  }

  cancel(visitId: string): Promise<VisitView> {
    return this.#serial(visitId, (v) => this.#send(v, { kind: 'cancel' }));
  }

  /**
   * One camera frame. Outside the face path the frame is zeroed here and refused; inside, the
   * engine analyses it (and zeroes it) and the outcome drives guidance, liveness and the match.
   */
  async submitFrame(visitId: string, frame: RawFrame): Promise<VisitView> {
    const visit = this.#visits.get(visitId);
    const phase = visit?.state.phase;
    if (phase !== 'faceGuidance' && phase !== 'liveness') {
      frame.data.fill(0);
      if (visit === undefined)
        throw new VisitError('VISIT_NOT_FOUND', 'There is no such visit at this desk.');
      throw new VisitError('FRAME_NOT_EXPECTED', `No camera frame is expected in "${String(phase)}".`);
    }
    return this.#serial(visitId, async (v) => {
      if (v.state.phase !== 'faceGuidance' && v.state.phase !== 'liveness') {
        // The phase moved on while this frame waited its turn.
        frame.data.fill(0);
        return;
      }
      let analysis: FrameAnalysis;
      try {
        analysis = await this.#deps.face.analyze(frame, { descriptor: v.state.phase === 'liveness' });
      } catch (error) {
        const cannotRun = this.#engineCannotRun(error);
        if (cannotRun === null) throw error;
        // Not a passing crash: waiting would only run the visit into its timeout. Say so, use the code.
        v.engineFailure = cannotRun;
        await this.#send(v, { kind: 'faceUnavailable' });
        return;
      }
      const at = this.#deps.clock.now().getTime();
      if (v.state.phase === 'faceGuidance') {
        const q = analysis.quality;
        await this.#send(v, { kind: 'quality', ok: q.ok, reasons: [...q.reasons] });
      } else if (v.state.phase === 'liveness') {
        await this.#observeLiveness(v, analysis, at);
      }
    });
  }

  /** A code typed at the desk; a malformed entry is refused before it costs a try. */
  submitCode(visitId: string, entered: string): Promise<VisitView> {
    return this.#serial(visitId, async (v) => {
      if (isTerminal(v.state))
        throw new VisitError('VISIT_ENDED', `The visit has ended ("${v.state.phase}").`);
      if (v.state.phase !== 'codeEntry') {
        throw new VisitError('INVALID_EVENT', `A code is not expected in "${v.state.phase}".`);
      }
      const patient = this.#patientOf(v);
      const method = codeMethodOf(v.state.ctx.channel);
      const now = this.#deps.clock.now();
      const check = this.#deps.codes.verify(v.id, entered, v.actor, now, {
        method,
        onVerified: (patientId) => {
          if (patientId !== patient.id) {
            throw new CodeError('INVALID_CODE_REQUEST', 'The code was issued for another patient.');
          }
          insertDecisionRow(
            this.#deps.db,
            { patientId, outcome: 'identified', method, sessionId: v.id },
            v.actor,
            now,
          );
          this.#queueNotification(v, method, now);
          closeSession(this.#deps.db, v.id, 'identified', now, { method, refusalReason: v.refusalReason });
        },
      });
      await this.#send(
        v,
        check.status === 'wrong'
          ? { kind: 'codeChecked', check: 'wrong', triesLeft: check.triesLeft }
          : { kind: 'codeChecked', check: check.status },
      );
    });
  }

  /** The printed slip, handed out once: the bytes hold a live code and are zeroed here after. */
  takeSlip(visitId: string): Uint8Array {
    const v = this.#get(visitId);
    if (v.slip === null) throw new VisitError('NO_SLIP', 'There is no slip to print for this visit.');
    const copy = Uint8Array.from(v.slip);
    v.slip.fill(0);
    v.slip = null;
    return copy;
  }

  /**
   * Hands the slip to `print`; it is wiped once printed, and kept for another try if printing
   * failed (a jammed printer must not cost the patient their code).
   */
  async printSlip(visitId: string, print: (pdf: Uint8Array) => Promise<void>): Promise<void> {
    const v = this.#get(visitId);
    if (v.slip === null) throw new VisitError('NO_SLIP', 'There is no slip to print for this visit.');
    const copy = Uint8Array.from(v.slip);
    try {
      await print(copy);
    } finally {
      copy.fill(0);
    }
    v.slip?.fill(0);
    v.slip = null;
  }

  /** Times out visits past their phase's deadline; the app calls it on a timer. */
  async tick(): Promise<void> {
    const now = this.#deps.clock.now().getTime();
    for (const id of [...this.#visits.keys()]) {
      await this.#serial(id, async (v) => {
        const t = tick(this.#deps.visit, v.state, now);
        if (t.effects.length > 0) await this.#commit(v, t.state, t.effects);
      });
    }
  }

  /** Who started the visit, or null for an unknown id. */
  operatorOf(visitId: string): string | null {
    return this.#visits.get(visitId)?.actor.operatorId ?? null;
  }

  /** Visits still running (for a clean shutdown: cancel them so their frames are wiped). */
  liveVisitIds(): string[] {
    return [...this.#visits.values()].filter((v) => !isTerminal(v.state)).map((v) => v.id);
  }

  // --- internals -------------------------------------------------------------------------------

  #get(visitId: string): LiveVisit {
    const v = typeof visitId === 'string' ? this.#visits.get(visitId) : undefined;
    if (v === undefined) throw new VisitError('VISIT_NOT_FOUND', 'There is no such visit at this desk.');
    return v;
  }

  #serial(visitId: string, work: (v: LiveVisit) => Promise<void>): Promise<VisitView> {
    const v = this.#get(visitId);
    const next = v.queue.then(() => work(v)).then(() => this.#view(v));
    // A failed step must not block the visit's next request.
    v.queue = next.catch(() => undefined);
    return next;
  }

  #forget(id: string): void {
    const v = this.#visits.get(id);
    if (v === undefined) return;
    this.#wipe(v);
    v.slip?.fill(0);
    this.#visits.delete(id);
  }

  /** The engine's failure when it means the engine cannot run at all, else null. */
  #engineCannotRun(error: unknown): EngineCannotRun | null {
    const code = error instanceof FaceEngineError ? error.code : null;
    if (code === 'MODEL_MISSING' || code === 'MODEL_TAMPERED') return code;
    return this.#deps.face.unavailable?.() ?? null;
  }

  #patientOf(v: LiveVisit): Patient {
    if (v.patient === null) throw new VisitError('INVALID_EVENT', 'No patient has been selected.');
    return v.patient;
  }

  #facts(patient: Patient): PatientFacts {
    const needsRepresentative = patient.minorUnder14 || patient.legallyIncapacitated;
    const lock = faceLockStatus(this.#deps.db, patient.id, this.#deps.clock.now(), this.#deps.faceLock);
    return {
      patientId: patient.id,
      needsRepresentative,
      hasRepresentative: this.#representativePhone(patient) !== null,
      hasPhone: patient.phone !== NO_PHONE,
      hasTemplate: this.#deps.templates.has(patient.id),
      faceLockedToday: lock.locked,
      faceUnavailable: (this.#deps.face.unavailable?.() ?? null) !== null,
    };
  }

  /** The first linked representative with a phone, oldest link first. */
  #representativePhone(patient: Patient): string | null {
    for (const link of this.#deps.representatives.of(patient.id)) {
      const rep = this.#deps.patients.get(link.representativeId);
      if (rep.phone !== NO_PHONE) return rep.phone;
    }
    return null;
  }

  #language(patient: Patient): Language {
    return patientLanguage(this.#deps.db, patient.id) ?? this.#deps.settings.defaultLanguage;
  }

  async #send(v: LiveVisit, event: VisitEvent): Promise<void> {
    const t = transition(this.#deps.visit, v.state, event, this.#deps.clock.now().getTime());
    await this.#commit(v, t.state, t.effects);
  }

  /** Takes the new state, then runs its effects in order; effects may feed further events. */
  async #commit(v: LiveVisit, state: VisitState, effects: VisitEffect[]): Promise<void> {
    v.state = state;
    const follow: VisitEvent[] = [];
    for (const effect of effects) {
      const event = await this.#run(v, effect);
      if (event !== null) follow.push(event);
    }
    for (const event of follow) {
      if (isTerminal(v.state)) break;
      await this.#send(v, event);
    }
  }

  async #run(v: LiveVisit, effect: VisitEffect): Promise<VisitEvent | null> {
    switch (effect.kind) {
      case 'captureFrames':
        this.#wipe(v);
        return null;
      case 'wipeFrames':
        this.#wipe(v);
        return null;
      case 'startLiveness':
        v.liveness = {
          session: new LivenessSession(drawChallenge(this.#deps.liveness, this.#random), this.#deps.liveness),
          progress: null,
        };
        return null;
      case 'verifyFace':
        return this.#verifyFace(v);
      case 'offerEnrolment':
        v.enrolmentOffered = true;
        return null;
      case 'issueCode':
        return this.#issueCode(v, effect.channel);
      case 'queueNotification':
        // Already queued with the decision (face: #verifyFace, code: the code transaction).
        return null;
      case 'audit':
        this.#audit(v, effect);
        return null;
    }
  }

  #wipe(v: LiveVisit): void {
    zero(v.window);
    zero(v.probes);
    v.window = [];
    v.probes = [];
    v.liveness = null;
  }

  async #observeLiveness(v: LiveVisit, analysis: FrameAnalysis, at: number): Promise<void> {
    const live = v.liveness;
    if (live === null) throw new VisitError('INVALID_EVENT', 'The liveness check has not started.');
    const primary = analysis.faces[analysis.primary];
    // Kept as a Float32Array we can zero; the engine's number[] is zeroed right away.
    const held = primary && analysis.descriptor ? Float32Array.from(analysis.descriptor) : undefined;
    analysis.descriptor?.fill(0);
    // The window is bounded by the action timeouts; past the cap a frame is observed but not kept.
    v.window.push(
      held && v.window.length < MAX_WINDOW_FRAMES ? { descriptor: held, quality: analysis.quality } : null,
    );
    const progress = live.session.observe({
      at,
      faceCount: analysis.faces.length,
      ...(analysis.texture !== undefined ? { texture: analysis.texture } : {}),
      face: primary
        ? {
            box: primary.box,
            landmarks: primary.landmarks,
            ...(held ? { descriptor: Array.from(held) } : {}),
          }
        : null,
    });
    live.progress = progress;
    if (progress.status === 'in_progress') return;
    const detail: LivenessDetail = {
      challenge: [...live.session.challenge.actions],
      reasons: progress.status === 'not_live' ? [...progress.reasons] : [],
    };
    const patient = this.#patientOf(v);
    if (progress.status === 'live') {
      v.probes = progress.frames.flatMap((i) => {
        const p = v.window[i];
        return p ? [{ descriptor: Float32Array.from(p.descriptor), quality: p.quality }] : [];
      });
      this.#append(v, 'liveness_passed', { method: 'face', detail });
      await this.#send(v, { kind: 'liveness', passed: true });
      return;
    }
    // A failed liveness check is a failed face attempt: its decision row counts toward the lock.
    const now = this.#deps.clock.now();
    runInTransaction(this.#deps.db, () => {
      insertDecisionRow(
        this.#deps.db,
        { patientId: patient.id, outcome: 'not_identified', method: 'face', sessionId: v.id },
        v.actor,
        now,
      );
      this.#append(v, 'liveness_failed', { method: 'face', detail });
    });
    this.#afterFaceFailure(patient, now);
    await this.#send(v, { kind: 'liveness', passed: false });
  }

  async #verifyFace(v: LiveVisit): Promise<VisitEvent> {
    const patient = this.#patientOf(v);
    const { rule, modelVersion, db, audit, clock } = this.#deps;
    const template = this.#deps.templates.load(patient.id, rule.modelId, modelVersion);
    const decision = verify(template, v.probes, rule);
    // Whatever the outcome, the descriptors have done their job.
    zero(v.probes);
    v.probes = [];
    if (decision.outcome === 'insufficient') return { kind: 'matchResult', outcome: 'insufficient' };
    const now = clock.now();
    const face = {
      patientId: patient.id,
      method: 'face' as const,
      distance: decision.distance,
      threshold: decision.threshold,
      modelVersion,
      sessionId: v.id,
    };
    if (decision.outcome === 'match') {
      runInTransaction(db, () => {
        recordDecision({ db, audit, clock }, { ...face, outcome: 'identified' }, v.actor);
        this.#queueNotification(v, 'face', now);
        closeSession(db, v.id, 'identified', now, { method: 'face', refusalReason: v.refusalReason });
      });
      return { kind: 'matchResult', outcome: 'match' };
    }
    recordDecision({ db, audit, clock }, { ...face, outcome: 'not_identified' }, v.actor);
    this.#afterFaceFailure(patient, now);
    return { kind: 'matchResult', outcome: 'no_match' };
  }

  #afterFaceFailure(patient: Patient, now: Date): void {
    if (faceLockStatus(this.#deps.db, patient.id, now, this.#deps.faceLock).locked) {
      flagRepeatedFaceFailures(this.#deps.db, patient.id, now);
    }
  }

  async #issueCode(v: LiveVisit, channel: CodeChannel): Promise<VisitEvent> {
    const patient = this.#patientOf(v);
    const { codes, settings, clock } = this.#deps;
    const now = clock.now();
    let issued;
    try {
      issued = codes.issue(patient.id, v.id, v.actor, now, { method: codeMethodOf(channel) });
    } catch (error) {
      if (error instanceof CodeError && error.code === 'CODE_RATE_LIMITED')
        return { kind: 'codeRateLimited' };
      throw error;
    }
    v.codesIssued += 1;
    const language = this.#language(patient);
    if (channel === 'slip') {
      v.slip?.fill(0);
      v.slip = await this.#deps.renderSlip({
        language,
        clinic: settings.clinic,
        issuedAt: now,
        expiresAt: issued.expiresAt,
        timeZone: settings.timeZone,
        givenNames: patient.givenNames,
        familyName: patient.familyName,
        code: issued.code,
      });
      v.destination = null;
      return { kind: 'delivery', result: 'delivered' };
    }
    const to = channel === 'representative' ? this.#representativePhone(patient) : patient.phone;
    if (to === null || to === NO_PHONE) {
      throw new RegistryError('INVALID_PATIENT', 'The chosen code channel has no phone number.');
    }
    v.destination = maskPhone(to);
    const result = await this.#deps.gateway.deliver({
      kind: 'code',
      to,
      text: codeText({
        language,
        code: issued.code,
        clinic: settings.clinic,
        expiresAt: issued.expiresAt,
        timeZone: settings.timeZone,
        forRepresentative: channel === 'representative',
      }),
      idempotencyKey: `code-${v.id}-${v.codesIssued}`,
    });
    return { kind: 'delivery', result: result.status };
  }

  /** Inside the decision's transaction; a patient with no reachable number gets none (and we say so). */
  #queueNotification(v: LiveVisit, method: IdentificationMethod, now: Date): void {
    const patient = this.#patientOf(v);
    const to = patient.phone !== NO_PHONE ? patient.phone : this.#representativePhone(patient);
    if (to === null) {
      v.notificationQueued = false;
      return;
    }
    const { settings } = this.#deps;
    enqueue(
      this.#deps.db,
      {
        visitId: v.id,
        patientId: patient.id,
        to,
        text: notificationText({
          language: this.#language(patient),
          at: now,
          timeZone: settings.timeZone,
          clinic: settings.clinic,
          doctor: v.doctorName,
          method: method === 'face' ? 'face' : 'code',
          callNumber: settings.callNumber,
        }),
      },
      now,
    );
    v.notificationQueued = true;
  }

  #append(
    v: LiveVisit,
    event: AuditEvent,
    extra: { method?: IdentificationMethod | null; detail?: LivenessDetail | FaceUnavailableDetail } = {},
  ): void {
    this.#deps.audit.append({
      ...v.actor,
      patientId: v.patient?.id ?? v.state.ctx.patient?.patientId ?? null,
      visitId: v.id,
      event,
      method: extra.method ?? null,
      detail: extra.detail ?? null,
    });
  }

  /** The machine's audit facts onto audit rows, skipping those already written with a decision. */
  #audit(v: LiveVisit, fact: Extract<VisitEffect, { kind: 'audit' }>): void {
    const { db, clock } = this.#deps;
    const now = clock.now();
    switch (fact.event) {
      case 'consent_given':
        this.#append(v, 'consent_given');
        return;
      case 'consent_refused':
        this.#append(v, 'consent_refused');
        return;
      case 'visit_online':
        runInTransaction(db, () => {
          this.#append(v, 'visit_online');
          closeSession(db, v.id, 'recordedOnline', now);
        });
        return;
      case 'face_path_closed':
        if (fact.reason === 'face-unavailable') {
          const engine = v.engineFailure ?? this.#deps.face.unavailable?.() ?? 'ENGINE_UNAVAILABLE';
          this.#append(v, 'face_path_unavailable', { method: 'face', detail: { engine } });
          return;
        }
        this.#append(v, fact.reason === 'face-locked-today' ? 'face_path_locked' : 'face_path_closed', {
          method: 'face',
        });
        return;
      case 'gateway_unreachable':
        this.#append(v, 'code_delivery_failed', { method: codeMethodOf(fact.channel) });
        return;
      case 'visit_code_locked':
        // code_locked is in the trail from the code service's own transaction.
        closeSession(db, v.id, 'codeLocked', now, { refusalReason: v.refusalReason });
        return;
      case 'visit_abandoned':
      case 'visit_timed_out':
        runInTransaction(db, () => {
          this.#append(v, fact.event);
          closeSession(db, v.id, fact.event === 'visit_abandoned' ? 'cancelled' : 'timedOut', now, {
            refusalReason: v.refusalReason,
          });
        });
        return;
      // Written with their decision (face match/no-match, code verified), or carried by code_sent.
      case 'face_match':
      case 'face_no_match':
      case 'code_channel_chosen':
      case 'visit_identified':
        return;
    }
  }

  #view(v: LiveVisit): VisitView {
    const s = v.state;
    const ctx = s.ctx;
    const progress = v.liveness?.progress;
    const steps = v.liveness?.session.challenge.actions.length ?? 0;
    const first = v.liveness?.session.challenge.actions[0];
    let liveness: VisitView['liveness'] = null;
    if (s.phase === 'liveness') {
      liveness =
        progress?.status === 'in_progress'
          ? { action: progress.action, step: progress.step, steps, remainingMs: progress.remainingMs }
          : first
            ? { action: first, step: 0, steps, remainingMs: this.#deps.liveness.actionTimeoutMs }
            : null;
    }
    return {
      visitId: v.id,
      phase: s.phase,
      deadline: ctx.deadline === null ? null : new Date(ctx.deadline).toISOString(),
      guidance: s.phase === 'faceGuidance' ? [...s.guidance] : [],
      liveness,
      attemptsLeft: Math.max(0, this.#deps.visit.maxFaceAttempts - ctx.faceAttempts),
      triesLeft: s.phase === 'codeEntry' ? s.triesLeft : null,
      codeReason: ctx.codeReason,
      channel: ctx.channel,
      destination: ctx.channel === 'slip' ? null : v.destination,
      slipOffered: s.phase === 'deliveryFailed' ? s.slipOffered : false,
      slipReady: v.slip !== null,
      enrolmentOffered: v.enrolmentOffered && s.phase === 'noTemplate',
      method: s.phase === 'identified' ? s.method : null,
      notificationQueued: v.notificationQueued,
      language: v.patient ? patientLanguage(this.#deps.db, v.patient.id) : null,
    };
  }
}
