/**
 * The face-path lock and the code rate limit on clinic-wide data (issue 15). First the function
 * itself: api.patient_limits counts the other desks' pushed face failures and sent codes for one
 * patient after a time, never the caller's own; it refuses a revoked or unknown desk and malformed
 * input, and the tables it reads stay closed to desks. Then two desks as the composition root
 * builds them in clinic mode, each reaching the clinic through a cable (a TCP relay) the test can
 * cut or stall:
 * a patient locked at desk A is locked at desk B; codes sent at A count towards B's hour; with the
 * clinic cut, hung or the desk offline, B decides on its own rows, and its audit rows say so.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AuditRecord } from '../../src/core/audit/events.ts';
import { chainHash, GENESIS_HASH } from '../../src/core/audit/hash-chain.ts';
import { deriveClinicKeys, newClinicKey } from '../../src/core/clinic-sync/clinic-seal.ts';
import { ClinicDeskApi } from '../../src/core/clinic/desk-api.ts';
import type { ClinicAuditRow, ClinicDecision } from '../../src/core/clinic/protocol.ts';
import { defaultKioskConfig } from '../../src/core/config/kiosk-config.ts';
import { keyFileProvider } from '../../src/core/crypto/key-file.ts';
import { deriveSubkeys } from '../../src/core/crypto/subkeys.ts';
import { offlineChannel } from '../../src/core/delivery/offline-channel.ts';
import { loadDecisionRule } from '../../src/core/face/decision-rule-file.ts';
import { openKioskServices, type KioskServices } from '../../src/core/kiosk/kiosk-services.ts';
import { DATABASE_FILE_NAME } from '../../src/core/store/database.ts';
import { DEFAULT_FACE_LOCK_POLICY } from '../../src/core/visit/face-lock.ts';
import type { FrameAnalysis } from '../../src/shared/face.ts';
import { describeClinic, useClinicDb, type TestDesk } from '../support/clinic-db.ts';
import {
  analysePhotos,
  MODEL_VERSION,
  PosedCamera,
  performFacePath,
  webcamCaptures,
} from '../support/desk.ts';
import { newPatient } from '../support/registry.ts';
import { FAST_SCRYPT } from '../support/runtime.ts';
import { manualClock } from '../support/store.ts';
import { useTempDir } from '../support/temp-dir.ts';
import { NetworkCable } from '../../scripts/clinic-simulate/network-cut.ts';
import { typedRejection } from '../support/typed-errors.ts';

const clinic = useClinicDb('patient_limits');
const tempDir = useTempDir('patient-limits');
const RULE = loadDecisionRule();

// --- the function ------------------------------------------------------------------------------

/** A desk's evidence as it pushes it: audit rows chained under its own key, and decisions. */
class Evidence {
  readonly #key = randomBytes(32);
  readonly #desk: TestDesk;
  #seq = 0;
  #prev = GENESIS_HASH;

  constructor(desk: TestDesk) {
    this.#desk = desk;
  }

  async push(
    rows: Pick<AuditRecord, 'at' | 'patientId' | 'event' | 'method'>[],
    decisions: Pick<ClinicDecision, 'patientId' | 'decidedAt' | 'outcome' | 'method'>[] = [],
  ): Promise<void> {
    const chained: ClinicAuditRow[] = rows.map((row) => {
      this.#seq += 1;
      const record: AuditRecord = {
        seq: this.#seq,
        operatorId: randomUUID(),
        deskId: this.#desk.name,
        visitId: randomUUID(),
        distance: null,
        threshold: null,
        modelVersion: null,
        detail: null,
        ...row,
      };
      const hash = chainHash(this.#key, this.#prev, record);
      const link = { prevHash: this.#prev.toString('hex'), hash: hash.toString('hex') };
      this.#prev = hash;
      return { ...record, ...link };
    });
    const full: ClinicDecision[] = decisions.map((d) => ({
      id: randomUUID(),
      visitId: randomUUID(),
      operatorId: randomUUID(),
      distance: null,
      threshold: null,
      modelVersion: null,
      ...d,
    }));
    await (await this.#desk.api()).pushAudit({ rows: chained, decisions: full });
  }
}

const at = (hhmm: string) => `2026-12-02T${hhmm}:00.000Z`;
const faceFailure = (patientId: string, hhmm: string) =>
  ({ patientId, decidedAt: at(hhmm), outcome: 'not_identified', method: 'face' }) as const;
const codeSent = (patientId: string, hhmm: string) =>
  ({ patientId, at: at(hhmm), event: 'code_sent', method: 'code' }) as const;

describeClinic('api.patient_limits', () => {
  it("counts the other desks' face failures and sent codes for the patient after the time, never the caller's", async () => {
    const [one, two, three] = [
      await clinic.addDesk('lim-one'),
      await clinic.addDesk('lim-two'),
      await clinic.addDesk('lim-three'),
    ];
    if (!one || !two || !three) throw new Error('desks');
    const patient = randomUUID();
    const other = randomUUID();
    // The caller's own rows: it counts them itself, pushed or not.
    await new Evidence(one).push(
      [codeSent(patient, '09:10')],
      [faceFailure(patient, '09:05'), faceFailure(patient, '09:06')],
    );
    await new Evidence(two).push(
      [
        codeSent(patient, '09:30'),
        codeSent(patient, '07:00'), // before the window
        { patientId: patient, at: at('09:31'), event: 'code_rate_limited', method: 'code' },
        codeSent(other, '09:32'),
      ],
      [
        faceFailure(patient, '08:00'), // before the window
        faceFailure(patient, '09:00'),
        faceFailure(patient, '10:00'),
        { patientId: patient, decidedAt: at('09:20'), outcome: 'identified', method: 'face' },
        { patientId: patient, decidedAt: at('09:21'), outcome: 'not_identified', method: 'code' },
        faceFailure(other, '09:40'),
      ],
    );
    await new Evidence(three).push([codeSent(patient, '09:50')], [faceFailure(patient, '09:45')]);

    const since = new Date(at('08:30'));
    expect(await (await one.api()).patientLimits(patient, since)).toEqual({
      faceFailures: 3,
      lastFaceFailureAt: at('10:00'),
      codesIssued: 2,
    });
    expect(await (await three.api()).patientLimits(patient, since)).toEqual({
      faceFailures: 4,
      lastFaceFailureAt: at('10:00'),
      codesIssued: 2,
    });
    // Strictly after the time, as the desk counts its own: three's failure at 09:45 is out.
    expect(await (await two.api()).patientLimits(patient, new Date(at('09:45')))).toEqual({
      faceFailures: 0,
      lastFaceFailureAt: null,
      codesIssued: 1,
    });
    expect(await (await one.api()).patientLimits(randomUUID(), since)).toEqual({
      faceFailures: 0,
      lastFaceFailureAt: null,
      codesIssued: 0,
    });
  });

  it('refuses a malformed request, an unknown or revoked desk; desks cannot read what it reads', async () => {
    const desk = await clinic.addDesk('lim-checks');
    const api = await desk.api();
    const since = new Date(at('08:00'));
    for (const id of ['not-a-uuid', randomUUID().toUpperCase(), '']) {
      expect(await typedRejection(api.patientLimits(id, since))).toBe('CLINIC_INVALID_BATCH');
    }
    const client = await desk.connect();
    await expect(
      client.query("SELECT api.patient_limits($1, 'infinity')", [randomUUID()]),
    ).rejects.toMatchObject({ code: 'TN004' });
    for (const sql of [
      'SELECT * FROM tanu.decisions',
      'SELECT * FROM tanu.audit_rows',
      'SELECT * FROM tanu.desks',
      'SELECT tanu.session_desk_id()',
    ]) {
      await expect(client.query(sql), sql).rejects.toThrow(/permission denied/);
    }

    // Flagged revoked while its session is still open (revoke-desk also ends it, below).
    const su = await clinic.superuser();
    await su.query('UPDATE tanu.desks SET revoked_at = now() WHERE name = $1', [desk.name]);
    expect(await typedRejection(api.patientLimits(randomUUID(), since))).toBe('CLINIC_DESK_UNKNOWN');

    // A role in the desk group that is not a registered desk.
    const role = `stray_${randomUUID().slice(0, 8)}`;
    await su.query(`CREATE ROLE ${role} LOGIN PASSWORD 'stray-password' IN ROLE tanu_desk`);
    await su.query(`GRANT CONNECT ON DATABASE ${new URL(clinic.url()).pathname.slice(1)} TO ${role}`);
    const url = new URL(clinic.url());
    url.username = role;
    url.password = 'stray-password';
    const stray = new pg.Client({ connectionString: url.toString() });
    await stray.connect();
    expect(await typedRejection(new ClinicDeskApi(stray).patientLimits(randomUUID(), since))).toBe(
      'CLINIC_DESK_UNKNOWN',
    );
    await stray.end();
  });
});

// --- two desks in clinic mode ------------------------------------------------------------------

const keys = deriveClinicKeys(newClinicKey());
let obamaPhotos: Map<string, FrameAnalysis>;
let bidenAtDesk: FrameAnalysis[];

interface Desk {
  name: string;
  services: KioskServices;
  camera: PosedCamera;
  clock: ReturnType<typeof manualClock>;
  cable: NetworkCable;
  actor: { operatorId: string; deskId: string };
  sync(): Promise<void>;
}
const desks: Desk[] = [];

beforeAll(async () => {
  obamaPhotos = await analysePhotos(['obama/obama1.jpg', 'obama/obama2.jpg', 'obama/obama3.jpg']);
  bidenAtDesk = await webcamCaptures('biden/biden.jpg');
}, 120_000);

afterAll(async () => {
  for (const d of desks) {
    await d.services.close();
    await d.cable.close();
  }
});

/** A desk built by openKioskServices in clinic mode, its clinic reached through its own cable. */
async function clinicDesk(label: string): Promise<Desk> {
  const role = await clinic.addDesk(label);
  const url = new URL(role.url);
  const cable = await NetworkCable.plug({ host: url.hostname, port: Number(url.port) });
  const dir = tempDir();
  const clock = manualClock('2026-12-02T09:00:00.000Z');
  const camera = new PosedCamera();
  const site = { clinicId: 'pol-5', clinicName: 'Емхана №5', timeZone: 'Asia/Almaty' };
  const services = openKioskServices({
    dbPath: join(dir, DATABASE_FILE_NAME),
    keys: deriveSubkeys(keyFileProvider(join(dir, 'data.key'), { create: true })),
    config: {
      ...defaultKioskConfig({ ...site, callNumber: '+7 727 300 00 00', deskId: role.name }),
      clinicDatabase: {
        host: '127.0.0.1',
        port: cable.port,
        database: url.pathname.slice(1),
        role: role.role,
        credentialsRef: 'clinic',
        tls: null,
        offlineBudget: { hours: 24, decisions: 500 },
      },
    },
    face: camera,
    rule: RULE,
    modelVersion: MODEL_VERSION,
    gateway: offlineChannel,
    clock,
    scrypt: FAST_SCRYPT,
    outboxIntervalMs: null,
    retentionIntervalMs: null,
    clinicPassword: role.password,
    // Rounds only when the test asks: what the desk knows of the clinic is what it was given.
    clinicIntervalMs: null,
    clinicKeys: keys,
  });
  const admin = services.operators.create(
    { login: `adm-${label}`, displayName: 'A', role: 'admin', secret: 'long enough secret' },
    { operatorId: 'system', deskId: role.name },
  );
  const d: Desk = {
    name: role.name,
    services,
    camera,
    clock,
    cable,
    actor: { operatorId: admin.id, deskId: role.name },
    sync: async () => {
      await services.clinicLink?.sync();
    },
  };
  desks.push(d);
  return d;
}

/** Every audit row of the visit at the desk: event and detail. */
function trail(d: Desk, visitId: string): [string, unknown][] {
  return [...d.services.store.rows.audit.rows()]
    .filter((r) => r.visitId === visitId)
    .map((r) => [r.event, r.detail]);
}

/** Starts a visit, selects the patient and chooses an in-person visit; returns the visit and its view. */
async function inPerson(d: Desk, patientId: string) {
  const { visitId } = d.services.desk.start(d.actor, 'Dr Aida Bekova');
  await d.services.desk.selectPatient(visitId, patientId);
  const view = await d.services.desk.chooseVisitType(visitId, 'in-person');
  return { visitId, view };
}

/** A visit of three failed face attempts (another person in front of the camera), then cancelled. */
async function failFacePath(d: Desk, patientId: string): Promise<void> {
  const { visitId, view } = await inPerson(d, patientId);
  expect(view.phase).toBe('askingConsent');
  await d.services.desk.giveConsent(visitId);
  d.camera.person = structuredClone(bidenAtDesk);
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    const after = await performFacePath({ desk: d.services.desk, camera: d.camera, clock: d.clock }, visitId);
    if (attempt < 3) {
      expect(after.phase).toBe('noMatch');
      await d.services.desk.act(visitId, 'retryFace');
    }
  }
  expect(trail(d, visitId).filter(([event]) => event === 'face_no_match')).toHaveLength(3);
  await d.services.desk.cancel(visitId);
}

/** A visit where the patient refuses the photo: the code path; returns the visit's trail. */
async function codeVisit(d: Desk, patientId: string) {
  const { visitId, view } = await inPerson(d, patientId);
  expect(view.phase).toBe('askingConsent');
  const after = await d.services.desk.refuseConsent(visitId);
  await d.services.desk.cancel(visitId);
  return { phase: after.phase, trail: trail(d, visitId) };
}

/** Two desks of one clinic, a patient with obama's template enrolled at A and pulled by B. */
async function twoDesksWithObama(name: string) {
  const a = await clinicDesk(`${name}-a`);
  const b = await clinicDesk(`${name}-b`);
  const patient = a.services.patients.register(newPatient(), a.actor).id;
  const descriptors = ['obama/obama1.jpg', 'obama/obama2.jpg', 'obama/obama3.jpg'].map((n) =>
    Float32Array.from(obamaPhotos.get(n)?.descriptor ?? []),
  );
  a.services.templates.save(patient, { modelId: RULE.modelId, descriptors }, MODEL_VERSION, a.actor);
  await a.sync();
  await b.sync();
  return { a, b, patient };
}

describeClinic('the limits of a desk in clinic mode', () => {
  it('a patient who failed the face path at desk A is locked at desk B; cut, hung or offline, B decides on its own rows and says so', async () => {
    const { a, b, patient } = await twoDesksWithObama('lock');
    expect(b.services.templates.has(patient)).toBe(true);

    // maxFailures failed attempts at A, over two visits, pushed.
    const visitsAtA = DEFAULT_FACE_LOCK_POLICY.maxFailures / 3;
    for (let i = 0; i < visitsAtA; i += 1) await failFacePath(a, patient);
    await a.sync();
    expect(a.services.clinicLink?.unsent().decisions).toBe(0);
    // A itself is locked now, on its own rows and what the clinic holds (nothing from B).
    const atA = await inPerson(a, patient);
    expect(atA.view).toMatchObject({ codeReason: 'face-locked-today' });
    expect(trail(a, atA.visitId)[0]).toEqual(['face_path_locked', { scope: 'clinic' }]);

    // B has none of those failures in its own rows, and is locked by A's.
    expect(b.services.store.rows.decisions.faceFailuresSince(patient, '2026-12-01T00:00:00.000Z')).toEqual({
      failures: 0,
      last: null,
    });
    const locked = await inPerson(b, patient);
    expect(locked.view).toMatchObject({ codeReason: 'face-locked-today' });
    expect(trail(b, locked.visitId)[0]).toEqual(['face_path_locked', { scope: 'clinic' }]);
    await b.services.desk.cancel(locked.visitId);

    // The clinic hangs: B waits its bound, then its own rows open the face path, and the row says so.
    b.cable.stall();
    const hung = await inPerson(b, patient);
    expect(hung.view.phase).toBe('askingConsent');
    expect(trail(b, hung.visitId)).toEqual([['face_path_opened', { scope: 'desk' }]]);
    await b.services.desk.cancel(hung.visitId);

    // Mended, the next visit asks again on a fresh connection and is locked again.
    await b.cable.restore();
    await b.sync();
    const again = await inPerson(b, patient);
    expect(trail(b, again.visitId)[0]).toEqual(['face_path_locked', { scope: 'clinic' }]);
    await b.services.desk.cancel(again.visitId);

    // The clinic is stopped (every connection dropped, new ones refused): the same.
    await b.cable.cut();
    const cut = await inPerson(b, patient);
    expect(cut.view.phase).toBe('askingConsent');
    expect(trail(b, cut.visitId)).toEqual([['face_path_opened', { scope: 'desk' }]]);
    await b.services.desk.cancel(cut.visitId);

    // Once a round has found the desk offline, the visit does not even try the clinic.
    await b.sync();
    expect(b.services.clinicLink?.state()).toBe('offline');
    const tried = b.cable.connections;
    const offline = await inPerson(b, patient);
    expect(trail(b, offline.visitId)).toEqual([['face_path_opened', { scope: 'desk' }]]);
    expect(b.cable.connections).toBe(tried);
    await b.services.desk.cancel(offline.visitId);
  });

  it("failures at two desks add up: B's own failures on top of A's raise B's flag and lock the face path", async () => {
    const { a, b, patient } = await twoDesksWithObama('sum');
    // Half the failures at A, pushed; the other half at B: neither desk alone reaches the limit.
    await failFacePath(a, patient);
    await a.sync();
    await failFacePath(b, patient);
    expect(
      b.services.store.rows.decisions.faceFailuresSince(patient, '2026-12-01T00:00:00.000Z'),
    ).toMatchObject({ failures: 3 });
    // B's last failure, with A's, makes maxFailures: B raised the supervisor's flag itself.
    expect(b.services.store.rows.flags.open(patient).map((f) => f.kind)).toEqual(['repeated_face_failures']);
    expect(a.services.store.rows.flags.open(patient)).toEqual([]);
    const locked = await inPerson(b, patient);
    expect(locked.view).toMatchObject({ codeReason: 'face-locked-today' });
    expect(trail(b, locked.visitId)[0]).toEqual(['face_path_locked', { scope: 'clinic' }]);
    await b.services.desk.cancel(locked.visitId);
  });

  it("codes sent at desk A count towards desk B's hourly limit, B's own once; cut off, B counts its own", async () => {
    const a = await clinicDesk('codes-a');
    const b = await clinicDesk('codes-b');
    const patient = a.services.patients.register(newPatient(), a.actor).id;
    await a.sync();
    await b.sync();
    const sent = (t: [string, unknown][]) =>
      t.filter(([event]) => event === 'code_sent' || event === 'code_rate_limited');

    expect(sent((await codeVisit(a, patient)).trail)).toEqual([['code_sent', { scope: 'clinic' }]]);
    await a.sync();
    // B: nothing of its own, one at A.
    expect(sent((await codeVisit(b, patient)).trail)).toEqual([['code_sent', { scope: 'clinic' }]]);
    await b.sync();
    // B's pushed code is counted once (its own row), A's once: two, so a third is allowed.
    expect(sent((await codeVisit(b, patient)).trail)).toEqual([['code_sent', { scope: 'clinic' }]]);
    // Two here and one at A are the hour's three: refused, and the row says the clinic's rows decided.
    const refused = await codeVisit(b, patient);
    expect(refused.phase).toBe('codeRateLimited');
    expect(sent(refused.trail)).toEqual([['code_rate_limited', { scope: 'clinic' }]]);

    await b.sync();
    // Cut off from the clinic, B sees only its own two codes: a third goes out, marked so.
    await b.cable.cut();
    const alone = await codeVisit(b, patient);
    expect(alone.trail[0]).toEqual(['face_path_opened', { scope: 'desk' }]);
    expect(sent(alone.trail)).toEqual([['code_sent', { scope: 'desk' }]]);
    // A sees its own one and the two B pushed (B's last is still unsent): refused.
    const next = await codeVisit(a, patient);
    expect(next.phase).toBe('codeRateLimited');
    expect(sent(next.trail)).toEqual([['code_rate_limited', { scope: 'clinic' }]]);
  });
});
