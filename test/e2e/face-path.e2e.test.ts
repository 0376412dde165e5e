/**
 * The whole face path through the camera, without the screens: the fake webcam plays a head turn
 * made of three real photos of one person (frontal, turned left, turned right), the page streams
 * its frames through window.kiosk, and the real engine, liveness session and matcher identify
 * the enrolled patient.
 *
 * Two settings differ from the app, both for the clip and not for the engine (see head-turn.ts):
 * the challenge is pinned to [turnLeft, turnRight], since a photo cannot blink; and the continuity
 * check allows a descriptor distance of 0.55 instead of 0.45, because the three photos were taken
 * on different days, unlike the frames of one live session.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FACE_FIXTURES } from '../support/paths.ts';
import { useTempDir } from '../support/temp-dir.ts';
import { HEAD_TURN_LIVENESS, headTurnY4m, TURNS_CHALLENGE_RANDOM } from './support/head-turn.ts';
import { ENROLMENT_PHOTOS, OPERATORS, openKioskFixture, type KioskFixture } from './support/kiosk-fixture.ts';
import { KioskPage, launchKioskBrowser } from './support/kiosk-page.ts';
import { openCamera, streamCameraFrames } from './support/page-camera.ts';
import { rendererDir } from './support/renderer-dir.ts';
import { startStaticServer, type StaticServer } from './support/static-server.ts';

const tempDir = useTempDir('e2e-face-path');
const obama = (name: string) => join(FACE_FIXTURES, 'obama', name);

let server: StaticServer;
let fixture: KioskFixture;
let browser: Browser;
let kiosk: KioskPage;
let patientId: string;

beforeAll(async () => {
  server = await startStaticServer(rendererDir());
  fixture = await openKioskFixture({
    dir: tempDir(),
    trustedOrigin: server.origin,
    random: TURNS_CHALLENGE_RANDOM,
    liveness: HEAD_TURN_LIVENESS,
  });
  patientId = fixture.registerPatient({ familyName: 'Обама', givenNames: 'Барак' }).id;
  await fixture.enrol(patientId, ENROLMENT_PHOTOS.obama);
  const clip = await headTurnY4m(fixture.face, {
    frontal: obama('obama.jpg'),
    left: obama('obama1.jpg'),
    right: obama('obama2.jpg'),
  });
  browser = await launchKioskBrowser({ camera: clip });
  kiosk = await KioskPage.open(browser, {
    router: fixture.router,
    url: server.indexUrl,
    cameraOrigin: server.origin,
  });
});

afterAll(async () => {
  await browser?.close();
  await fixture?.close();
  await server?.close();
});

it('a head turn seen by the webcam passes the challenge and the real matcher identifies the patient', async () => {
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
  const trace = steps.map((s) => `${s.atMs}ms ${s.phase} ${s.prompt ?? ''}`).join('\n');
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
    .db.prepare(`SELECT event FROM audit_log WHERE visit_id = ? ORDER BY seq`)
    .pluck()
    .all(visitId);
  expect(events).toEqual(expect.arrayContaining(['consent_given', 'liveness_passed', 'face_match']));
  kiosk.assertClean();
});
