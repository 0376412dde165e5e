/**
 * The identification visit, wired: the pure machine (machine.ts) decides, the desk runs what it
 * asks for and feeds the outcomes back as events. It is what the IPC handlers call, so the screens
 * only ever see a VisitView.
 *
 * Each transition's records are written together in one transaction (visit-records.ts); its
 * actions then run in order: the camera's, the engine's match, the code's issue and delivery
 * (code-delivery.ts). A code typed at the desk is checked inside the same transaction that writes
 * the records of its outcome, so a verified code and its decision commit together.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { FaceEngineError, type EngineCannotRun } from '../../shared/errors.ts';
import { CodeError } from '../../shared/code-errors.ts';
import type { RawFrame } from '../../shared/face.ts';
import { VisitError } from '../../shared/visit-errors.ts';
import type { VisitAction, VisitView } from '../../shared/visit-view.ts';
import type { Actor } from '../audit/actor.ts';
import { verify } from '../face/matcher.ts';
import { drawChallenge } from '../liveness/challenge.ts';
import { LivenessSession } from '../liveness/session.ts';
import type { Patient } from '../patients/patients.ts';
import { NO_PHONE } from '../patients/phone.ts';
import { codeMethodOf, issueAndDeliver } from './code-delivery.ts';
import { faceLockStatus, faceLockWindowStart, type FaceFailures } from './face-lock.ts';
import {
  dropRefreshOffer,
  keepRefreshCandidate,
  takeProbes,
  wipeFrames,
  zeroProbes,
  type LiveVisit,
} from './live-visit.ts';
import { observeLiveness } from './liveness-watch.ts';
import { isTerminal, startVisit, tick, transition } from './machine.ts';
import { PatientContacts } from './patient-contacts.ts';
import { chooseTemplate, faceNeeds, livenessFor } from './template-choice.ts';
import {
  isRecord,
  type PatientFacts,
  type Transition,
  type VisitWork,
  type VisitEvent,
  type VisitType,
} from './types.ts';
import type { DeskAnalysis, VisitDeskDeps } from './visit-desk-deps.ts';
import { VisitRecorder } from './visit-records.ts';
import { visitViewOf } from './visit-view.ts';

const MAX_REASON_LENGTH = 200;

/** The doctor's and patient's buttons that carry no data. */
const cryptoRandom = (): number => randomInt(0, 2 ** 47) / 2 ** 47;

export class VisitDesk {
  readonly #deps: VisitDeskDeps;
  readonly #visits = new Map<string, LiveVisit>();
  readonly #random: () => number;
  readonly #contacts: PatientContacts;
  readonly #recorder: VisitRecorder;

  constructor(deps: VisitDeskDeps) {
    this.#deps = deps;
    this.#random = deps.random ?? cryptoRandom;
    this.#contacts = new PatientContacts(deps.patients, deps.representatives);
    this.#recorder = new VisitRecorder({ ...deps, contacts: this.#contacts });
  }

  /** Starts a visit for the signed-in doctor; ended visits of the same operator are forgotten. */
  start(actor: Actor, doctorName: string): VisitView {
    for (const [id, v] of this.#visits) {
      if (v.actor.operatorId === actor.operatorId && isTerminal(v.state)) this.#forget(id);
    }
    const now = this.#deps.clock.now();
    const visit: LiveVisit = {
      id: randomUUID(),
      actor,
      doctorName,
      state: startVisit(this.#deps.visit, now.getTime()),
      patient: null,
      liveness: null,
      window: [],
      probes: [],
      destination: null,
      slip: null,
      enrolmentOffered: false,
      template: null,
      refreshCandidate: null,
      refreshOffer: null,
      templateRefresh: null,
      notificationQueued: null,
      codesIssued: 0,
      faceFailuresElsewhere: null,
      queue: Promise.resolve(),
    };
    this.#recorder.open(visit, now);
    this.#visits.set(visit.id, visit);
    return this.#view(visit);
  }

  view(visitId: string): VisitView {
    return this.#view(this.#get(visitId));
  }

  selectPatient(visitId: string, patientId: string): Promise<VisitView> {
    return this.#serial(visitId, async (v) => {
      const patient = this.#deps.patients.get(patientId);
      const { facts, elsewhere } = await this.#facts(patient);
      await this.#send(v, { kind: 'selectPatient', patient: facts });
      v.patient = patient;
      v.faceFailuresElsewhere = elsewhere;
    });
  }

  chooseVisitType(visitId: string, visitType: VisitType): Promise<VisitView> {
    return this.#serial(visitId, (v) => this.#send(v, { kind: 'chooseVisitType', visitType }));
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
    return this.#serial(visitId, (v) =>
      this.#send(v, trimmed ? { kind: 'refuseConsent', reason: trimmed } : { kind: 'refuseConsent' }),
    );
  }

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
      let analysis: DeskAnalysis;
      try {
        const needs = faceNeeds(v.state.phase === 'liveness', v.template);
        analysis = await this.#deps.face.analyze(frame, needs);
      } catch (error) {
        const engine = this.#engineCannotRun(error);
        if (engine === null) throw error;
        // Not a passing crash: waiting would only run the visit into its timeout. Say so, use the code.
        await this.#send(v, { kind: 'faceUnavailable', engine });
        return;
      }
      const at = this.#deps.clock.now().getTime();
      if (v.state.phase === 'faceGuidance') {
        const q = analysis.quality;
        await this.#send(v, { kind: 'quality', ok: q.ok, reasons: [...q.reasons] });
      } else if (v.state.phase === 'liveness') {
        const outcome = observeLiveness(v, analysis, at);
        if (outcome !== null) await this.#send(v, outcome);
      }
    });
  }

  /**
   * A code typed at the desk; a malformed entry is refused before it costs a try. The code's check
   * and the records of its outcome (decision, notification, the visit's end) commit together.
   */
  submitCode(visitId: string, entered: string): Promise<VisitView> {
    return this.#serial(visitId, async (v) => {
      if (isTerminal(v.state))
        throw new VisitError('VISIT_ENDED', `The visit has ended ("${v.state.phase}").`);
      if (v.state.phase === 'receptionSlipEntry') return this.#redeemReceptionSlip(v, entered);
      if (v.state.phase === 'slipSignOff') {
        throw new VisitError('SLIP_SIGN_OFF_NEEDED', 'A second operator must sign off the slip visit first.');
      }
      if (v.state.phase !== 'codeEntry') {
        throw new VisitError('INVALID_EVENT', `A code is not expected in "${v.state.phase}".`);
      }
      const patient = this.#patientOf(v);
      const { store, codes, clock } = this.#deps;
      const t = store.write((tx) => {
        const check = codes.verify(v.id, entered, v.actor, clock.now(), {
          method: codeMethodOf(v.state.ctx.channel),
        });
        if (check.status === 'ok' && check.patientId !== patient.id) {
          throw new CodeError('INVALID_CODE_REQUEST', 'The code was issued for another patient.');
        }
        const event: VisitEvent =
          check.status === 'wrong'
            ? { kind: 'codeChecked', check: 'wrong', triesLeft: check.triesLeft }
            : { kind: 'codeChecked', check: check.status };
        const next = transition(this.#deps.visit, v.state, event, clock.now().getTime());
        this.#recorder.write(tx, v, next.effects.filter(isRecord));
        return next;
      });
      await this.#commit(v, t, true);
    });
  }

  /**
   * The code of the patient's slip printed at reception, redeemed at the clinic (once, at every
   * desk together) before the desk's write transaction: a network call must not hold SQLite's
   * writer. Its outcome's records (the decision and `slip_redeemed`) then commit together.
   */
  async #redeemReceptionSlip(v: LiveVisit, entered: string): Promise<void> {
    const slips = this.#deps.receptionSlips;
    const patient = this.#patientOf(v);
    const answer = slips
      ? await slips.redeem(patient.id, entered, v.id, v.actor.operatorId)
      : ({ status: 'unreachable' } as const);
    await this.#send(v, { kind: 'receptionSlipChecked', answer });
  }

  /**
   * A second operator signs off the slip visit at this desk with their own login and password (the
   * doctor's session stays): checked as a sign-in is, through the same throttle and lock, and their
   * role must allow it (registrar or admin, operators.ts says why). The visit's own doctor can never
   * be the second party. Only then is the slip's code taken; the sign-off row in the audit chain is
   * written under the second operator and names the doctor.
   */
  signOffSlip(visitId: string, login: string, secret: string): Promise<VisitView> {
    return this.#serial(visitId, async (v) => {
      if (v.state.phase !== 'slipSignOff') {
        throw new VisitError('INVALID_EVENT', `No sign-off is expected in "${v.state.phase}".`);
      }
      const second = this.#deps.operators.confirmSecondOperator(
        login,
        secret,
        v.actor.deskId,
        'sign_off_slip',
        {
          visitId: v.id,
          patientId: this.#patientOf(v).id,
          doctorId: v.actor.operatorId,
        },
      );
      await this.#send(v, { kind: 'slipSignedOff', secondOperatorId: second.id });
    });
  }

  /**
   * The patient's answer to refreshing a template an older pipeline made, after they were
   * identified with it: with consent, the matched frames (as the current pipeline describes them)
   * become their template, checked and audited as an enrolment (`template_refreshed`); either
   * way the offered descriptors are zeroed.
   */
  refreshTemplate(visitId: string, consent: boolean): Promise<VisitView> {
    return this.#serial(visitId, (v) => {
      const offer = v.refreshOffer;
      const enrolment = this.#deps.enrolment;
      if (v.state.phase !== 'identified' || offer === null || v.template === null || !enrolment) {
        throw new VisitError('INVALID_EVENT', 'No template refresh is on offer in this visit.');
      }
      try {
        if (!consent) {
          v.templateRefresh = 'declined';
        } else {
          const patient = this.#patientOf(v);
          const result = enrolment.refresh(patient.id, offer, v.template.modelVersion, v.actor);
          v.templateRefresh = result.outcome === 'enrolled' ? 'refreshed' : 'duplicate';
        }
      } finally {
        dropRefreshOffer(v);
      }
      return Promise.resolve();
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
        if (t.effects.length > 0) await this.#commit(v, t);
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
    wipeFrames(v);
    dropRefreshOffer(v);
    v.slip?.fill(0);
    this.#visits.delete(id);
  }

  #patientOf(v: LiveVisit): Patient {
    if (v.patient === null) throw new VisitError('INVALID_EVENT', 'No patient has been selected.');
    return v.patient;
  }

  /** The engine's failure when it means the engine cannot run at all, else null. */
  #engineCannotRun(error: unknown): EngineCannotRun | null {
    const code = error instanceof FaceEngineError ? error.code : null;
    if (code === 'MODEL_MISSING' || code === 'MODEL_TAMPERED') return code;
    return this.#deps.face.unavailable?.() ?? null;
  }

  /**
   * What the machine is told about the patient. In clinic mode the face-path lock counts the other
   * desks' failures too, asked of the clinic here, once per visit (bounded: other-desks.ts), and
   * whether the patient holds an open slip printed at reception.
   */
  async #facts(patient: Patient): Promise<{ facts: PatientFacts; elsewhere: FaceFailures | null }> {
    const { otherDesks, receptionSlips, faceLock, clock, store } = this.#deps;
    // Both bounded and asked together: the patient waits for the slower, not the sum.
    const [answer, receptionSlip] = await Promise.all([
      otherDesks ? otherDesks.counts(patient.id, faceLockWindowStart(clock.now(), faceLock)) : null,
      receptionSlips ? receptionSlips.hasOpen(patient.id) : null,
    ]);
    const elsewhere =
      answer?.scope === 'clinic'
        ? { failures: answer.counts.faceFailures, last: answer.counts.lastFaceFailureAt }
        : null;
    const needsRepresentative = patient.minorUnder14 || patient.legallyIncapacitated;
    const lock = faceLockStatus(store, patient.id, clock.now(), faceLock, elsewhere);
    const template = chooseTemplate(this.#deps, patient.id);
    const facts: PatientFacts = {
      patientId: patient.id,
      needsRepresentative,
      hasRepresentative: this.#contacts.representativePhone(patient) !== null,
      hasPhone: patient.phone !== NO_PHONE,
      hasTemplate: template !== null,
      templateOutdated: (template?.earlier ?? null) !== null && this.#deps.enrolment !== undefined,
      faceLockedToday: lock.locked,
      ...(answer ? { faceLockScope: answer.scope } : {}),
      ...(receptionSlip === null ? {} : { receptionSlip }),
      faceUnavailable: this.#deps.face.unavailable?.() ?? null,
    };
    return { facts, elsewhere };
  }

  async #send(v: LiveVisit, event: VisitEvent): Promise<void> {
    await this.#commit(v, transition(this.#deps.visit, v.state, event, this.#deps.clock.now().getTime()));
  }

  /**
   * Takes the new state and writes its records in one transaction (unless the caller already
   * did, inside its own), then runs its actions in order; an action may feed a further event.
   */
  async #commit(v: LiveVisit, t: Transition, recorded = false): Promise<void> {
    const { store } = this.#deps;
    if (!recorded) {
      const records = t.effects.filter(isRecord);
      if (records.length > 0) store.write((tx) => this.#recorder.write(tx, v, records));
    }
    v.state = t.state;
    const follow: VisitEvent[] = [];
    for (const effect of t.effects) {
      if (isRecord(effect)) continue;
      const event = await this.#run(v, effect);
      if (event !== null) follow.push(event);
    }
    for (const event of follow) {
      if (isTerminal(v.state)) break;
      await this.#send(v, event);
    }
  }

  async #run(v: LiveVisit, action: VisitWork): Promise<VisitEvent | null> {
    switch (action.kind) {
      case 'captureFrames':
      case 'wipeFrames':
        wipeFrames(v);
        return null;
      case 'startLiveness': {
        // Chosen now, not at selection: the patient may have been enrolled during the visit.
        v.template = chooseTemplate(this.#deps, this.#patientOf(v).id);
        const config = livenessFor(this.#deps.liveness, v.template);
        v.liveness = {
          session: new LivenessSession(drawChallenge(config, this.#random), config),
          progress: null,
        };
        return null;
      }
      case 'verifyFace':
        return this.#verifyFace(v);
      case 'offerEnrolment':
        v.enrolmentOffered = true;
        return null;
      case 'offerTemplateRefresh':
        if (v.refreshCandidate !== null) {
          dropRefreshOffer(v);
          v.refreshOffer = v.refreshCandidate;
          v.refreshCandidate = null;
          v.templateRefresh = 'offered';
        }
        return null;
      case 'issueCode':
        return issueAndDeliver({ ...this.#deps, contacts: this.#contacts }, v, action.channel);
    }
  }

  /** The chosen frames against the patient's template; the descriptors are zeroed either way. */
  #verifyFace(v: LiveVisit): VisitEvent {
    const patient = this.#patientOf(v);
    const probes = takeProbes(v);
    try {
      const { rule, modelVersion } = this.#deps;
      const choice = v.template ?? { modelVersion, rule, earlier: null };
      if (choice.earlier !== null) keepRefreshCandidate(v, probes);
      const template = this.#deps.templates.load(patient.id, choice.rule.modelId, choice.modelVersion);
      const decision = verify(template, probes, choice.rule);
      if (decision.outcome === 'insufficient' || decision.distance === null || decision.threshold === null) {
        return { kind: 'matchResult', outcome: 'insufficient' };
      }
      return {
        kind: 'matchResult',
        outcome: decision.outcome,
        score: {
          distance: decision.distance,
          threshold: decision.threshold,
          modelVersion: choice.modelVersion,
        },
      };
    } finally {
      zeroProbes(probes);
    }
  }

  #view(v: LiveVisit): VisitView {
    const language = v.patient ? this.#deps.languages.of(v.patient.id) : null;
    return visitViewOf(v, { visit: this.#deps.visit, liveness: this.#deps.liveness }, language);
  }
}
