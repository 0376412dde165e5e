/**
 * The same face enrolled under two IINs at two desks that have not seen each other's enrolment
 * (issue 15), against the real clinic database with the real engine on committed photos: each
 * desk's own 1:N check passes, and the pull that brings the other's template finds the pair. The
 * clinic ends with one duplicate_face flag for it, both records are flagged at both desks, and a
 * different person enrolled at the other desk flags nothing.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { deriveClinicKeys, newClinicKey } from '../../src/core/clinic-sync/clinic-seal.ts';
import { engineAnalyzerPort, type EngineAnalyzerPort } from '../../src/core/face/engine-analyzer-port.ts';
import { FaceEngine } from '../../src/core/face/face-engine.ts';
import { ENROLMENT_PHOTOS, photoFrame } from '../e2e/support/kiosk-fixture.ts';
import { describeClinic, useClinicDb } from '../support/clinic-db.ts';
import { openClinicDesk, type ClinicTestDesk } from '../support/clinic-desk.ts';
import { MODELS_DIR } from '../support/paths.ts';
import { newPatient } from '../support/registry.ts';
import { useTempDir } from '../support/temp-dir.ts';

const clinic = useClinicDb('cross_desk_duplicates');
const tempDir = useTempDir('cross-desk-duplicates');
let engine: EngineAnalyzerPort;
let a: ClinicTestDesk;
let b: ClinicTestDesk;

/** Registers a new patient at the desk and enrols the person's committed photos; their id. */
async function enrolAt(desk: ClinicTestDesk, person: keyof typeof ENROLMENT_PHOTOS): Promise<string> {
  const s = desk.services;
  const patient = s.patients.register(newPatient(), desk.actor);
  const capture = s.captures.start(patient.id, patient.id, desk.actor);
  for (const photo of ENROLMENT_PHOTOS[person])
    await s.captures.addFrame(capture, await photoFrame(photo), desk.actor);
  expect(s.captures.finish(capture, desk.actor).outcome).toBe('enrolled');
  return patient.id;
}

/**
 * Push then pull at each desk in turn, three times: the second desk finds the pair on its first
 * pull, the first desk on its second, and each one's report reaches the clinic on its next push.
 */
async function syncBoth(): Promise<void> {
  for (let round = 0; round < 3; round += 1) {
    for (const desk of [a, b]) {
      await desk.pusher.push();
      await desk.puller.pull();
    }
  }
}

const faceFlags = async (): Promise<{ patient_id: string; other_patient_id: string }[]> => {
  const db = await clinic.superuser();
  return (
    await db.query<{ patient_id: string; other_patient_id: string }>(
      "SELECT patient_id, other_patient_id FROM tanu.flags WHERE kind = 'duplicate_face' ORDER BY id",
    )
  ).rows;
};

const auditedAt = (desk: ClinicTestDesk): unknown[] =>
  desk.services.store.connection
    .prepare("SELECT patient_id FROM audit_log WHERE event = 'duplicate_face_across_desks' ORDER BY seq")
    .pluck()
    .all();

beforeAll(async () => {
  engine = engineAnalyzerPort(FaceEngine.start({ modelsDir: MODELS_DIR }));
  await engine.ready();
  const keys = deriveClinicKeys(newClinicKey());
  a = await openClinicDesk(tempDir(), await clinic.addDesk('desk-a'), keys, {
    face: engine,
    withOperators: true,
  });
  b = await openClinicDesk(tempDir(), await clinic.addDesk('desk-b'), keys, {
    face: engine,
    withOperators: true,
  });
});

afterAll(async () => {
  for (const desk of [a, b]) await desk?.services.close();
  await engine?.close();
});

describeClinic('the same face enrolled under two IINs at two desks at once', () => {
  it('gets one flag at the clinic and both records flagged at both desks; another face, none', async () => {
    // Neither desk has pulled the other's enrolment: each one's own 1:N check passes.
    const atA = await enrolAt(a, 'obama');
    const atB = await enrolAt(b, 'obama');
    await syncBoth();

    // Both desks found the pair and reported it; the clinic keeps one flag for it.
    const [first, second] = atA < atB ? [atA, atB] : [atB, atA];
    expect(await faceFlags()).toEqual([{ patient_id: first, other_patient_id: second }]);
    for (const desk of [a, b]) {
      expect(desk.services.store.rows.flags.open(atA)).toMatchObject([
        { kind: 'duplicate_face', otherPatientId: atB },
      ]);
      expect(desk.services.store.rows.flags.open(atB)).toMatchObject([
        { kind: 'duplicate_face', otherPatientId: atA },
      ]);
      expect(auditedAt(desk).toSorted()).toEqual([atA, atB].toSorted());
      // The report went up and was applied (the second desk's report of the pair changed nothing).
      expect(desk.pusher.rejected()).toEqual([]);
      expect(desk.pusher.pendingCount()).toBe(0);
    }

    // What the admin's screen reads: the pair, once, from either desk.
    for (const desk of [a, b]) {
      expect(await (await desk.role.api()).duplicates()).toMatchObject([
        { kind: 'duplicate_face', patientId: first, otherPatientId: second },
      ]);
    }

    // A different person at the other desk: no flag anywhere.
    const biden = await enrolAt(b, 'biden');
    await syncBoth();
    expect(a.services.templates.has(biden)).toBe(true);
    expect(await faceFlags()).toHaveLength(1);
    for (const desk of [a, b]) {
      expect(desk.services.store.rows.flags.open(biden)).toEqual([]);
      expect(auditedAt(desk)).toHaveLength(2);
    }
  });
});
