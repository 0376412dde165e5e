/**
 * The whole face path through the camera, without the screens: the fake webcam plays a head turn
 * made of three real photos of one person (frontal, turned left, turned right), the page streams
 * its frames through window.kiosk, and the real engine, liveness session and matcher identify
 * the enrolled patient.
 *
 * One setting differs from the app, for the clip and not for the engine (see head-turn.ts): the
 * challenge is pinned to [turnLeft, turnRight], since a photo cannot blink. The liveness settings
 * are the app's own.
 */
import { expect, it } from 'vitest';
import { useTempDir } from '../support/temp-dir.ts';
import { HEAD_TURN_LIVENESS, obamaHeadTurnY4m, TURNS_CHALLENGE_RANDOM } from './support/head-turn.ts';
import { ENROLMENT_PHOTOS, OPERATORS } from './support/kiosk-fixture.ts';
import { useKioskSession } from './support/kiosk-session.ts';
import { openCamera, streamCameraFrames } from './support/page-camera.ts';

const tempDir = useTempDir('e2e-face-path');

let patientId: string;

const session = useKioskSession({
  dir: tempDir,
  fixture: { random: TURNS_CHALLENGE_RANDOM, liveness: HEAD_TURN_LIVENESS },
  prepare: async (fixture) => {
    patientId = fixture.registerPatient({ familyName: 'Обама', givenNames: 'Барак' }).id;
    await fixture.enrol(patientId, ENROLMENT_PHOTOS.obama);
    return obamaHeadTurnY4m(fixture.face);
  },
});

it('a head turn seen by the webcam passes the challenge and the real matcher identifies the patient', async () => {
  const { kiosk, fixture } = session();
  const { login, secret } = OPERATORS.doctor;
  await expect(kiosk.call('sessionSignIn', { login, secret })).resolves.toMatchObject({ ok: true });
  const started = await kiosk.call('visitStart');
  if (!started.ok) throw new Error(started.code);
  const { visitId } = started.value;
  await kiosk.call('visitSelectPatient', { visitId, patientId });
  await kiosk.call('visitChooseType', { visitId, visitType: 'in-person' });
  await expect(kiosk.call('visitConsent', { visitId, given: true })).resolves.toMatchObject({
    value: { phase: 'faceGuidance' },
  });
  // The clip starts when the camera opens, so its frontal part meets the calibration.
  await expect(openCamera(kiosk.page)).resolves.toMatchObject({ ok: true });

  const { steps, last } = await streamCameraFrames(kiosk.page, visitId, 20_000);
  const why = fixture.runtime
    .services()
    .store.connection.prepare(`SELECT event, detail FROM audit_log WHERE visit_id = ? ORDER BY seq`)
    .all(visitId);
  const trace = [...steps.map((s) => `${s.atMs}ms ${s.phase} ${s.prompt ?? ''}`), JSON.stringify(why)].join(
    '\n',
  );
  expect(
    steps.map((s) => s.prompt ?? s.phase),
    trace,
  ).toEqual(['0:turnLeft', '1:turnRight', 'identified']);
  expect(last).toMatchObject({
    ok: true,
    value: { phase: 'identified', method: 'face', notificationQueued: true },
  });

  const events = fixture.runtime
    .services()
    .store.connection.prepare(`SELECT event FROM audit_log WHERE visit_id = ? ORDER BY seq`)
    .pluck()
    .all(visitId);
  expect(events).toEqual(expect.arrayContaining(['consent_given', 'liveness_passed', 'face_match']));
});
