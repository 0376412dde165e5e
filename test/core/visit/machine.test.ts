/**
 * The visit reducer exhaustively: each happy path step by step, a timeout and a cancel from every
 * non-terminal phase, rejected events leave the state untouched, ended visits accept nothing, and a
 * random walk never ends a visit with frames held.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VISIT_CONFIG,
  NON_TERMINAL_PHASES,
  isTerminal,
  parseVisitConfig,
  startVisit,
  tick,
  transition,
  type NonTerminalPhase,
  type PatientFacts,
  type VisitConfig,
  type VisitEffect,
  type VisitEvent,
  type VisitState,
} from '../../../src/core/visit/index.ts';
import { typedCode } from '../../support/typed-errors.ts';

const CFG = DEFAULT_VISIT_CONFIG;
const T0 = 1_000_000;
const ADULT: PatientFacts = {
  patientId: '00000000-0000-4000-8000-000000000001',
  needsRepresentative: false,
  hasRepresentative: false,
  hasPhone: true,
  hasTemplate: true,
  faceLockedToday: false,
  faceUnavailable: null,
};
const SCORE = { distance: 0.41, threshold: 0.475, modelVersion: 'tanu-test' };
const CHALLENGE = { challenge: ['turnLeft' as const, 'blink' as const], reasons: [] };

interface Run {
  state: VisitState;
  effects: VisitEffect[];
}

/** Applies events one after another at T0 and collects every effect. */
function run(events: VisitEvent[], config: VisitConfig = CFG): Run {
  let state = startVisit(config, T0);
  const effects: VisitEffect[] = [];
  for (const e of events) {
    const t = transition(config, state, e, T0);
    state = t.state;
    effects.push(...t.effects);
  }
  return { state, effects };
}

const kinds = (effects: VisitEffect[]) =>
  effects.map((e) => (e.kind === 'audit' ? `audit:${e.event}` : e.kind));

const SLIP_ID = '01930000-0000-7000-8000-000000000001';
const REGISTRAR_ID = '9b2c7a1e-0000-4000-8000-000000000002';
const redeemed: VisitEvent = {
  kind: 'receptionSlipChecked',
  answer: { status: 'ok', slipId: SLIP_ID, issuedBy: REGISTRAR_ID, patientId: REGISTRAR_ID },
};
const sel = (patient: Partial<PatientFacts> = {}): VisitEvent => ({
  kind: 'selectPatient',
  patient: { ...ADULT, ...patient },
});
const inPerson: VisitEvent = { kind: 'chooseVisitType', visitType: 'in-person' };
const consent: VisitEvent = { kind: 'giveConsent' };
const refuse: VisitEvent = { kind: 'refuseConsent' };
const goodQuality: VisitEvent = { kind: 'quality', ok: true, reasons: [] };
const live: VisitEvent = { kind: 'liveness', passed: true, detail: CHALLENGE };
const notLive: VisitEvent = {
  kind: 'liveness',
  passed: false,
  detail: { ...CHALLENGE, reasons: ['timeout'] },
};
const match: VisitEvent = { kind: 'matchResult', outcome: 'match', score: SCORE };
const noMatch: VisitEvent = { kind: 'matchResult', outcome: 'no_match', score: SCORE };
const delivered: VisitEvent = { kind: 'delivery', result: 'delivered' };
const ok: VisitEvent = { kind: 'codeChecked', check: 'ok' };
const faceFail = [goodQuality, live, noMatch];
const SECOND_OPERATOR = '00000000-0000-4000-8000-0000000000a2';
const signedOff: VisitEvent = { kind: 'slipSignedOff', secondOperatorId: SECOND_OPERATOR };

describe('happy paths', () => {
  it('face success: consent, guidance, liveness, match → identified by face, frames wiped', () => {
    const r = run([sel(), inPerson, consent, { kind: 'quality', ok: false, reasons: ['TOO_DARK'] }]);
    expect(r.state).toMatchObject({ phase: 'faceGuidance', guidance: ['TOO_DARK'] });
    const done = run([sel(), inPerson, consent, goodQuality, live, match]);
    expect(done.state).toMatchObject({ phase: 'identified', method: 'face' });
    expect(kinds(done.effects)).toEqual([
      'visitPatient',
      'visitType',
      'audit:consent_given',
      'captureFrames',
      'startLiveness',
      'audit:liveness_passed',
      'verifyFace',
      'wipeFrames',
      'decision',
      'audit:face_match',
      'queueNotification',
      'closeVisit',
    ]);
    // The records carry what the rows need: the figures of the match, the challenge asked.
    expect(done.effects).toContainEqual({
      kind: 'decision',
      method: 'face',
      outcome: 'identified',
      score: SCORE,
    });
    expect(done.effects).toContainEqual({ kind: 'audit', event: 'face_match', score: SCORE });
    expect(done.effects).toContainEqual({ kind: 'audit', event: 'liveness_passed', detail: CHALLENGE });
    expect(done.effects).toContainEqual({ kind: 'closeVisit', end: 'identified', method: 'face' });
    expect(done.state.ctx.framesHeld).toBe(false);
  });

  it('insufficient frames go back to guidance, keeping the capture', () => {
    const r = run([
      sel(),
      inPerson,
      consent,
      goodQuality,
      live,
      { kind: 'matchResult', outcome: 'insufficient' },
    ]);
    expect(r.state.phase).toBe('faceGuidance');
    expect(r.state.ctx.framesHeld).toBe(true);
  });

  it('refusal → code to the patient phone → entry → identified by code; reason not recorded', () => {
    const r = run([sel(), inPerson, refuse, delivered, { kind: 'beginEntry' }]);
    expect(r.state).toMatchObject({ phase: 'codeEntry', triesLeft: 5 });
    expect(r.effects).toContainEqual({ kind: 'audit', event: 'consent_refused' });
    expect(r.state.ctx.refusalReason).toBeNull();
    expect(r.effects).toContainEqual({ kind: 'issueCode', channel: 'patient' });
    const w = transition(CFG, r.state, { kind: 'codeChecked', check: 'wrong', triesLeft: 4 }, T0);
    expect(w.state).toMatchObject({ phase: 'codeEntry', triesLeft: 4 });
    const done = transition(CFG, w.state, ok, T0);
    expect(done.state).toMatchObject({ phase: 'identified', method: 'code' });
    // The code's own audit row is the code service's; the decision, notice and end are the visit's.
    expect(done.effects).toEqual([
      { kind: 'decision', method: 'code', outcome: 'identified' },
      { kind: 'queueNotification', method: 'code' },
      { kind: 'closeVisit', end: 'identified', method: 'code' },
    ]);
  });

  it('records a refusal reason only when one is given', () => {
    const r = run([sel(), inPerson, { kind: 'refuseConsent', reason: ' religious ' }]);
    // Kept with the visit (its row), never in the audit row.
    expect(r.state.ctx.refusalReason).toBe('religious');
    expect(r.effects).toContainEqual({ kind: 'audit', event: 'consent_refused' });
  });

  it('a minor with a linked representative → the code goes to the representative', () => {
    const r = run([
      sel({ needsRepresentative: true, hasRepresentative: true }),
      inPerson,
      refuse,
      delivered,
      { kind: 'beginEntry' },
      ok,
    ]);
    expect(r.effects).toContainEqual({ kind: 'issueCode', channel: 'representative' });
    expect(r.state).toMatchObject({ phase: 'identified', method: 'representative' });
  });

  it('no phone → slip; no phone and slip not allowed → no channel', () => {
    const r = run([
      sel({ hasPhone: false }),
      inPerson,
      refuse,
      delivered,
      { kind: 'beginEntry' },
      signedOff,
      ok,
    ]);
    expect(r.effects).toContainEqual({ kind: 'issueCode', channel: 'slip' });
    expect(r.state).toMatchObject({ phase: 'identified', method: 'slip' });
    const none = run([sel({ hasPhone: false }), inPerson, refuse], { ...CFG, slipAllowed: false });
    expect(none.state.phase).toBe('noChannel');
  });

  it('gateway down → says so and offers the slip; slip accepted → code by slip', () => {
    const r = run([sel(), inPerson, refuse, { kind: 'delivery', result: 'unreachable' }]);
    expect(r.state).toMatchObject({ phase: 'deliveryFailed', slipOffered: true });
    expect(r.effects).toContainEqual({ kind: 'audit', event: 'code_delivery_failed', method: 'code' });
    const s = transition(CFG, r.state, { kind: 'useSlip' }, T0);
    expect(s.effects).toEqual([{ kind: 'issueCode', channel: 'slip' }]);
    expect(s.state.phase).toBe('codeChannel');
    const noSlip = run([sel(), inPerson, refuse, { kind: 'delivery', result: 'unreachable' }], {
      ...CFG,
      slipAllowed: false,
    });
    expect(noSlip.state).toMatchObject({ phase: 'deliveryFailed', slipOffered: false });
    expect(typedCode(() => transition(CFG, noSlip.state, { kind: 'useSlip' }, T0))).toBe('INVALID_EVENT');
    const retry = transition(CFG, noSlip.state, { kind: 'retryDelivery' }, T0);
    expect(retry.effects).toEqual([{ kind: 'issueCode', channel: 'patient' }]);
  });

  it('three face failures close the face path and start the code path', () => {
    const two = run([sel(), inPerson, consent, ...faceFail, { kind: 'retryFace' }, ...faceFail]);
    expect(two.state).toMatchObject({ phase: 'noMatch', attemptsLeft: 1 });
    const r = run([
      sel(),
      inPerson,
      consent,
      ...faceFail,
      { kind: 'retryFace' },
      ...faceFail,
      { kind: 'retryFace' },
      ...faceFail,
    ]);
    expect(r.state.phase).toBe('codeChannel');
    expect(r.state.ctx.codeReason).toBe('face-attempts-exhausted');
    expect(r.effects).toContainEqual({ kind: 'audit', event: 'face_path_closed' });
    // Each failed attempt wrote its decision and checked the patient's face-path lock.
    expect(kinds(r.effects).filter((k) => k === 'decision')).toHaveLength(3);
    expect(kinds(r.effects).filter((k) => k === 'flagRepeatedFailures')).toHaveLength(3);
    expect(r.state.ctx.framesHeld).toBe(false);
  });

  it('a failed liveness counts as a failed attempt; the code path may be chosen after a no-match', () => {
    const r = run([sel(), inPerson, consent, goodQuality, notLive]);
    expect(r.state).toMatchObject({ phase: 'noMatch', attemptsLeft: 2 });
    const failure = transition(CFG, run([sel(), inPerson, consent, goodQuality]).state, notLive, T0);
    expect(failure.effects).toEqual([
      { kind: 'decision', method: 'face', outcome: 'not_identified' },
      { kind: 'audit', event: 'liveness_failed', detail: { ...CHALLENGE, reasons: ['timeout'] } },
      { kind: 'wipeFrames' },
      { kind: 'flagRepeatedFailures' },
    ]);
    const c = transition(CFG, r.state, { kind: 'useCode' }, T0);
    expect(c.state.ctx.codeReason).toBe('chosen-after-no-match');
  });

  it('a face engine that cannot run: straight to the code, the engine named in the audit', () => {
    const atStart = run([sel({ faceUnavailable: 'MODEL_MISSING' }), inPerson]);
    expect(atStart.state.phase).toBe('codeChannel');
    expect(atStart.state.ctx.codeReason).toBe('face-unavailable');
    expect(kinds(atStart.effects)).not.toContain('audit:consent_given');
    expect(atStart.effects).toContainEqual({
      kind: 'audit',
      event: 'face_path_unavailable',
      engine: 'MODEL_MISSING',
    });
    for (const upTo of [[consent], [consent, goodQuality]]) {
      const midway = run([sel(), inPerson, ...upTo]);
      const t = transition(CFG, midway.state, { kind: 'faceUnavailable', engine: 'MODEL_TAMPERED' }, T0);
      expect(t.state.phase).toBe('codeChannel');
      expect(t.state.ctx.framesHeld).toBe(false);
      expect(t.effects).toEqual([
        { kind: 'wipeFrames' },
        { kind: 'audit', event: 'face_path_unavailable', engine: 'MODEL_TAMPERED' },
        { kind: 'issueCode', channel: 'patient' },
      ]);
    }
  });

  it('daily face lock skips consent and goes to the code path with a reason', () => {
    const r = run([sel({ faceLockedToday: true }), inPerson]);
    expect(r.state.phase).toBe('codeChannel');
    expect(r.state.ctx.codeReason).toBe('face-locked-today');
    // A single desk: its own rows are all that decided.
    expect(r.effects).toContainEqual({ kind: 'audit', event: 'face_path_locked', scope: 'desk' });
    expect(kinds(r.effects)).not.toContain('audit:face_path_opened');
  });

  it('in clinic mode the lock says whose rows decided it, locked or open; a single desk says nothing when open', () => {
    const locked = run([sel({ faceLockedToday: true, faceLockScope: 'clinic' }), inPerson]);
    expect(locked.effects).toContainEqual({ kind: 'audit', event: 'face_path_locked', scope: 'clinic' });
    for (const scope of ['clinic', 'desk'] as const) {
      const open = run([sel({ faceLockScope: scope }), inPerson]);
      expect(open.state.phase).toBe('askingConsent');
      expect(open.effects.filter((e) => e.kind === 'audit')).toEqual([
        { kind: 'audit', event: 'face_path_opened', scope },
      ]);
    }
    expect(kinds(run([sel(), inPerson]).effects)).toEqual(['visitPatient', 'visitType']);
    // An online visit takes no photo: no lock verdict is recorded.
    const online = run([sel({ faceLockScope: 'desk' }), { kind: 'chooseVisitType', visitType: 'online' }]);
    expect(kinds(online.effects)).not.toContain('audit:face_path_opened');
  });

  it('no template → enrolment offered; then face, or the code path', () => {
    const r = run([sel({ hasTemplate: false }), inPerson, consent]);
    expect(r.state.phase).toBe('noTemplate');
    expect(kinds(r.effects)).toContain('offerEnrolment');
    expect(transition(CFG, r.state, { kind: 'enrolled' }, T0).state.phase).toBe('faceGuidance');
    expect(transition(CFG, r.state, { kind: 'useCode' }, T0).state.ctx.codeReason).toBe('no-template');
  });

  it('a match on a template an older pipeline made offers its refresh before the frames are wiped; no match offers nothing', () => {
    const outdated = run([sel({ templateOutdated: true }), inPerson, consent, goodQuality, live, match]);
    expect(outdated.state.phase).toBe('identified');
    const k = kinds(outdated.effects);
    expect(k).toContain('offerTemplateRefresh');
    expect(k.indexOf('offerTemplateRefresh')).toBeLessThan(k.lastIndexOf('wipeFrames'));
    const current = run([sel(), inPerson, consent, goodQuality, live, match]);
    expect(kinds(current.effects)).not.toContain('offerTemplateRefresh');
    const failed = run([sel({ templateOutdated: true }), inPerson, consent, ...faceFail]);
    expect(kinds(failed.effects)).not.toContain('offerTemplateRefresh');
  });

  it('online visit → recorded, no identification', () => {
    const r = run([sel(), { kind: 'chooseVisitType', visitType: 'online' }]);
    expect(r.state.phase).toBe('recordedOnline');
    expect(kinds(r.effects)).toEqual(['visitPatient', 'visitType', 'audit:visit_online', 'closeVisit']);
    expect(r.effects).toContainEqual({ kind: 'closeVisit', end: 'recordedOnline', method: null });
  });

  it('code path ends: locked, out of tries, expired → resend', () => {
    const entry = run([sel(), inPerson, refuse, delivered, { kind: 'beginEntry' }]).state;
    expect(transition(CFG, entry, { kind: 'codeChecked', check: 'locked' }, T0).state.phase).toBe(
      'codeLocked',
    );
    expect(
      transition(CFG, entry, { kind: 'codeChecked', check: 'wrong', triesLeft: 0 }, T0).state.phase,
    ).toBe('codeLocked');
    const exp = transition(CFG, entry, { kind: 'codeChecked', check: 'expired' }, T0).state;
    expect(exp.phase).toBe('codeExpired');
    expect(transition(CFG, exp, { kind: 'resendCode' }, T0).effects).toEqual([
      { kind: 'issueCode', channel: 'patient' },
    ]);
  });
});

describe('the slip needs a second party', () => {
  const noPhone = sel({ hasPhone: false });
  const slipPrinted = [noPhone, inPerson, refuse, delivered];

  it('a printed slip waits for the sign-off before any code is taken', () => {
    const r = run([...slipPrinted, { kind: 'beginEntry' }]);
    expect(r.state.phase).toBe('slipSignOff');
    expect(r.state.ctx.channel).toBe('slip');
    expect(() => transition(CFG, r.state, ok, T0)).toThrow(/not accepted in "slipSignOff"/);
  });

  it('the sign-off is audited under the second operator, then the code identifies by slip', () => {
    const signed = run([...slipPrinted, { kind: 'beginEntry' }, signedOff]);
    expect(signed.state).toMatchObject({ phase: 'codeEntry', ctx: { slipSignedOffBy: SECOND_OPERATOR } });
    expect(signed.effects).toContainEqual({
      kind: 'audit',
      event: 'slip_signed_off',
      secondOperatorId: SECOND_OPERATOR,
    });
    const done = transition(CFG, signed.state, ok, T0);
    expect(done.state).toMatchObject({ phase: 'identified', method: 'slip' });
  });

  it('a code reaching codeEntry of an unsigned slip visit is refused (no path around the sign-off)', () => {
    const forged = run([sel(), inPerson, refuse, delivered, { kind: 'beginEntry' }]).state;
    const unsigned = { ...forged, ctx: { ...forged.ctx, channel: 'slip' as const } };
    expect(typedCode(() => transition(CFG, unsigned, ok, T0))).toBe('INVALID_EVENT');
  });

  it('the slip offered after a gateway failure needs the sign-off too; a re-sent slip does not ask again', () => {
    const failed = run([sel(), inPerson, refuse, { kind: 'delivery', result: 'unreachable' }]);
    const slip = run([
      sel(),
      inPerson,
      refuse,
      { kind: 'delivery', result: 'unreachable' },
      { kind: 'useSlip' },
      delivered,
    ]);
    expect(failed.state.phase).toBe('deliveryFailed');
    const entry = transition(CFG, slip.state, { kind: 'beginEntry' }, T0).state;
    expect(entry.phase).toBe('slipSignOff');
    const signed = transition(CFG, entry, signedOff, T0).state;
    const expired = transition(CFG, signed, { kind: 'codeChecked', check: 'expired' }, T0).state;
    const resent = transition(CFG, expired, { kind: 'resendCode' }, T0).state;
    const sent = transition(CFG, resent, delivered, T0).state;
    expect(transition(CFG, sent, { kind: 'beginEntry' }, T0).state.phase).toBe('codeEntry');
  });

  it("a code sent to the patient's phone needs no sign-off", () => {
    expect(run([sel(), inPerson, refuse, delivered, { kind: 'beginEntry' }]).state.phase).toBe('codeEntry');
  });
});

describe('a slip printed at reception (clinic mode online)', () => {
  const holder = sel({ hasPhone: false, receptionSlip: true });

  it('the slip channel with an open reception slip asks for its code, and prints nothing here', () => {
    const r = run([holder, inPerson, refuse]);
    expect(r.state).toMatchObject({ phase: 'receptionSlipEntry', triesLeft: null, ctx: { channel: 'slip' } });
    expect(r.effects.filter((e) => e.kind === 'issueCode')).toEqual([]);
  });

  it('redeemed at the clinic: identified by slip, audited, with no sign-off at the desk', () => {
    const entry = run([holder, inPerson, refuse]).state;
    const done = transition(CFG, entry, redeemed, T0);
    expect(done.state).toMatchObject({ phase: 'identified', method: 'slip', ctx: { slipSignedOffBy: null } });
    expect(done.effects).toEqual([
      { kind: 'decision', method: 'slip', outcome: 'identified' },
      { kind: 'audit', event: 'slip_redeemed', slipId: SLIP_ID, issuedBy: REGISTRAR_ID },
      { kind: 'queueNotification', method: 'slip' },
      { kind: 'closeVisit', end: 'identified', method: 'slip' },
    ]);
  });

  it("a wrong code stays in the phase with the clinic's tries left", () => {
    const entry = run([holder, inPerson, refuse]).state;
    const answer = { status: 'wrong', triesLeft: 2 } as const;
    const t = transition(CFG, entry, { kind: 'receptionSlipChecked', answer }, T0);
    expect(t.state).toMatchObject({ phase: 'receptionSlipEntry', triesLeft: 2 });
    expect(t.effects).toEqual([]);
  });

  it.each(['used', 'expired', 'locked', 'none', 'unreachable'] as const)(
    '%s: falls back to a slip printed here, which needs the sign-off',
    (status) => {
      const entry = run([holder, inPerson, refuse]).state;
      const t = transition(CFG, entry, { kind: 'receptionSlipChecked', answer: { status } }, T0);
      expect(t.state.phase).toBe('codeChannel');
      expect(t.effects).toEqual([{ kind: 'issueCode', channel: 'slip' }]);
      const sent = transition(CFG, t.state, delivered, T0).state;
      expect(transition(CFG, sent, { kind: 'beginEntry' }, T0).state.phase).toBe('slipSignOff');
    },
  );

  it('after a gateway failure the offered slip is the reception slip too', () => {
    const failed = run([
      sel({ receptionSlip: true }),
      inPerson,
      refuse,
      { kind: 'delivery', result: 'unreachable' },
    ]);
    expect(transition(CFG, failed.state, { kind: 'useSlip' }, T0).state.phase).toBe('receptionSlipEntry');
  });

  it('a patient with a phone gets the code on their phone, reception slip or not', () => {
    expect(run([sel({ receptionSlip: true }), inPerson, refuse]).state.phase).toBe('codeChannel');
  });
});

/** One event path reaching each non-terminal phase. */
const REACH: Record<NonTerminalPhase, { events: VisitEvent[]; config?: VisitConfig }> = {
  selectingPatient: { events: [] },
  choosingVisitType: { events: [sel()] },
  askingConsent: { events: [sel(), inPerson] },
  faceGuidance: { events: [sel(), inPerson, consent] },
  liveness: { events: [sel(), inPerson, consent, goodQuality] },
  matching: { events: [sel(), inPerson, consent, goodQuality, live] },
  noMatch: { events: [sel(), inPerson, consent, ...faceFail] },
  noTemplate: { events: [sel({ hasTemplate: false }), inPerson, consent] },
  codeChannel: { events: [sel(), inPerson, refuse] },
  deliveryFailed: { events: [sel(), inPerson, refuse, { kind: 'delivery', result: 'unreachable' }] },
  noChannel: { events: [sel({ hasPhone: false }), inPerson, refuse], config: { ...CFG, slipAllowed: false } },
  codeSent: { events: [sel(), inPerson, refuse, delivered] },
  slipSignOff: { events: [sel({ hasPhone: false }), inPerson, refuse, delivered, { kind: 'beginEntry' }] },
  receptionSlipEntry: { events: [sel({ hasPhone: false, receptionSlip: true }), inPerson, refuse] },
  codeEntry: { events: [sel(), inPerson, refuse, delivered, { kind: 'beginEntry' }] },
  codeExpired: {
    events: [
      sel(),
      inPerson,
      refuse,
      delivered,
      { kind: 'beginEntry' },
      { kind: 'codeChecked', check: 'used' },
    ],
  },
  codeRateLimited: { events: [sel(), inPerson, refuse, { kind: 'codeRateLimited' }] },
};

const reached = NON_TERMINAL_PHASES.map((phase) => {
  const { events, config = CFG } = REACH[phase];
  return { phase, config, state: run(events, config).state };
});

describe.each(reached)('from $phase', ({ phase, config, state }) => {
  it('is reached', () => expect(state.phase).toBe(phase));

  it('cancel → cancelled with wipe and "abandoned" audit', () => {
    const t = transition(config, state, { kind: 'cancel' }, T0);
    expect(t.state).toMatchObject({ phase: 'cancelled', from: phase });
    expect(t.effects).toEqual([
      { kind: 'wipeFrames' },
      { kind: 'audit', event: 'visit_abandoned' },
      { kind: 'closeVisit', end: 'cancelled', method: null },
    ]);
    expect(t.state.ctx.framesHeld).toBe(false);
  });

  it('times out at its configured deadline, not before', () => {
    const deadline = T0 + config.timeoutsMs[phase];
    expect(tick(config, state, deadline - 1)).toEqual({ state, effects: [] });
    const t = tick(config, state, deadline);
    expect(t.state).toMatchObject({ phase: 'timedOut', from: phase });
    expect(t.effects).toEqual([
      { kind: 'wipeFrames' },
      { kind: 'audit', event: 'visit_timed_out' },
      { kind: 'closeVisit', end: 'timedOut', method: null },
    ]);
    // A late event times out too instead of being applied.
    expect(transition(config, state, { kind: 'useCode' }, deadline).state.phase).toBe('timedOut');
  });

  it('rejects an event it does not accept, without change', () => {
    const before = structuredClone(state);
    const wrong: VisitEvent =
      phase === 'selectingPatient' ? { kind: 'beginEntry' } : { kind: 'selectPatient', patient: ADULT };
    expect(typedCode(() => transition(config, state, wrong, T0))).toBe('INVALID_EVENT');
    expect(state).toEqual(before);
  });
});

describe('ended visits', () => {
  const ends = [
    run([sel(), { kind: 'chooseVisitType', visitType: 'online' }]).state,
    run([sel(), inPerson, refuse, delivered, { kind: 'beginEntry' }, ok]).state,
    run([
      sel(),
      inPerson,
      refuse,
      delivered,
      { kind: 'beginEntry' },
      { kind: 'codeChecked', check: 'locked' },
    ]).state,
    run([{ kind: 'cancel' }]).state,
    tick(CFG, startVisit(CFG, T0), T0 + 10 ** 9).state,
  ];
  it.each(ends.map((s) => ({ phase: s.phase, s })))('$phase accepts nothing', ({ s }) => {
    expect(isTerminal(s)).toBe(true);
    expect(typedCode(() => transition(CFG, s, { kind: 'cancel' }, T0))).toBe('VISIT_ENDED');
    expect(tick(CFG, s, T0 + 10 ** 12)).toEqual({ state: s, effects: [] });
  });
});

describe('config', () => {
  it('accepts the defaults and rejects out-of-range values', () => {
    expect(parseVisitConfig(DEFAULT_VISIT_CONFIG)).toEqual(DEFAULT_VISIT_CONFIG);
    expect(typedCode(() => parseVisitConfig({ ...CFG, maxFaceAttempts: 0 }))).toBe('INVALID_VISIT_CONFIG');
    const badTimeout = { ...CFG, timeoutsMs: { ...CFG.timeoutsMs, liveness: 0 } };
    expect(typedCode(() => parseVisitConfig(badTimeout))).toBe('INVALID_VISIT_CONFIG');
  });
});

const ANY_EVENT: VisitEvent[] = [
  sel(),
  sel({ hasTemplate: false }),
  inPerson,
  { kind: 'chooseVisitType', visitType: 'online' },
  consent,
  refuse,
  { kind: 'quality', ok: false, reasons: ['BLURRY'] },
  goodQuality,
  live,
  notLive,
  match,
  noMatch,
  { kind: 'matchResult', outcome: 'insufficient' },
  { kind: 'retryFace' },
  { kind: 'useCode' },
  { kind: 'enrolled' },
  delivered,
  { kind: 'delivery', result: 'unreachable' },
  { kind: 'useSlip' },
  { kind: 'retryDelivery' },
  { kind: 'beginEntry' },
  ok,
  { kind: 'codeChecked', check: 'wrong' },
  { kind: 'codeChecked', check: 'expired' },
  { kind: 'codeChecked', check: 'used' },
  { kind: 'codeChecked', check: 'locked' },
  { kind: 'resendCode' },
  { kind: 'codeRateLimited' },
  { kind: 'faceUnavailable', engine: 'MODEL_MISSING' },
  { kind: 'slipSignedOff', secondOperatorId: SECOND_OPERATOR },
  redeemed,
  { kind: 'receptionSlipChecked', answer: { status: 'wrong', triesLeft: 3 } },
  { kind: 'receptionSlipChecked', answer: { status: 'used' } },
  { kind: 'receptionSlipChecked', answer: { status: 'unreachable' } },
  { kind: 'cancel' },
];

/** A short name per event, for the transition table below. */
const label = (e: VisitEvent): string => {
  switch (e.kind) {
    case 'selectPatient':
      return e.patient.hasTemplate ? 'select' : 'select(noTemplate)';
    case 'chooseVisitType':
      return e.visitType;
    case 'quality':
      return e.ok ? 'quality(ok)' : 'quality(bad)';
    case 'liveness':
      return e.passed ? 'live' : 'notLive';
    case 'matchResult':
      return e.outcome;
    case 'delivery':
      return e.result;
    case 'codeChecked':
      return `code(${e.check})`;
    case 'receptionSlipChecked':
      return `reception(${e.answer.status})`;
    default:
      return e.kind;
  }
};

/**
 * Every (phase, event) pair: the events a phase accepts and the phase each leads to. Any event not
 * listed must be refused with INVALID_EVENT and leave the state as it was; cancel is covered above.
 */
const TABLE: Record<NonTerminalPhase, Record<string, string>> = {
  selectingPatient: { select: 'choosingVisitType', 'select(noTemplate)': 'choosingVisitType' },
  choosingVisitType: { 'in-person': 'askingConsent', online: 'recordedOnline' },
  askingConsent: { giveConsent: 'faceGuidance', refuseConsent: 'codeChannel' },
  faceGuidance: { 'quality(ok)': 'liveness', 'quality(bad)': 'faceGuidance', faceUnavailable: 'codeChannel' },
  liveness: { live: 'matching', notLive: 'noMatch', faceUnavailable: 'codeChannel' },
  matching: { match: 'identified', no_match: 'noMatch', insufficient: 'faceGuidance' },
  noMatch: { retryFace: 'faceGuidance', useCode: 'codeChannel' },
  noTemplate: { enrolled: 'faceGuidance', useCode: 'codeChannel' },
  codeChannel: { delivered: 'codeSent', unreachable: 'deliveryFailed', codeRateLimited: 'codeRateLimited' },
  deliveryFailed: { useSlip: 'codeChannel', retryDelivery: 'codeChannel' },
  noChannel: {},
  codeSent: { beginEntry: 'codeEntry' },
  slipSignOff: { slipSignedOff: 'codeEntry' },
  receptionSlipEntry: {
    'reception(ok)': 'identified',
    'reception(wrong)': 'receptionSlipEntry',
    'reception(used)': 'codeChannel',
    'reception(unreachable)': 'codeChannel',
  },
  codeEntry: {
    'code(ok)': 'identified',
    'code(wrong)': 'codeEntry',
    'code(expired)': 'codeExpired',
    'code(used)': 'codeExpired',
    'code(locked)': 'codeLocked',
  },
  codeExpired: { resendCode: 'codeChannel' },
  codeRateLimited: {},
};

describe.each(reached)('every event in $phase', ({ phase, config, state }) => {
  const events = ANY_EVENT.filter((e) => e.kind !== 'cancel');
  it.each(events.map((e) => ({ name: label(e), e })))('$name', ({ name, e }) => {
    const expected = TABLE[phase][name];
    const before = structuredClone(state);
    if (expected === undefined) {
      expect(typedCode(() => transition(config, state, e, T0))).toBe('INVALID_EVENT');
    } else {
      const t = transition(config, state, e, T0);
      expect(t.state.phase).toBe(expected);
      // Leaving the camera phases always wipes what the camera held.
      if (!['faceGuidance', 'liveness', 'matching'].includes(expected))
        expect(t.state.ctx.framesHeld).toBe(false);
    }
    expect(state).toEqual(before);
  });
});

describe('random walk', () => {
  it('never ends a visit with frames held, and every capture is followed by a wipe', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...ANY_EVENT), fc.nat(200_000)), { maxLength: 60 }),
        (steps) => {
          let state = startVisit(CFG, T0);
          let now = T0;
          let held = false;
          for (const [event, dt] of steps) {
            if (isTerminal(state)) break;
            now += dt;
            let t;
            try {
              t = transition(CFG, state, event, now);
            } catch {
              continue;
            }
            for (const e of t.effects) {
              if (e.kind === 'captureFrames') held = true;
              if (e.kind === 'wipeFrames') held = false;
            }
            state = t.state;
            expect(state.ctx.framesHeld).toBe(held);
          }
          if (isTerminal(state)) expect(held).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });
});
