/**
 * The registry flowing down, end to end: a patient registered and enrolled at a registrar desk
 * (its own SQLite file and desk key, its own clinic role, the real engine on committed photos) is
 * pushed, pulled by a doctor desk (another file, key and role) woken by the clinic's NOTIFY, and
 * identified there by a real 1:1 match of fresh webcam-like frames against the pulled template.
 * The clinic holds no IIN and no name; the doctor desk holds everything sealed under its own key.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { unwrapClinicKey, wrapClinicKey } from '../../src/core/clinic/clinic-key.ts';
import { deriveClinicKeys, newClinicKey, type ClinicKeys } from '../../src/core/clinic-sync/clinic-seal.ts';
import { ChangeListener } from '../../src/core/clinic-sync/change-listener.ts';
import { engineAnalyzerPort, type EngineAnalyzerPort } from '../../src/core/face/engine-analyzer-port.ts';
import { FaceEngine } from '../../src/core/face/face-engine.ts';
import { verify } from '../../src/core/face/matcher.ts';
import { ENROLMENT_PHOTOS, photoFrame } from '../e2e/support/kiosk-fixture.ts';
import { describeClinic, useClinicDb } from '../support/clinic-db.ts';
import { CLINIC_MODEL_VERSION, openClinicDesk, type ClinicTestDesk } from '../support/clinic-desk.ts';
import { webcamCaptures } from '../support/desk.ts';
import { MODELS_DIR } from '../support/paths.ts';
import { newPatient } from '../support/registry.ts';
import { useTempDir } from '../support/temp-dir.ts';

const clinic = useClinicDb('registry_sync');
const tempDir = useTempDir('registry-sync');
let engine: EngineAnalyzerPort;
let clinicKeys: ClinicKeys;
const PASSPHRASE = 'clinic key passphrase 2026';
let registrar: ClinicTestDesk;
let doctor: ClinicTestDesk;
let listener: ChangeListener;

beforeAll(async () => {
  engine = engineAnalyzerPort(FaceEngine.start({ modelsDir: MODELS_DIR }));
  await engine.ready();
  // The admin's key, handed to each desk wrapped for it under a passphrase (the provisioning
  // file's form), and opened there: both desks end up with the one clinic key.
  const clinicKey = newClinicKey();
  const handedTo = (desk: string) =>
    deriveClinicKeys(
      unwrapClinicKey(
        JSON.parse(JSON.stringify(wrapClinicKey(clinicKey, PASSPHRASE, desk))),
        PASSPHRASE,
        desk,
      ),
    );
  const registrarRole = await clinic.addDesk('registrar');
  const doctorRole = await clinic.addDesk('doctor');
  registrar = await openClinicDesk(tempDir(), registrarRole, handedTo(registrarRole.name), {
    face: engine,
    withOperators: true,
  });
  clinicKeys = handedTo(doctorRole.name);
  doctor = await openClinicDesk(tempDir(), doctorRole, clinicKeys);
});

afterAll(async () => {
  await listener?.stop();
  await registrar?.services.close();
  await doctor?.services.close();
  await engine?.close();
});

describeClinic('the registry flows from a registrar desk to a doctor desk', () => {
  it('enrolled at the registrar, pushed, pulled on NOTIFY, identified by face at the doctor', async () => {
    const wakes: string[] = [];
    listener = new ChangeListener({
      connect: () => doctor.role.connect(),
      wake: async (reason) => {
        wakes.push(reason);
        return doctor.puller.pull();
      },
      periodMs: null,
    });
    listener.start();
    await expect.poll(() => wakes, { timeout: 10_000 }).toContain('connected');

    const s = registrar.services;
    const input = newPatient({ familyName: 'Обама', givenNames: 'Барак' });
    const patient = s.patients.register(input, registrar.actor);
    const capture = s.captures.start(patient.id, patient.id, registrar.actor);
    for (const photo of ENROLMENT_PHOTOS.obama) {
      const progress = await s.captures.addFrame(capture, await photoFrame(photo), registrar.actor);
      expect(progress.guidance).toEqual([]);
    }
    expect(s.captures.finish(capture, registrar.actor).outcome).toBe('enrolled');
    s.languages.remember(patient.id, 'kk');

    const pushed = await registrar.pusher.push();
    // Two operators, the patient, the consent, the template, the language change.
    expect(pushed).toMatchObject({ pushed: 6, applied: 6, rejected: [], pending: 0 });

    // No pull by hand: the clinic's NOTIFY wakes the doctor desk.
    await expect.poll(() => doctor.services.patients.exists(patient.id), { timeout: 10_000 }).toBe(true);
    expect(wakes).toContain('notified');
    await expect.poll(() => doctor.services.templates.has(patient.id), { timeout: 10_000 }).toBe(true);

    const there = doctor.services.patients.get(patient.id);
    expect(there).toMatchObject({
      iin: input.iin,
      familyName: 'Обама',
      givenNames: 'Барак',
      birthDate: input.birthDate,
      phone: input.phone,
    });
    expect(doctor.services.patients.findByIin(input.iin)?.id).toBe(patient.id);
    await expect.poll(() => doctor.services.languages.of(patient.id), { timeout: 10_000 }).toBe('kk');
    expect(doctor.services.consents.isGiven(patient.id)).toBe(true);

    // The pulled template opens under the doctor desk's own key, and matches fresh frames of him
    // (a real 1:1 match), not of someone else.
    const rule = doctor.services.rule;
    const template = doctor.services.templates.load(patient.id, rule.modelId, CLINIC_MODEL_VERSION);
    const probes = (frames: Awaited<ReturnType<typeof webcamCaptures>>) =>
      frames.map((f) => ({ descriptor: f.descriptor as number[], quality: f.quality }));
    expect(verify(template, probes(await webcamCaptures('obama/obama.jpg')), rule).outcome).toBe('match');
    expect(verify(template, probes(await webcamCaptures('biden/biden.jpg')), rule).outcome).toBe('no_match');
    // And the doctor desk's 1:N index (the duplicate check at enrolment) holds the pulled face.
    expect(doctor.services.index.size).toBe(1);

    // The registrar's account works at the doctor's desk.
    const login = registrar.operators?.registrar.login as string;
    expect(doctor.services.operators.authenticate(login, 'registrar secret 1', doctor.role.name).id).toBe(
      registrar.operators?.registrar.id,
    );

    // The doctor desk wrote no ops of its own: pulled rows are not pushed back.
    expect(doctor.services.store.rows.clinicOps.pendingCount()).toBe(0);
    expect(doctor.services.store.rows.clinicPull.issues()).toEqual([]);
  });

  it('holds no IIN, name or phone at the clinic: only ciphertext and keyed hashes', async () => {
    const db = await clinic.superuser();
    const tables = await db.query<{ name: string }>(
      "SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'tanu'",
    );
    let dump = '';
    for (const { name } of tables.rows) {
      const rows = await db.query<{ r: string }>(`SELECT t::text AS r FROM tanu.${name} t`);
      dump += rows.rows.map((row) => row.r).join('\n');
    }
    const patient = registrar.services.patients.findByName({ familyName: 'Обама' })[0];
    expect(patient).toBeDefined();
    expect(dump.length).toBeGreaterThan(1000);
    expect(dump).toContain(patient?.id);
    for (const secret of [patient?.iin, 'Обама', 'Барак', patient?.phone.replace('+', '')])
      expect(dump).not.toContain(secret);
  });
});
