/**
 * Someone else in the chair: the patient on record is enrolled with Biden's portraits, Obama sits
 * at the webcam and follows the prompts. Liveness passes (a live person), the match does not, the
 * doctor falls back to a code, and the visit is identified by code. Camera tracks are stopped when
 * the camera screen is left. Runs with the
 * head-turn clip's liveness configuration (the product's, with more time per action).
 */
import { expect, it } from 'vitest';
import { useTempDir } from '../support/temp-dir.ts';
import { HEAD_TURN_LIVENESS, obamaHeadTurnY4m, TURNS_CHALLENGE_RANDOM } from './support/head-turn.ts';
import { ENROLMENT_PHOTOS, OPERATORS } from './support/kiosk-fixture.ts';
import { useKioskSession } from './support/kiosk-session.ts';
import { cameraState, watchCameraStreams } from './support/stream-watch.ts';
import {
  enterCode,
  findPatientByIin,
  giveConsent,
  openCodeEntry,
  startInPersonVisit,
  waitForResult,
} from './support/kiosk-ui.ts';

const tempDir = useTempDir('e2e-ui-no-match');
const PHONE = '+77015556677';

let iin: string;

const session = useKioskSession({
  dir: tempDir,
  fixture: { random: TURNS_CHALLENGE_RANDOM, liveness: HEAD_TURN_LIVENESS },
  prepare: async (fixture) => {
    const patient = fixture.registerPatient({ familyName: 'Байден', givenNames: 'Джозеф', phone: PHONE });
    iin = patient.iin;
    await fixture.enrol(patient.id, ENROLMENT_PHOTOS.biden);
    return obamaHeadTurnY4m(fixture.face);
  },
  signInAs: { who: OPERATORS.doctor, home: 'doctorHome' },
});

it('another person at the camera: live, but no match → the doctor uses a code → identified by code', async () => {
  const { kiosk, fixture } = session();
  await findPatientByIin(kiosk, iin);
  await startInPersonVisit(kiosk);
  await watchCameraStreams(kiosk.page);
  await giveConsent(kiosk);
  await kiosk.waitForScreen('camera');
  // While the camera screen is up the watcher sees the live track (so "0 live" below means stopped).
  await expect.poll(async () => (await cameraState(kiosk.page)).live, { timeout: 15_000 }).toBeGreaterThan(0);
  const noMatch = await kiosk.waitForScreen('noMatch', 40_000);
  await noMatch.getByText('Attempts left: 2').waitFor();
  await kiosk.screenshotInEveryLanguage('noMatch');
  await kiosk.setLanguage('en');
  // Off the camera screen: every track the page opened has been stopped, no preview is left.
  const camera = await cameraState(kiosk.page);
  expect(camera.opened).toBeGreaterThan(0);
  expect(camera).toMatchObject({ live: 0, showing: 0 });
  // The trail: the live person passed the challenge, the face did not match the record.
  const events = fixture.runtime
    .services()
    .store.connection.prepare(
      "SELECT event FROM audit_log WHERE event IN ('liveness_passed', 'face_no_match', 'face_match')",
    )
    .pluck()
    .all();
  expect(events).toEqual(['liveness_passed', 'face_no_match']);
  await noMatch.getByRole('button', { name: 'Use a code instead' }).click();
  await openCodeEntry(kiosk);
  await enterCode(kiosk, fixture.lastCodeSentTo(PHONE) ?? '');
  await waitForResult(kiosk, 'Identified by code');
});
