/**
 * The visit wired to its services: a real SQLite file, the real code service and audit chain, the
 * gateway client against the fake gateway, the real slip PDF and decision rule, and real engine
 * descriptors of committed photos (obama enrolled; obama or biden in front of the camera). Only
 * the head movements are synthetic (see test/support/desk.ts).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FrameAnalysis } from '../../../src/shared/face.ts';
import { verifyChain } from '../../../src/core/audit/verify.ts';
import { deliverDue } from '../../../src/core/notify/dispatcher.ts';
import { GatewayClient } from '../../../src/core/delivery/gateway-client.ts';
import { DeskStore } from '../../../src/core/store/desk-store.ts';
import { readPdf } from '../slip/read-pdf.ts';
import {
  analysePhotos,
  webcamCaptures,
  dummyFrame,
  openTestDesk,
  performFacePath,
  signOffSlip,
  type TestDesk,
  MODEL_VERSION,
} from '../../support/desk.ts';
import { newPatient } from '../../support/registry.ts';
import type { RecordsBinding } from '../../../src/core/audit/events.ts';
import { checkBoundRecords } from '../../../src/core/audit/records-check.ts';
import { recordHash } from '../../../src/core/visit/record-hash.ts';
import { useTempDir } from '../../support/temp-dir.ts';
import { allZero } from '../../support/frames.ts';
import { typedCode, typedRejection } from '../../support/typed-errors.ts';
import { loadDecisionRule } from '../../../src/core/face/decision-rule-file.ts';

const tempDir = useTempDir('visit-desk');
const RULE = loadDecisionRule();
let photos: Map<string, FrameAnalysis>;
/** obama.jpg as three webcam frames; the template is made from the three other obama photos. */
let obamaAtDesk: FrameAnalysis[];
let bidenAtDesk: FrameAnalysis[];
const open: TestDesk[] = [];

beforeAll(async () => {
  photos = await analysePhotos(['obama/obama1.jpg', 'obama/obama2.jpg', 'obama/obama3.jpg']);
  obamaAtDesk = await webcamCaptures('obama/obama.jpg');
  bidenAtDesk = await webcamCaptures('biden/biden.jpg');
}, 120_000);

afterEach(async () => {
  while (open.length > 0) await open.pop()?.close();
});

async function desk(options: Parameters<typeof openTestDesk>[1] = {}): Promise<TestDesk> {
  const t = await openTestDesk(tempDir(), options);
  open.push(t);
  return t;
}

function photo(name: string): FrameAnalysis {
  const a = photos.get(name);
  if (!a) throw new Error(name);
  return structuredClone(a);
}

/** An adult with a phone and an obama template made from three real photos. */
function enrolledAdult(t: TestDesk, overrides: Parameters<typeof newPatient>[0] = {}): string {
  const id = t.patients.register(newPatient(overrides), t.actor).id;
  const descriptors = ['obama/obama1.jpg', 'obama/obama2.jpg', 'obama/obama3.jpg'].map((n) =>
    Float32Array.from(photo(n).descriptor ?? []),
  );
  t.templates.save(id, { modelId: RULE.modelId, descriptors }, MODEL_VERSION, t.actor);
  return id;
}

interface AuditRowLite {
  event: string;
  method: string | null;
  distance: number | null;
  detail: string | null;
}

function trail(t: TestDesk, visitId: string): AuditRowLite[] {
  return t.db
    .prepare('SELECT event, method, distance, detail FROM audit_log WHERE visit_id = ? ORDER BY seq')
    .all(visitId) as AuditRowLite[];
}
const events = (t: TestDesk, visitId: string) => trail(t, visitId).map((r) => r.event);

function session(t: TestDesk, visitId: string) {
  return t.db
    .prepare(
      'SELECT end_state AS endState, method, refusal_reason AS reason, visit_type AS type FROM visit WHERE id = ?',
    )
    .get(visitId) as { endState: string | null; method: string | null; reason: string | null; type: string };
}

async function toConsent(t: TestDesk, patientId: string): Promise<string> {
  const { visitId } = t.desk.start(t.actor, 'Dr Aida Bekova');
  await t.desk.selectPatient(visitId, patientId);
  const view = await t.desk.chooseVisitType(visitId, 'in-person');
  expect(view.phase).toBe('askingConsent');
  return visitId;
}

/** The code the fake gateway delivered last (as the patient reads it off their phone). */
function deliveredCode(t: TestDesk): string {
  const text = t.gateway.deliveries.filter((d) => d.kind === 'code').at(-1)?.text ?? '';
  const code = /\b(\d{6})\b/.exec(text)?.[1];
  if (!code) throw new Error('no code was delivered');
  return code;
}

async function faceAttempt(t: TestDesk, visitId: string) {
  return performFacePath(t, visitId);
}

describe('VisitDesk — face path', () => {
  it('consent → guidance → liveness → match: identified by face, one decision, frames wiped, patient notified', async () => {
    const t = await desk();
    const patientId = enrolledAdult(t);
    const visitId = await toConsent(t, patientId);
    await t.desk.giveConsent(visitId);
    t.camera.person = structuredClone(obamaAtDesk);
    t.camera.faces = 2;
    let view = await t.desk.submitFrame(visitId, dummyFrame());
    expect(view).toMatchObject({ phase: 'faceGuidance', guidance: ['MULTIPLE_FACES'] });
    t.camera.faces = 1;
    view = await faceAttempt(t, visitId);
    expect(view).toMatchObject({
      phase: 'identified',
      method: 'face',
      notificationQueued: true,
      deadline: null,
    });

    expect(events(t, visitId)).toEqual(['consent_given', 'liveness_passed', 'face_match']);
    const match = trail(t, visitId).find((r) => r.event === 'face_match');
    expect(match?.distance).toBeLessThan(RULE.threshold);
    const passed = trail(t, visitId).find((r) => r.event === 'liveness_passed');
    expect(JSON.parse(passed?.detail ?? '{}').challenge).toHaveLength(2);
    expect(session(t, visitId)).toMatchObject({ endState: 'identified', method: 'face', type: 'in-person' });
    expect(t.db.prepare('SELECT outcome, method, visit_id FROM decision').all()).toEqual([
      { outcome: 'identified', method: 'face', visit_id: visitId },
    ]);
    // Every frame the camera handed over was zeroed; descriptors were asked only during liveness.
    expect(t.camera.seen.length).toBeGreaterThan(10);
    expect(t.camera.seen.every((f) => allZero(f.data))).toBe(true);
    expect(t.camera.descriptorRequests).toBeLessThan(t.camera.seen.length);
    const note = t.db
      .prepare('SELECT text, to_phone FROM notification_outbox WHERE visit_id = ?')
      .get(visitId) as {
      text: string;
      to_phone: string;
    };
    expect(note.to_phone).toBe('+77011234567');
    expect(note.text).toContain('Dr Aida Bekova');
    expect(note.text).toContain('по лицу');
    expect(verifyChain(t.store.rows.audit, t.keys['audit-chain']).ok).toBe(true);
  });

  it('a different person: no match three times → the face path closes → code to the phone → identified by code', async () => {
    const t = await desk();
    const patientId = enrolledAdult(t);
    const visitId = await toConsent(t, patientId);
    await t.desk.giveConsent(visitId);
    t.camera.person = structuredClone(bidenAtDesk);
    let view = await faceAttempt(t, visitId);
    expect(view).toMatchObject({ phase: 'noMatch', attemptsLeft: 2 });
    await t.desk.act(visitId, 'retryFace');
    view = await faceAttempt(t, visitId);
    expect(view).toMatchObject({ phase: 'noMatch', attemptsLeft: 1 });
    await t.desk.act(visitId, 'retryFace');
    view = await faceAttempt(t, visitId);
    expect(view).toMatchObject({
      phase: 'codeSent',
      codeReason: 'face-attempts-exhausted',
      channel: 'patient',
      destination: '+7 7** *** 45 67',
    });
    view = await t.desk.act(visitId, 'beginEntry');
    expect(view).toMatchObject({ phase: 'codeEntry', triesLeft: 5 });
    view = await t.desk.submitCode(visitId, deliveredCode(t));
    expect(view).toMatchObject({ phase: 'identified', method: 'code' });
    const ev = events(t, visitId);
    expect(ev.filter((e) => e === 'face_no_match')).toHaveLength(3);
    expect(ev.slice(-4)).toEqual(['face_path_closed', 'code_sent', 'code_verified', 'visit_records']);
    for (const r of trail(t, visitId).filter((x) => x.event === 'face_no_match')) {
      expect(r.distance).toBeGreaterThan(RULE.threshold);
    }
    expect(session(t, visitId)).toMatchObject({ endState: 'identified', method: 'code' });
    const decisions = t.db.prepare('SELECT outcome, method FROM decision ORDER BY decided_at').all();
    expect(decisions).toHaveLength(4);
    // The code went only to the gateway: not in the audit, the session row or the view.
    const code = deliveredCode(t);
    expect(JSON.stringify(t.db.prepare('SELECT * FROM audit_log').all())).not.toContain(code);
    expect(JSON.stringify(view)).not.toContain(code);
  });

  it('a photo that does not move fails liveness on the action timeout; the attempt counts and is audited with the challenge', async () => {
    const t = await desk();
    const patientId = enrolledAdult(t);
    const visitId = await toConsent(t, patientId);
    await t.desk.giveConsent(visitId);
    t.camera.person = structuredClone(obamaAtDesk);
    let view = await t.desk.submitFrame(visitId, dummyFrame());
    expect(view.phase).toBe('liveness');
    for (let i = 0; i < 100 && view.phase === 'liveness'; i += 1) {
      t.clock.advance(100);
      view = await t.desk.submitFrame(visitId, dummyFrame());
    }
    expect(view).toMatchObject({ phase: 'noMatch', attemptsLeft: 2 });
    const failed = trail(t, visitId).find((r) => r.event === 'liveness_failed');
    expect(failed?.method).toBe('face');
    expect(JSON.parse(failed?.detail ?? '{}')).toMatchObject({ reasons: ['timeout'] });
    expect(events(t, visitId)).not.toContain('face_match');
  });

  it('a performed challenge on a flat, recaptured-looking face fails on the passive signal', async () => {
    const t = await desk();
    const visitId = await toConsent(t, enrolledAdult(t));
    await t.desk.giveConsent(visitId);
    // The engine's texture ratio of a print or screen: below the configured minimum.
    t.camera.person = structuredClone(obamaAtDesk).map((a) => ({ ...a, texture: 0.02 }));
    const view = await faceAttempt(t, visitId);
    expect(view).toMatchObject({ phase: 'noMatch', attemptsLeft: 2 });
    const failed = trail(t, visitId).find((r) => r.event === 'liveness_failed');
    expect(JSON.parse(failed?.detail ?? '{}').reasons).toEqual(['passive_spoof_signal']);
  });

  it('no template: says so and offers enrolment or the code', async () => {
    const t = await desk();
    const patientId = t.patients.register(newPatient(), t.actor).id;
    const visitId = await toConsent(t, patientId);
    const view = await t.desk.giveConsent(visitId);
    expect(view).toMatchObject({ phase: 'noTemplate', enrolmentOffered: true });
    expect((await t.desk.act(visitId, 'useCode')).codeReason).toBe('no-template');
  });

  it('repeated failures across visits lock the face path for the patient and raise one flag', async () => {
    const t = await desk({ faceLock: { maxFailures: 3 } });
    const patientId = enrolledAdult(t);
    const first = await toConsent(t, patientId);
    await t.desk.giveConsent(first);
    t.camera.person = structuredClone(bidenAtDesk);
    for (let i = 0; i < 3; i += 1) {
      await faceAttempt(t, first);
      if (i < 2) await t.desk.act(first, 'retryFace');
    }
    expect(t.store.rows.flags.open(patientId).map((f) => f.kind)).toEqual(['repeated_face_failures']);
    await t.desk.cancel(first);
    const second = await toConsent(t, patientId).catch(() => '');
    expect(second).toBe('');
    const again = t.desk.start(t.actor, 'Dr Aida Bekova');
    await t.desk.selectPatient(again.visitId, patientId);
    const view = await t.desk.chooseVisitType(again.visitId, 'in-person');
    expect(view).toMatchObject({ phase: 'codeSent', codeReason: 'face-locked-today' });
    expect(events(t, again.visitId)).toEqual(['face_path_locked', 'code_sent']);
    expect(t.store.rows.flags.open(patientId)).toHaveLength(1);
    // After the lock period, the face path opens again.
    t.clock.advance(5 * 60 * 60 * 1000);
    const later = await toConsent(t, patientId);
    expect(t.desk.view(later).phase).toBe('askingConsent');
  });
});

describe('VisitDesk — code path', () => {
  it('refusal → code via the gateway → identified; the volunteered reason stays out of the audit', async () => {
    const t = await desk();
    const patientId = enrolledAdult(t);
    const visitId = await toConsent(t, patientId);
    let view = await t.desk.refuseConsent(visitId, '  religious reasons ');
    expect(view).toMatchObject({ phase: 'codeSent', codeReason: 'consent-refused', channel: 'patient' });
    await t.desk.act(visitId, 'beginEntry');
    view = await t.desk.submitCode(visitId, deliveredCode(t));
    expect(view).toMatchObject({ phase: 'identified', method: 'code', notificationQueued: true });
    // code_verified is the code service's row; the decision and the ended visit are bound by visit_records.
    expect(events(t, visitId)).toEqual(['consent_refused', 'code_sent', 'code_verified', 'visit_records']);
    expect(session(t, visitId)).toMatchObject({ reason: 'religious reasons', endState: 'identified' });
    expect(JSON.stringify(trail(t, visitId))).not.toContain('religious');
    const note = t.db.prepare('SELECT text FROM notification_outbox WHERE visit_id = ?').pluck().get(visitId);
    expect(note).toContain('по коду');
    // Nothing about the face was used: no frame was ever analysed.
    expect(t.camera.seen).toHaveLength(0);
  });

  it('five wrong codes → locked; the visit ends locked and the right code no longer works', async () => {
    const t = await desk();
    const visitId = await toConsent(t, enrolledAdult(t));
    await t.desk.refuseConsent(visitId);
    await t.desk.act(visitId, 'beginEntry');
    const right = deliveredCode(t);
    const wrong = right === '000000' ? '111111' : '000000';
    let view;
    for (let i = 4; i >= 1; i -= 1) {
      view = await t.desk.submitCode(visitId, wrong);
      expect(view).toMatchObject({ phase: 'codeEntry', triesLeft: i });
    }
    view = await t.desk.submitCode(visitId, wrong);
    expect(view).toMatchObject({ phase: 'codeLocked', deadline: null });
    expect(await typedRejection(t.desk.submitCode(visitId, right))).toBe('VISIT_ENDED');
    expect(events(t, visitId).filter((e) => e === 'code_failed')).toHaveLength(5);
    expect(events(t, visitId).slice(-2)).toEqual(['code_locked', 'visit_records']);
    expect(session(t, visitId).endState).toBe('codeLocked');
  });

  it('a malformed code is refused before it costs a try', async () => {
    const t = await desk();
    const visitId = await toConsent(t, enrolledAdult(t));
    await t.desk.refuseConsent(visitId);
    await t.desk.act(visitId, 'beginEntry');
    expect(await typedRejection(t.desk.submitCode(visitId, '12a456'))).toBe('CODE_MALFORMED');
    expect(t.desk.view(visitId)).toMatchObject({ phase: 'codeEntry', triesLeft: 5 });
  });

  it('a minor: the code goes to the representative, masked on screen, and the audit says so', async () => {
    const t = await desk();
    const mother = t.patients.register(newPatient({ phone: '+77019876543' }), t.actor);
    const child = t.patients.register(newPatient({ birthDate: '2018-05-05', phone: 'none' }), t.actor);
    t.representatives.link(
      {
        patientId: child.id,
        representativeId: mother.id,
        relation: 'parent',
        proof: { kind: 'birth_certificate', reference: 'I-АЛ 0123456' },
      },
      t.actor,
    );
    const visitId = await toConsent(t, child.id);
    let view = await t.desk.refuseConsent(visitId);
    expect(view).toMatchObject({ channel: 'representative', destination: '+7 7** *** 65 43' });
    const sent = t.gateway.deliveries.at(-1);
    expect(sent?.to).toBe('+77019876543');
    expect(sent?.text).toContain('представляемого вами пациента');
    await t.desk.act(visitId, 'beginEntry');
    view = await t.desk.submitCode(visitId, deliveredCode(t));
    expect(view).toMatchObject({ phase: 'identified', method: 'representative' });
    const rows = trail(t, visitId).filter((r) => r.event.startsWith('code_'));
    expect(rows.map((r) => r.method)).toEqual(['representative', 'representative']);
    // The notification of the child's visit goes to the representative's phone.
    const to = t.db
      .prepare('SELECT to_phone FROM notification_outbox WHERE visit_id = ?')
      .pluck()
      .get(visitId);
    expect(to).toBe('+77019876543');
  });

  it('no phone: a printed slip with the code, handed out once; the typed code identifies by slip', async () => {
    const t = await desk();
    const patientId = enrolledAdult(t, { phone: 'none', familyName: 'Сәрсенбаева', givenNames: 'Айгерим' });
    const visitId = await toConsent(t, patientId);
    let view = await t.desk.refuseConsent(visitId);
    expect(view).toMatchObject({ phase: 'codeSent', channel: 'slip', slipReady: true, destination: null });
    const pdf = await readPdf(t.desk.takeSlip(visitId));
    expect(pdf.pageCount).toBe(1);
    expect(pdf.text).toContain('А. С.');
    expect(pdf.text).not.toContain('Айгерим');
    const code = /(\d{3}) (\d{3})/.exec(pdf.text);
    expect(code).not.toBeNull();
    expect(typedCode(() => t.desk.takeSlip(visitId))).toBe('NO_SLIP');
    expect(t.gateway.deliveries).toHaveLength(0);
    await t.desk.act(visitId, 'beginEntry');
    await signOffSlip(t, visitId);
    view = await t.desk.submitCode(visitId, `${code?.[1]}${code?.[2]}`);
    expect(view).toMatchObject({ phase: 'identified', method: 'slip', notificationQueued: false });
    expect(
      trail(t, visitId)
        .filter((r) => r.event.startsWith('code_'))
        .map((r) => r.method),
    ).toEqual(['slip', 'slip']);
  });

  it('gateway down: says so, offers the slip, and the slip works', async () => {
    const t = await desk();
    const visitId = await toConsent(t, enrolledAdult(t));
    t.gateway.script({ type: 'status', status: 503 }, 10);
    let view = await t.desk.refuseConsent(visitId);
    expect(view).toMatchObject({ phase: 'deliveryFailed', slipOffered: true, channel: 'patient' });
    expect(events(t, visitId)).toEqual(['consent_refused', 'code_sent', 'code_delivery_failed']);
    view = await t.desk.act(visitId, 'useSlip');
    expect(view).toMatchObject({ phase: 'codeSent', channel: 'slip', slipReady: true });
    const code = /(\d{3}) (\d{3})/.exec((await readPdf(t.desk.takeSlip(visitId))).text);
    await t.desk.act(visitId, 'beginEntry');
    await signOffSlip(t, visitId);
    view = await t.desk.submitCode(visitId, `${code?.[1]}${code?.[2]}`);
    expect(view).toMatchObject({ phase: 'identified', method: 'slip' });
  });

  it('gateway down and no slip allowed: only a retry (or cancel) is offered', async () => {
    const t = await desk({ visit: { slipAllowed: false } });
    const visitId = await toConsent(t, enrolledAdult(t));
    t.gateway.script({ type: 'status', status: 503 }, 2);
    const view = await t.desk.refuseConsent(visitId);
    expect(view).toMatchObject({ phase: 'deliveryFailed', slipOffered: false });
    expect(await typedRejection(t.desk.act(visitId, 'useSlip'))).toBe('INVALID_EVENT');
    expect((await t.desk.act(visitId, 'retryDelivery')).phase).toBe('codeSent');
  });

  it('a fourth code within the hour is refused and audited; the visit says so', async () => {
    const t = await desk();
    const patientId = enrolledAdult(t);
    for (let i = 0; i < 3; i += 1) {
      const v = await toConsent(t, patientId);
      await t.desk.refuseConsent(v);
      await t.desk.cancel(v);
    }
    const visitId = await toConsent(t, patientId);
    const view = await t.desk.refuseConsent(visitId);
    expect(view.phase).toBe('codeRateLimited');
    expect(events(t, visitId)).toEqual(['consent_refused', 'code_rate_limited']);
  });
});

describe('VisitDesk — every visit ends accounted for', () => {
  it('online consultation: recorded as such, no identification, no consent asked', async () => {
    const t = await desk();
    const { visitId } = t.desk.start(t.actor, 'Dr Aida Bekova');
    await t.desk.selectPatient(visitId, enrolledAdult(t));
    const view = await t.desk.chooseVisitType(visitId, 'online');
    expect(view.phase).toBe('recordedOnline');
    expect(events(t, visitId)).toEqual(['visit_online']);
    expect(session(t, visitId)).toMatchObject({ endState: 'recordedOnline', type: 'online', method: null });
  });

  it('cancel mid-liveness wipes the held frames and records the abandoned visit', async () => {
    const t = await desk();
    const visitId = await toConsent(t, enrolledAdult(t));
    await t.desk.giveConsent(visitId);
    t.camera.person = structuredClone(obamaAtDesk);
    for (let i = 0; i < 5; i += 1) await t.desk.submitFrame(visitId, dummyFrame());
    expect(t.desk.view(visitId).phase).toBe('liveness');
    const view = await t.desk.cancel(visitId);
    expect(view).toMatchObject({ phase: 'cancelled', deadline: null });
    expect(events(t, visitId).at(-1)).toBe('visit_abandoned');
    expect(session(t, visitId).endState).toBe('cancelled');
    // A late frame is refused and still zeroed.
    const late = dummyFrame();
    expect(await typedRejection(t.desk.submitFrame(visitId, late))).toBe('FRAME_NOT_EXPECTED');
    expect(allZero(late.data)).toBe(true);
  });

  it('a visit left alone times out on the tick and is recorded', async () => {
    const t = await desk();
    const visitId = await toConsent(t, enrolledAdult(t));
    t.clock.advance(2 * 60 * 1000);
    await t.desk.tick();
    expect(t.desk.view(visitId).phase).toBe('timedOut');
    expect(events(t, visitId).at(-1)).toBe('visit_timed_out');
    expect(session(t, visitId).endState).toBe('timedOut');
  });

  it('unknown visits and frames out of turn are typed errors that change nothing', async () => {
    const t = await desk();
    const frame = dummyFrame();
    expect(await typedRejection(Promise.resolve().then(() => t.desk.submitFrame('nope', frame)))).toBe(
      'VISIT_NOT_FOUND',
    );
    expect(allZero(frame.data)).toBe(true);
    const { visitId } = t.desk.start(t.actor, 'Dr Aida Bekova');
    expect(
      await typedRejection(Promise.resolve().then(() => t.desk.submitFrame(visitId, dummyFrame()))),
    ).toBe('FRAME_NOT_EXPECTED');
    expect(await typedRejection(t.desk.selectPatient(visitId, '00000000-0000-4000-8000-000000000000'))).toBe(
      'PATIENT_NOT_FOUND',
    );
    expect(t.desk.view(visitId).phase).toBe('selectingPatient');
    expect(
      await typedRejection(
        t.desk.refuseConsent(visitId, 'x'.repeat(201)).catch((e: unknown) => Promise.reject(e)),
      ),
    ).toBe('INVALID_VISIT_REQUEST');
  });

  it('the notification survives a restart and is delivered once', async () => {
    const t = await desk();
    const visitId = await toConsent(t, enrolledAdult(t));
    await t.desk.refuseConsent(visitId);
    await t.desk.act(visitId, 'beginEntry');
    await t.desk.submitCode(visitId, deliveredCode(t));
    // Another connection, as after a restart: what the visit committed is all it has.
    const db = DeskStore.open(t.dbPath);
    try {
      const client = new GatewayClient({ baseUrl: t.gateway.url, token: t.gateway.token, backoffBaseMs: 1 });
      const first = await deliverDue(db, client, t.clock.now());
      const second = await deliverDue(db, client, t.clock.now());
      expect(first).toEqual({ delivered: 1, retrying: 0, failed: 0 });
      expect(second).toEqual({ delivered: 0, retrying: 0, failed: 0 });
      expect(t.gateway.deliveries.filter((d) => d.kind === 'notification')).toHaveLength(1);
    } finally {
      db.close();
    }
  });
});

describe('VisitDesk — decisions and visits under the audit chain', () => {
  /** Around the append-only triggers, as someone holding the file would. */
  function tamper(t: TestDesk, sql: string, ...params: unknown[]): void {
    for (const table of ['decision', 'visit']) {
      for (const name of t.db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND name LIKE '%_no_%'",
        )
        .pluck()
        .all(table) as string[]) {
        t.db.exec(`DROP TRIGGER "${name}"`);
      }
    }
    t.db.prepare(sql).run(...params);
  }

  const decisionOf = (t: TestDesk, visitId: string) =>
    t.db.prepare('SELECT id FROM decision WHERE visit_id = ?').pluck().get(visitId) as string;

  it('a face match binds its decision and the ended visit by their hashes; deleting or editing one is named', async () => {
    const t = await desk();
    const visitId = await toConsent(t, enrolledAdult(t));
    await t.desk.giveConsent(visitId);
    t.camera.person = structuredClone(obamaAtDesk);
    expect(await faceAttempt(t, visitId)).toMatchObject({ phase: 'identified', method: 'face' });
    const decisionId = decisionOf(t, visitId);
    const match = trail(t, visitId).find((r) => r.event === 'face_match');
    const records = (JSON.parse(match?.detail ?? '{}') as { records: RecordsBinding }).records;
    expect(records.decisions?.map((d) => d.id)).toEqual([decisionId]);
    expect(records.visit?.id).toBe(visitId);
    expect(records.visit?.sha256).toBe(recordHash(t.store.rows.visits.content(visitId) ?? {}));
    expect(checkBoundRecords(t.store.rows)).toBeNull();
    // The triggers refuse the plain attempts.
    expect(() => t.db.prepare('DELETE FROM decision WHERE id = ?').run(decisionId)).toThrow(/append-only/);
    expect(() => t.db.prepare("UPDATE visit SET method = 'code' WHERE id = ?").run(visitId)).toThrow(
      /append-only/,
    );
    expect(() => t.db.prepare('DELETE FROM visit WHERE id = ?').run(visitId)).toThrow(/append-only/);
    // Around them: the chain still verifies, the bound rows do not.
    tamper(t, "UPDATE visit SET method = 'code' WHERE id = ?", visitId);
    expect(checkBoundRecords(t.store.rows)).toMatchObject({
      problem: 'record_altered',
      message: expect.stringContaining(`visit ${visitId}`),
    });
    tamper(t, 'DELETE FROM decision WHERE id = ?', decisionId);
    expect(checkBoundRecords(t.store.rows)).toMatchObject({
      problem: 'record_missing',
      message: expect.stringContaining(`decision ${decisionId}`),
    });
  });

  it('the retention purge may still erase an ended visit’s refusal reason; the binding holds', async () => {
    const t = await desk();
    const visitId = await toConsent(t, enrolledAdult(t));
    await t.desk.refuseConsent(visitId, 'religious reasons');
    await t.desk.act(visitId, 'beginEntry');
    await t.desk.submitCode(visitId, deliveredCode(t));
    expect(session(t, visitId).reason).toBe('religious reasons');
    t.store.write((tx) => t.store.rows.visits.eraseRefusalReasons(tx, '2999-01-01T00:00:00.000Z'));
    expect(session(t, visitId).reason).toBeNull();
    expect(checkBoundRecords(t.store.rows)).toBeNull();
    const bound = trail(t, visitId).find((r) => r.event === 'visit_records');
    expect(JSON.parse(bound?.detail ?? '{}')).toMatchObject({
      records: { decisions: [{ id: decisionOf(t, visitId) }], visit: { id: visitId } },
    });
  });
});
