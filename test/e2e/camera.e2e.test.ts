/**
 * Camera → IPC → real engine, without the screens: Chromium's fake webcam plays a .y4m made by
 * ffmpeg from a committed photo; the page grabs frames to a canvas and sends them through
 * window.kiosk to the real router, the real visit desk and the real face engine. And what a
 * machine without a camera (or without the permission) gives the renderer.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VisitView } from '../../src/shared/visit-view.ts';
import type { IpcResult } from '../../src/shared/ipc/contract-kit.ts';
import { FACE_FIXTURES } from '../support/paths.ts';
import { useTempDir } from '../support/temp-dir.ts';
import { TURNS_CHALLENGE_RANDOM } from './support/head-turn.ts';
import { ENROLMENT_PHOTOS, OPERATORS } from './support/kiosk-fixture.ts';
import { KioskPage, launchKioskBrowser } from './support/kiosk-page.ts';
import { useKioskSession } from './support/kiosk-session.ts';
import { closeCamera, openCamera, submitCameraFrame, videoInputs } from './support/page-camera.ts';
import { rendererDir } from './support/renderer-dir.ts';
import { startStaticServer, type StaticServer } from './support/static-server.ts';
import { photoY4m } from './support/y4m.ts';

const tempDir = useTempDir('e2e-camera');

function valueOf<T>(result: IpcResult<T>, step: string): T {
  if (!result.ok) throw new Error(`${step} failed: ${result.code}`);
  return result.value;
}

describe('with a webcam showing an enrolled patient', () => {
  let y4m: string;
  let patientId: string;

  const session = useKioskSession({
    dir: tempDir,
    fixture: { random: TURNS_CHALLENGE_RANDOM },
    prepare: async (fixture) => {
      patientId = fixture.registerPatient({ familyName: 'Обама', givenNames: 'Барак' }).id;
      await fixture.enrol(patientId, ENROLMENT_PHOTOS.obama);
      y4m = await photoY4m(join(FACE_FIXTURES, 'obama', 'obama.jpg'));
      return y4m;
    },
  });

  it('sends real webcam frames through window.kiosk to the real engine, which finds the face', async () => {
    const { kiosk, fixture } = session();
    const opened = await openCamera(kiosk.page);
    expect(opened).toEqual({ ok: true, camera: { label: y4m, width: 640, height: 480 } });

    const { login, secret } = OPERATORS.doctor;
    valueOf(await kiosk.call('sessionSignIn', { login, secret }), 'session:signIn');
    const { visitId } = valueOf(await kiosk.call('visitStart'), 'visit:start');
    valueOf(await kiosk.call('visitSelectPatient', { visitId, patientId }), 'visit:selectPatient');
    valueOf(await kiosk.call('visitChooseType', { visitId, visitType: 'in-person' }), 'visit:chooseType');
    const consented = valueOf(await kiosk.call('visitConsent', { visitId, given: true }), 'visit:consent');
    expect(consented.phase).toBe('faceGuidance');

    // A frontal, sharp, well-lit face passes the quality gate at once: the liveness check starts.
    const view: VisitView = valueOf(await submitCameraFrame(kiosk.page, visitId), 'visit:submitFrame');
    expect(view).toMatchObject({
      visitId,
      phase: 'liveness',
      guidance: [],
      liveness: { action: 'turnLeft', step: 0, steps: 2 },
    });
    // Frames crossed the binding as Uint8Array, as Electron's structured clone delivers them: the
    // request schema (z.instanceof(Uint8Array)) took them, and nothing failed inside.
    expect(fixture.routerLog.warn.filter((line) => line.includes('visit:submitFrame'))).toEqual([]);
    expect(fixture.routerLog.error).toEqual([]);

    await expect(kiosk.call('visitCancel', { visitId })).resolves.toMatchObject({
      ok: true,
      value: { phase: 'cancelled' },
    });
    await closeCamera(kiosk.page);
  });

  it('getUserMedia fails with NotAllowedError when the camera permission is not granted', async () => {
    const { browser, fixture, server } = session();
    const denied = await KioskPage.open(browser, { router: fixture.router, url: server.indexUrl });
    try {
      await expect(openCamera(denied.page)).resolves.toEqual({
        ok: false,
        name: 'NotAllowedError',
        message: 'Permission denied',
      });
    } finally {
      await denied.close();
    }
  });
});

describe('on a machine without a camera', () => {
  let server: StaticServer;
  let browser: Browser;
  const noRouter = { dispatch: () => Promise.resolve({ ok: false as const, code: 'INTERNAL' }) };

  beforeAll(async () => {
    server = await startStaticServer(rendererDir());
    browser = await launchKioskBrowser({ camera: null });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('getUserMedia fails with NotFoundError even with the permission granted', async () => {
    const page = await KioskPage.open(browser, {
      router: noRouter,
      url: server.indexUrl,
      cameraOrigin: server.origin,
    });
    try {
      await expect(videoInputs(page.page)).resolves.toEqual([]);
      await expect(openCamera(page.page)).resolves.toEqual({
        ok: false,
        name: 'NotFoundError',
        message: 'Requested device not found',
      });
    } finally {
      await page.close();
    }
  });
});
