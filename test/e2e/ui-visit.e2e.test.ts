/**
 * The doctor's visit through the screens: the built renderer in Chromium, the real router, engine
 * and database behind it, the fake gateway for codes and a fake webcam playing a head turn of real
 * photos. Each screen the visit passes is saved in kk, ru and en under artifacts/screens/.
 */
import { afterEach, beforeAll, expect, it } from 'vitest';
import { useTempDir } from '../support/temp-dir.ts';
import { HEAD_TURN_LIVENESS, obamaHeadTurnY4m, TURNS_CHALLENGE_RANDOM } from './support/head-turn.ts';
import { ENROLMENT_PHOTOS, OPERATORS } from './support/kiosk-fixture.ts';
import { useKioskSession } from './support/kiosk-session.ts';
import {
  backToDoctorHome,
  closeResult,
  enterCode,
  explainedByAudit,
  findPatientByIin,
  giveConsent,
  openCodeEntry,
  refuseConsent,
  signInThroughUi,
  startInPersonVisit,
  waitForResult,
} from './support/kiosk-ui.ts';

const tempDir = useTempDir('e2e-ui-visit');
const PHONE = '+77011112233';
const triesLeftText = (n: number) => `Tries left: ${n}`;

let iin: string;

const session = useKioskSession({
  dir: tempDir,
  fixture: { random: TURNS_CHALLENGE_RANDOM, liveness: HEAD_TURN_LIVENESS },
  prepare: async (fixture) => {
    const patient = fixture.registerPatient({ familyName: 'Обама', givenNames: 'Барак', phone: PHONE });
    iin = patient.iin;
    await fixture.enrol(patient.id, ENROLMENT_PHOTOS.obama);
    return obamaHeadTurnY4m(fixture.face);
  },
});

// A failed test leaves its visit open; the next one starts from the doctor's home regardless.
afterEach(async (context) => {
  if (context.task.result?.state === 'fail') await backToDoctorHome(session().kiosk);
});

// The sign-in and home screens are saved on the way in.
beforeAll(async () => {
  const { kiosk } = session();
  await kiosk.waitForScreen('signIn');
  await kiosk.screenshotInEveryLanguage('signIn');
  await kiosk.setLanguage('en');
  await signInThroughUi(kiosk, OPERATORS.doctor);
  await kiosk.waitForScreen('doctorHome');
  await kiosk.screenshotInEveryLanguage('doctorHome');
  await kiosk.setLanguage('en');
});

it('consent, a head turn at the camera, and the patient is identified by face', async () => {
  const { kiosk, fixture } = session();
  await findPatientByIin(kiosk, iin);
  await kiosk.waitForScreen('patientConfirm');
  await kiosk.screenshotInEveryLanguage('patientConfirm');
  await kiosk.setLanguage('en');
  await startInPersonVisit(kiosk);
  await kiosk.screenshotInEveryLanguage('consent');
  await kiosk.setLanguage('en');
  // The camera opens on the face screen, which starts the clip from its frontal part.
  await giveConsent(kiosk);
  const camera = await kiosk.waitForScreen('camera');
  // Saved in English only: the clip does not wait while the language changes.
  await camera.getByText('Slowly turn your head to your left').waitFor();
  await kiosk.screenshot('en', 'camera');
  await explainedByAudit(fixture, waitForResult(kiosk, 'Identified by face', 30_000));
  await kiosk.screenshotInEveryLanguage('result');
  await kiosk.setLanguage('en');
  await closeResult(kiosk);
});

it('a refused consent sends a code through the gateway, and typing it identifies the patient', async () => {
  const { kiosk, fixture } = session();
  await findPatientByIin(kiosk, iin);
  await startInPersonVisit(kiosk);
  await refuseConsent(kiosk);
  await kiosk.waitForScreen('codeSent');
  await kiosk.screenshotInEveryLanguage('codeSent');
  await kiosk.setLanguage('en');
  await openCodeEntry(kiosk);
  await kiosk.screenshotInEveryLanguage('codeEntry');
  await kiosk.setLanguage('en');
  const code = fixture.lastCodeSentTo(PHONE);
  expect(code).toMatch(/^\d{6}$/);
  await enterCode(kiosk, code ?? '');
  await waitForResult(kiosk, 'Identified by code');
  await closeResult(kiosk);
});

it("a child's code goes to the parent linked in the record", async () => {
  const { kiosk, fixture } = session();
  const parentPhone = '+77024445566';
  const parent = fixture.registerPatient({ familyName: 'Ата-Ана', phone: parentPhone });
  const child = fixture.registerPatient({ familyName: 'Бала', birthDate: '2019-03-14', phone: 'none' });
  fixture.linkParent(child.id, parent.id);
  await findPatientByIin(kiosk, child.iin);
  await startInPersonVisit(kiosk);
  await refuseConsent(kiosk);
  const sent = await kiosk.waitForScreen('codeSent');
  await sent.getByText("The code was sent to the representative's phone:").waitFor();
  await kiosk.screenshotInEveryLanguage('codeSent-representative');
  await kiosk.setLanguage('en');
  await openCodeEntry(kiosk);
  await enterCode(kiosk, fixture.lastCodeSentTo(parentPhone) ?? '');
  await waitForResult(kiosk, 'Identified through the representative');
  await closeResult(kiosk);
});

it('five wrong codes lock the visit', async () => {
  const { kiosk, fixture } = session();
  await findPatientByIin(kiosk, iin);
  await startInPersonVisit(kiosk);
  await refuseConsent(kiosk);
  await openCodeEntry(kiosk);
  const right = fixture.lastCodeSentTo(PHONE) ?? '';
  const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
  for (let left = 4; left >= 0; left -= 1) {
    await enterCode(kiosk, wrong);
    // Each wrong code is answered before the next is typed: the hint counts down.
    if (left > 0) await kiosk.screen('codeEntry').getByText(triesLeftText(left)).waitFor();
  }
  const locked = await kiosk.waitForScreen('codeLocked');
  await locked.getByRole('heading', { name: 'Too many wrong codes' }).waitFor();
  await kiosk.screenshotInEveryLanguage('codeLocked');
});
