/**
 * The whole contract through the real router and a real KioskRuntime (config file, SQLite,
 * key file, audit chain), as the renderer would call it. Only the camera is scripted (posed real
 * analyses, see test/support/desk.ts); the code goes through the fake gateway.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FrameAnalysis } from '../../../src/shared/face.ts';
import type { IpcResult } from '../../../src/shared/ipc/contract-kit.ts';
import { DEFAULT_LANGUAGE, LANGUAGES } from '../../../src/shared/languages.ts';
import { GatewayClient } from '../../../src/core/delivery/gateway-client.ts';
import { loadDecisionRule } from '../../../src/core/face/decision-rule-file.ts';
import { createKioskRouter } from '../../../src/main/ipc/kiosk-router.ts';
import type { KioskRuntime } from '../../../src/main/runtime/kiosk-runtime.ts';
import { startFakeGateway, type FakeGateway } from '../../fakes/fake-gateway.ts';
import { readPdf } from '../../core/slip/read-pdf.ts';
import { posesFor } from '../../../src/core/evaluation/liveness/synthetic-face.ts';
import { analysePhotos, PosedCamera, webcamCaptures } from '../../support/desk.ts';
import { newPatient } from '../../support/registry.ts';
import { testRuntime, type RecordingPrinter } from '../../support/runtime.ts';
import { manualClock } from '../../support/store.ts';
import { useTempDir } from '../../support/temp-dir.ts';

const tempDir = useTempDir('kiosk-handlers');
const ORIGIN = 'app://tanu';
const MAIN = { url: `${ORIGIN}/index.html`, isMainFrame: true };
const RULE = loadDecisionRule();
let obamaTemplate: Float32Array[];
let obamaAtDesk: FrameAnalysis[];

beforeAll(async () => {
  const photos = await analysePhotos(['obama/obama1.jpg', 'obama/obama2.jpg', 'obama/obama3.jpg']);
  obamaTemplate = [...photos.values()].map((a) => Float32Array.from(a.descriptor ?? []));
  obamaAtDesk = await webcamCaptures('obama/obama.jpg');
}, 120_000);

interface Kiosk {
  runtime: KioskRuntime;
  printer: RecordingPrinter;
  camera: PosedCamera;
  gateway: FakeGateway;
  clock: ReturnType<typeof manualClock>;
  call<T = unknown>(channel: string, payload?: unknown, sender?: typeof MAIN): Promise<IpcResult<T>>;
  value<T = Record<string, unknown>>(channel: string, payload?: unknown): Promise<T>;
}

const opened: Kiosk[] = [];
afterEach(async () => {
  for (const k of opened.splice(0)) {
    await k.runtime.close();
    await k.gateway.close();
  }
});

async function kiosk(): Promise<Kiosk> {
  const gateway = await startFakeGateway();
  const camera = new PosedCamera();
  const clock = manualClock();
  const { runtime, printer } = testRuntime(tempDir(), {
    face: camera,
    clock,
    gateway: new GatewayClient({
      baseUrl: gateway.url,
      token: gateway.token,
      maxAttempts: 1,
      timeoutMs: 2000,
    }),
  });
  const router = createKioskRouter({
    app: { getVersion: () => '0.1.0' },
    platform: 'linux',
    runtime,
    isTrustedSender: (s) => s.isMainFrame && s.url.startsWith(`${ORIGIN}/`),
  });
  const call = <T>(channel: string, payload?: unknown, sender = MAIN) =>
    router.dispatch(channel, sender, payload) as Promise<IpcResult<T>>;
  const value = async <T>(channel: string, payload?: unknown): Promise<T> => {
    const r = await call<T>(channel, payload);
    if (!r.ok) throw new Error(`${channel} answered ${r.code}`);
    return r.value;
  };
  const k = { runtime, printer, camera, gateway, clock, call, value };
  opened.push(k);
  return k;
}

const SETUP = {
  clinicId: 'almaty-pol-5',
  clinicName: 'Алматы қалалық емханасы №5',
  timeZone: 'Asia/Almaty',
  callNumber: '+7 727 300 00 00',
  deskId: 'desk-12',
  admin: { login: 'admin', displayName: 'Admin Aliya', secret: 'correct horse battery' },
};

/** A set-up kiosk with a doctor and a registrar; returns the doctor signed in. */
async function staffedKiosk(): Promise<Kiosk> {
  const k = await kiosk();
  await k.value('setup:complete', SETUP);
  for (const [login, role] of [
    ['dr.bekova', 'doctor'],
    ['reg.saule', 'registrar'],
  ] as const) {
    await k.value('admin:createOperator', { login, displayName: login, role, secret: 'long enough secret' });
  }
  await k.value('session:signIn', { login: 'dr.bekova', secret: 'long enough secret' });
  return k;
}

function enrolObama(k: Kiosk, overrides: Parameters<typeof newPatient>[0] = {}): string {
  const s = k.runtime.services();
  const actor = { operatorId: 'system', deskId: 'desk-12' };
  const admin = s.operators.list()[0];
  const id = s.patients.register(newPatient(overrides), {
    operatorId: admin?.id ?? '',
    deskId: 'desk-12',
  }).id;
  s.templates.save(id, { modelId: RULE.modelId, descriptors: obamaTemplate }, 'tanu-test', actor);
  return id;
}

/** Starts an in-person visit for the patient and answers the consent question. */
async function visitToConsent(k: Kiosk, patientId: string, given: boolean): Promise<string> {
  const { visitId } = await k.value<{ visitId: string }>('visit:start');
  await k.value('visit:selectPatient', { visitId, patientId });
  await k.value('visit:chooseType', { visitId, visitType: 'in-person' });
  await k.value('visit:consent', { visitId, given });
  return visitId;
}

function rgbaFrame(): { width: number; height: number; data: Uint8Array } {
  return { width: 64, height: 48, data: new Uint8Array(64 * 48 * 4).fill(9) };
}

describe('first start and sign-in', () => {
  it('a fresh machine needs setup; setup writes the config, creates the admin and signs them in', async () => {
    const k = await kiosk();
    expect(await k.value('setup:status')).toEqual({
      needed: true,
      clinicName: null,
      deskId: null,
      timeZone: null,
      languages: null,
      problem: null,
      recoverable: false,
    });
    expect(await k.call('session:signIn', { login: 'admin', secret: 'x' })).toEqual({
      ok: false,
      code: 'SETUP_REQUIRED',
    });
    const admin = await k.value('setup:complete', SETUP);
    expect(admin).toMatchObject({ displayName: 'Admin Aliya', role: 'admin' });
    expect(await k.value('setup:status')).toEqual({
      needed: false,
      clinicName: SETUP.clinicName,
      deskId: 'desk-12',
      timeZone: 'Asia/Almaty',
      languages: { enabled: [...LANGUAGES], default: DEFAULT_LANGUAGE },
      problem: null,
      recoverable: false,
    });
    const file = JSON.parse(readFileSync(k.runtime.configPath, 'utf8')) as Record<string, unknown>;
    expect(file).toMatchObject({ clinic: { id: 'almaty-pol-5', timeZone: 'Asia/Almaty' }, gateway: null });
    expect(JSON.stringify(file)).not.toContain('correct horse');
    expect(await k.call('setup:complete', SETUP)).toEqual({ ok: false, code: 'SETUP_DONE' });
  });

  it('a bad setup names the problem and leaves the machine still asking for setup', async () => {
    const k = await kiosk();
    const bad = await k.call('setup:complete', { ...SETUP, timeZone: 'Mars/Olympus' });
    expect(bad).toEqual({ ok: false, code: 'INVALID_CONFIG' });
    const weak = await k.call('setup:complete', { ...SETUP, admin: { ...SETUP.admin, secret: 'short' } });
    expect(weak).toEqual({ ok: false, code: 'INVALID_OPERATOR' });
    expect((await k.value<{ needed: boolean }>('setup:status')).needed).toBe(true);
    expect((await k.value('setup:complete', SETUP)).role).toBe('admin');
  });

  it('roles keep to their work: an admin cannot identify, a doctor cannot register or see reports', async () => {
    const k = await staffedKiosk();
    expect((await k.call('patient:register', { ...newPatient(), phone: 'none' })).ok).toBe(false);
    expect(await k.call('admin:fraudReport', { from: '2026-11-01', to: '2026-11-22' })).toEqual({
      ok: false,
      code: 'NOT_AUTHORISED',
    });
    await k.value('session:signIn', { login: 'admin', secret: SETUP.admin.secret });
    expect(await k.call('visit:start')).toEqual({ ok: false, code: 'NOT_AUTHORISED' });
    expect(await k.call('patient:findByName', { familyName: 'X' })).toEqual({
      ok: false,
      code: 'NOT_AUTHORISED',
    });
    await k.value('session:signOut');
    expect(await k.call('visit:start')).toEqual({ ok: false, code: 'NOT_SIGNED_IN' });
    expect(await k.call('session:signIn', { login: 'admin', secret: 'wrong wrong' })).toEqual({
      ok: false,
      code: 'AUTHENTICATION_FAILED',
    });
  });
});

describe('the doctor identifies a patient through the contract', () => {
  it('search by IIN shows a masked IIN; a malformed IIN is a specific error', async () => {
    const k = await staffedKiosk();
    const input = newPatient();
    const id = enrolObama(k, input);
    const found = await k.value<{ id: string; iinMasked: string; hasTemplate: boolean }[]>(
      'patient:findByIin',
      {
        iin: input.iin,
      },
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ id, hasTemplate: true, familyName: input.familyName });
    expect(found[0]?.iinMasked).toBe(`${input.iin.slice(0, 6)}•••••${input.iin.slice(-1)}`);
    expect(JSON.stringify(found)).not.toContain(input.iin);
    const wrongCheck = `${input.iin.slice(0, 11)}${(Number(input.iin.at(-1)) + 1) % 10}`;
    expect(await k.call('patient:findByIin', { iin: wrongCheck })).toEqual({
      ok: false,
      code: 'IIN_CHECK_DIGIT',
    });
    expect(await k.call('patient:findByIin', { iin: '12345' })).toEqual({ ok: false, code: 'IIN_LENGTH' });
  });

  it('face: consent, posed frames through visit:submitFrame, match; the visit shows in today’s history', async () => {
    const k = await staffedKiosk();
    const patientId = enrolObama(k);
    let view = await k.value<{ visitId: string; phase: string }>('visit:start');
    const { visitId } = view;
    await k.value('visit:selectPatient', { visitId, patientId });
    await k.value('visit:chooseType', { visitId, visitType: 'in-person' });
    view = await k.value('visit:consent', { visitId, given: true });
    expect(view.phase).toBe('faceGuidance');
    k.camera.person = structuredClone(obamaAtDesk);
    let queue: ReturnType<typeof posesFor> = [];
    let last = '';
    for (let i = 0; i < 200 && (view.phase === 'faceGuidance' || view.phase === 'liveness'); i += 1) {
      const prompt = (
        view as unknown as { liveness: { action: 'turnLeft' | 'turnRight' | 'blink'; step: number } | null }
      ).liveness;
      if (prompt && `${prompt.step}${prompt.action}` !== last) {
        last = `${prompt.step}${prompt.action}`;
        queue = [{}, {}, {}, ...posesFor(prompt.action)];
      }
      k.camera.pose = queue.shift() ?? {};
      k.clock.advance(100);
      const frame = rgbaFrame();
      view = await k.value('visit:submitFrame', { visitId, frame });
      expect(frame.data.every((b) => b === 0)).toBe(true);
    }
    expect(view).toMatchObject({ phase: 'identified', method: 'face' });
    // Nothing about the face comes back: no distance, threshold or descriptor in any answer.
    expect(Object.keys(view)).not.toContain('distance');
    const history = await k.value<{ visitId: string; endState: string; patient: string }[]>('visit:history');
    expect(history[0]).toMatchObject({ visitId, endState: 'identified', method: 'face' });
    expect(history[0]?.patient).toMatch(/^Сейтқалиева Ә\. Н\.$/);
  });

  it('an engine crash mid-visit reaches the screen as ENGINE_CRASHED; the frame is still zeroed and the visit goes on', async () => {
    const k = await staffedKiosk();
    const patientId = enrolObama(k);
    const visitId = await visitToConsent(k, patientId, true);
    k.camera.person = structuredClone(obamaAtDesk);
    k.camera.crashNext = true;
    const frame = rgbaFrame();
    expect(await k.call('visit:submitFrame', { visitId, frame })).toEqual({
      ok: false,
      code: 'ENGINE_CRASHED',
    });
    expect(frame.data.every((b) => b === 0)).toBe(true);
    expect((await k.value<{ phase: string }>('visit:view', { visitId })).phase).toBe('faceGuidance');
    expect(
      (await k.value<{ phase: string }>('visit:submitFrame', { visitId, frame: rgbaFrame() })).phase,
    ).toBe('liveness');
  });

  it('no phone: the slip goes to the printer (kept if the printer jams) and its code identifies', async () => {
    const k = await staffedKiosk();
    const patientId = enrolObama(k, { phone: 'none' });
    const { visitId } = await k.value<{ visitId: string }>('visit:start');
    await k.value('visit:selectPatient', { visitId, patientId });
    await k.value('visit:chooseType', { visitId, visitType: 'in-person' });
    expect(await k.value('visit:consent', { visitId, given: false })).toMatchObject({
      phase: 'codeSent',
      channel: 'slip',
      slipReady: true,
    });
    k.printer.failNext = true;
    expect(await k.call('visit:printSlip', { visitId })).toEqual({ ok: false, code: 'PRINT_FAILED' });
    expect(await k.value('visit:printSlip', { visitId })).toEqual({ printed: true });
    expect(await k.call('visit:printSlip', { visitId })).toEqual({ ok: false, code: 'NO_SLIP' });
    const text = (await readPdf(k.printer.printed[0] ?? new Uint8Array())).text;
    const m = /(\d{3}) (\d{3})/.exec(text);
    expect(await k.value('visit:act', { visitId, action: 'beginEntry' })).toMatchObject({
      phase: 'slipSignOff',
    });
    const code = `${m?.[1]}${m?.[2]}`;
    // The doctor alone cannot finish it, nor sign it off; the registrar can, and the doctor stays in.
    expect(await k.call('visit:submitCode', { visitId, code })).toEqual({
      ok: false,
      code: 'SLIP_SIGN_OFF_NEEDED',
    });
    const self = { visitId, login: 'dr.bekova', secret: 'long enough secret' };
    expect(await k.call('visit:signOffSlip', self)).toEqual({ ok: false, code: 'NOT_AUTHORISED' });
    const registrar = { visitId, login: 'reg.saule', secret: 'long enough secret' };
    expect(await k.value('visit:signOffSlip', registrar)).toMatchObject({ phase: 'codeEntry' });
    expect(await k.value('session:current')).toMatchObject({ displayName: 'dr.bekova', role: 'doctor' });
    const view = await k.value('visit:submitCode', { visitId, code });
    expect(view).toMatchObject({ phase: 'identified', method: 'slip' });
  });

  it('another doctor cannot drive someone else’s visit; a malformed request changes nothing', async () => {
    const k = await staffedKiosk();
    enrolObama(k);
    const { visitId } = await k.value<{ visitId: string }>('visit:start');
    expect(await k.call('visit:selectPatient', { visitId, patientId: 'not-a-uuid' })).toEqual({
      ok: false,
      code: 'INVALID_PAYLOAD',
    });
    expect(
      await k.call('visit:submitFrame', {
        visitId,
        frame: { width: 64, height: 48, data: new Uint8Array(5) },
      }),
    ).toEqual({ ok: false, code: 'INVALID_PAYLOAD' });
    expect((await k.value<{ phase: string }>('visit:view', { visitId })).phase).toBe('selectingPatient');
    await k.value('session:signOut');
    // Signing out ended the doctor's visit (frames wiped, abandonment audited).
    expect(
      await k.call('admin:createOperator', { login: 'x', displayName: 'x', role: 'doctor', secret: 'y' }),
    ).toEqual({ ok: false, code: 'NOT_SIGNED_IN' });
    await k.value('session:signIn', { login: 'admin', secret: SETUP.admin.secret });
    await k.value('admin:createOperator', {
      login: 'dr.other',
      displayName: 'Dr Other',
      role: 'doctor',
      secret: 'long enough secret',
    });
    await k.value('session:signIn', { login: 'dr.other', secret: 'long enough secret' });
    expect(await k.call('visit:view', { visitId })).toEqual({ ok: false, code: 'NOT_YOUR_VISIT' });
    const ended = k.runtime
      .services()
      .store.connection.prepare('SELECT end_state FROM visit WHERE id = ?')
      .pluck()
      .get(visitId);
    expect(ended).toBe('cancelled');
  });
});

describe('registrar', () => {
  it('links a parent to a child (names only come back), and a withdrawn consent deletes the template', async () => {
    const k = await staffedKiosk();
    await k.value('session:signIn', { login: 'reg.saule', secret: 'long enough secret' });
    const mother = await k.value<{ id: string }>('patient:register', {
      ...newPatient(),
      phone: '+77019876543',
    });
    const child = await k.value<{ id: string; minorUnder14: boolean }>('patient:register', {
      ...newPatient({ birthDate: '2018-05-05' }),
      phone: 'none',
    });
    expect(child.minorUnder14).toBe(true);
    const link = {
      patientId: child.id,
      representativeId: mother.id,
      relation: 'parent',
      proof: { kind: 'birth_certificate', reference: 'I-АЛ 0123456' },
    };
    expect(await k.value('patient:linkRepresentative', link)).toBeNull();
    expect(await k.call('patient:linkRepresentative', link)).toEqual({
      ok: false,
      code: 'INVALID_REPRESENTATIVE',
    });
    const reps = await k.value<Record<string, unknown>[]>('patient:representatives', { patientId: child.id });
    expect(reps).toEqual([
      expect.objectContaining({ representativeId: mother.id, relation: 'parent', hasPhone: true }),
    ]);
    expect(JSON.stringify(reps)).not.toContain('+7701');
    // A wrong link is ended (audited); then the child has no representative.
    expect(
      await k.value('patient:unlinkRepresentative', { patientId: child.id, representativeId: mother.id }),
    ).toBeNull();
    expect(await k.value('patient:representatives', { patientId: child.id })).toEqual([]);
    expect(
      await k.call('patient:unlinkRepresentative', { patientId: child.id, representativeId: mother.id }),
    ).toEqual({
      ok: false,
      code: 'INVALID_REPRESENTATIVE',
    });
    const adult = enrolObama(k);
    const s = k.runtime.services();
    s.consents.record(
      { patientId: adult, givenBy: adult, decision: 'given', purpose: 'face_identification' },
      { operatorId: s.operators.list().find((o) => o.login === 'reg.saule')?.id ?? '', deskId: 'desk-12' },
    );
    expect(await k.value('patient:withdrawConsent', { patientId: adult })).toEqual({
      deleted: 1,
      erased: true,
    });
    expect(s.templates.has(adult)).toBe(false);
  });
});

describe('admin', () => {
  it('unlocks an account locked by failed sign-ins', async () => {
    const k = await staffedKiosk();
    for (let i = 0; i < 5; i += 1)
      await k.call('session:signIn', { login: 'dr.bekova', secret: 'wrong secret' });
    expect(await k.call('session:signIn', { login: 'dr.bekova', secret: 'long enough secret' })).toEqual({
      ok: false,
      code: 'OPERATOR_LOCKED',
    });
    await k.value('session:signIn', { login: 'admin', secret: SETUP.admin.secret });
    const locked = (
      await k.value<{ id: string; login: string; locked: boolean }[]>('admin:listOperators')
    ).find((o) => o.login === 'dr.bekova');
    expect(locked?.locked).toBe(true);
    await k.value('admin:unlockOperator', { operatorId: locked?.id });
    expect((await k.value('session:signIn', { login: 'dr.bekova', secret: 'long enough secret' })).role).toBe(
      'doctor',
    );
  });

  it('settings: the gateway token is sealed, never in the config file; the change is audited; the rule is read-only', async () => {
    const k = await kiosk();
    await k.value('setup:complete', SETUP);
    const settings = await k.value<{
      decisionRule: { threshold: number; calibration: string };
      gateway: unknown;
    }>('admin:getSettings');
    expect(settings.gateway).toBeNull();
    expect(settings.decisionRule.threshold).toBe(RULE.threshold);
    expect(settings.decisionRule.calibration).toContain('LFW');
    const token = 'sekret-token-0123456789';
    const after = await k.value('admin:updateSettings', {
      gateway: { baseUrl: k.gateway.url, token },
      retentionDays: 400,
    });
    expect(after).toMatchObject({
      gateway: { baseUrl: k.gateway.url, credentialsStored: true },
      retentionDays: 400,
    });
    expect(readFileSync(k.runtime.configPath, 'utf8')).not.toContain(token);
    expect(k.runtime.secrets.get('gateway')).toBe(token);
    expect(await k.call('admin:updateSettings', { retentionDays: 30 })).toEqual({
      ok: false,
      code: 'INVALID_CONFIG',
    });
    expect(await k.call('admin:updateSettings', { decisionRule: { threshold: 0.9 } })).toEqual({
      ok: false,
      code: 'INVALID_PAYLOAD',
    });
    const events = k.runtime
      .services()
      .store.connection.prepare("SELECT count(*) FROM audit_log WHERE event = 'settings_changed'")
      .pluck()
      .get();
    expect(events).toBe(1);
    expect(await k.value('admin:verifyAudit')).toMatchObject({ ok: true, firstBadSeq: null });
  });

  it('settings: a gateway moved to another address needs its token (refused and nothing written without); removing it deletes the token; each audited', async () => {
    const k = await kiosk();
    await k.value('setup:complete', SETUP);
    const gatewayRows = () =>
      k.runtime
        .services()
        .store.connection.prepare(
          "SELECT detail FROM audit_log WHERE event = 'settings_changed' ORDER BY seq",
        )
        .pluck()
        .all() as (string | null)[];
    expect(await k.call('admin:updateSettings', { gateway: { baseUrl: k.gateway.url } })).toEqual({
      ok: false,
      code: 'GATEWAY_TOKEN_REQUIRED',
    });
    await k.value('admin:updateSettings', { gateway: { baseUrl: k.gateway.url, token: 'first-token-0001' } });

    // The attack: point the gateway elsewhere and let the stored token (and every code) follow.
    const configBefore = readFileSync(k.runtime.configPath, 'utf8');
    const rowsBefore = gatewayRows().length;
    const elsewhere = 'https://collector.example/notify';
    expect(
      await k.call('admin:updateSettings', { gateway: { baseUrl: elsewhere }, retentionDays: 400 }),
    ).toEqual({ ok: false, code: 'GATEWAY_TOKEN_REQUIRED' });
    expect(readFileSync(k.runtime.configPath, 'utf8')).toBe(configBefore);
    expect(k.runtime.secrets.get('gateway')).toBe('first-token-0001');
    expect(gatewayRows()).toHaveLength(rowsBefore);

    // With the new address's token the move goes through and replaces the stored token.
    const moved = await k.value('admin:updateSettings', {
      gateway: { baseUrl: elsewhere, token: 'second-token-0002' },
    });
    expect(moved).toMatchObject({ gateway: { baseUrl: elsewhere, credentialsStored: true } });
    expect(k.runtime.secrets.get('gateway')).toBe('second-token-0002');
    // Same address, new token: a re-key. The services are rebuilt, so the gateway client takes it now.
    const servicesBefore = k.runtime.services();
    await k.value('admin:updateSettings', { gateway: { baseUrl: elsewhere, token: 'third-token-0003' } });
    expect(k.runtime.secrets.get('gateway')).toBe('third-token-0003');
    expect(k.runtime.services()).not.toBe(servicesBefore);
    // Same address, no token: not a gateway change.
    await k.value('admin:updateSettings', { gateway: { baseUrl: elsewhere }, logLevel: 'debug' });

    const removed = await k.value('admin:updateSettings', { gateway: null });
    expect(removed).toMatchObject({ gateway: null });
    expect(k.runtime.secrets.has('gateway')).toBe(false);

    // Each change is one row naming the keys that changed; the gateway ones say what happened to
    // it, never the address or token.
    expect(gatewayRows().map((d) => (d === null ? null : (JSON.parse(d) as unknown)))).toEqual([
      { keys: ['gateway'], gateway: 'added' },
      { keys: ['gateway'], gateway: 'url_changed' },
      { keys: ['gateway'], gateway: 'token_replaced' },
      { keys: ['logLevel'] },
      { keys: ['gateway'], gateway: 'removed' },
    ]);
    expect(gatewayRows().join()).not.toMatch(/token-000|collector|127\.0\.0\.1/);
    expect(await k.value('admin:verifyAudit')).toMatchObject({ ok: true, firstBadSeq: null });
  });

  it('the self-check runs the doctor lines with the desk’s own key and engine', async () => {
    const k = await kiosk();
    await k.value('setup:complete', SETUP);
    k.camera.person = structuredClone(obamaAtDesk);
    const lines = await k.value<{ check: string; status: string; detail: string }[]>('admin:selfCheck');
    expect(Object.fromEntries(lines.map((l) => [l.check, l.status]))).toEqual({
      configuration: 'OK',
      models: 'OK',
      'face engine': 'OK',
      key: 'OK',
      database: 'OK',
      disk: 'OK',
      gateway: 'WARN',
    });
    expect(lines.find((l) => l.check === 'database')?.detail).toMatch(/audit chain verified/);
  });

  it('the fraud report counts clinic days: 01:00 in Almaty belongs to that day, not to the UTC one before', async () => {
    const k = await staffedKiosk();
    k.clock.set('2026-11-21T20:00:00.000Z'); // 22 November, 01:00 in Almaty
    const patientId = enrolObama(k);
    const visitId = await visitToConsent(k, patientId, false);
    await k.value('visit:act', { visitId, action: 'beginEntry' });
    const code = /\b(\d{6})\b/.exec(k.gateway.deliveries.at(-1)?.text ?? '')?.[1];
    await k.value('visit:submitCode', { visitId, code });
    await k.value('session:signIn', { login: 'admin', secret: SETUP.admin.secret });
    const visits = async (day: string) =>
      (await k.value<{ clinic: { visits: number } }>('admin:fraudReport', { from: day, to: day })).clinic
        .visits;
    expect(await visits('2026-11-22')).toBe(1);
    expect(await visits('2026-11-21')).toBe(0);
  });

  it('the fraud report names doctors; the camera choice is remembered', async () => {
    const k = await staffedKiosk();
    const patientId = enrolObama(k);
    const visitId = await visitToConsent(k, patientId, false);
    await k.value('visit:act', { visitId, action: 'beginEntry' });
    const code = /\b(\d{6})\b/.exec(k.gateway.deliveries.at(-1)?.text ?? '')?.[1];
    expect((await k.value('visit:submitCode', { visitId, code })).method).toBe('code');
    await k.value('camera:setDevice', { deviceId: 'usb-cam-1' });
    expect(await k.value('camera:getDevice')).toEqual({ deviceId: 'usb-cam-1' });
    await k.value('session:signIn', { login: 'admin', secret: SETUP.admin.secret });
    const report = await k.value<{
      scope: string;
      operators: { displayName: string; visits: number; shares: Record<string, number> }[];
      desksOverBudget: unknown[];
    }>('admin:fraudReport', { from: '2026-11-01', to: '2026-11-22' });
    // A single desk is the whole clinic: its own decisions, no desks to weigh.
    expect(report).toMatchObject({ scope: 'single', desksOverBudget: [] });
    expect(report.operators).toEqual([expect.objectContaining({ displayName: 'dr.bekova', visits: 1 })]);
    expect(report.operators[0]?.shares['code']).toBe(1);
  });
});

describe('the clinic link (clinic:*)', () => {
  it('a single desk says so to the admin and to every screen, the sign-in screen too; the admin view is the admin’s', async () => {
    const k = await staffedKiosk();
    expect(await k.value('clinic:syncState')).toEqual({ mode: 'single' });
    expect(await k.call('clinic:status')).toEqual({ ok: false, code: 'NOT_AUTHORISED' });
    await k.value('session:signOut');
    expect(await k.call('clinic:syncState')).toEqual({ ok: true, value: { mode: 'single' } });
    expect(await k.call('clinic:status')).toEqual({ ok: false, code: 'NOT_SIGNED_IN' });
    await k.value('session:signIn', { login: SETUP.admin.login, secret: SETUP.admin.secret });
    expect(await k.value('clinic:status')).toEqual({ mode: 'single' });
    // A request where none is taken is refused before any handler runs.
    expect(await k.call('clinic:status', { all: true })).toMatchObject({
      ok: false,
      code: 'INVALID_PAYLOAD',
    });
  });
});
