/**
 * The screens when something is missing: no camera on the desk, no phone for the patient, the
 * e-government gateway down. The code then goes on a printed slip, read back from the PDF the
 * recording printer received, and typed in as the patient would read it out.
 */
import { expect, it } from 'vitest';
import { readPdf } from '../core/slip/read-pdf.ts';
import { useTempDir } from '../support/temp-dir.ts';
import { OPERATORS } from './support/kiosk-fixture.ts';
import { useKioskSession } from './support/kiosk-session.ts';
import {
  cancelVisit,
  closeResult,
  enterCode,
  findPatientByIin,
  giveConsent,
  printSlipAndOpenEntry,
  refuseConsent,
  startInPersonVisit,
  waitForResult,
} from './support/kiosk-ui.ts';

const tempDir = useTempDir('e2e-ui-slip');

/** The six digits printed on the last slip (in two groups of three, "480 913"). */
async function codeOnLastSlip(): Promise<string> {
  const pdf = session().fixture.printer.printed.at(-1);
  if (pdf === undefined) throw new Error('nothing was printed');
  const groups = /\b(\d{3}) (\d{3})\b/.exec((await readPdf(pdf)).text);
  if (groups === null) throw new Error('no six-digit code on the slip');
  return `${groups[1]}${groups[2]}`;
}

const session = useKioskSession({
  dir: tempDir,
  prepare: () => null,
  signInAs: { who: OPERATORS.doctor, home: 'doctorHome' },
});

it('says plainly that there is no camera, and the visit can be cancelled', async () => {
  const { kiosk, fixture } = session();
  const patient = fixture.registerPatient({ familyName: 'Камерасыз' });
  await fixture.enrol(patient.id, ['obama/obama.jpg', 'obama/obama_small.jpg', 'obama/obama.jpg@0.75']);
  await findPatientByIin(kiosk, patient.iin);
  await startInPersonVisit(kiosk);
  await giveConsent(kiosk);
  const camera = await kiosk.waitForScreen('camera');
  await camera.getByText('No camera found — check the cable').waitFor();
  await kiosk.screenshotInEveryLanguage('camera-noCamera');
  await kiosk.setLanguage('en');
  await cancelVisit(kiosk);
  await (await kiosk.waitForScreen('visitEnded')).getByRole('button', { name: 'Done' }).click();
  await kiosk.waitForScreen('doctorHome');
});

it('a patient with no phone gets the code on a printed slip, signed off by the registrar', async () => {
  const { kiosk, fixture } = session();
  const patient = fixture.registerPatient({ familyName: 'Телефонсыз', phone: 'none' });
  await findPatientByIin(kiosk, patient.iin);
  await startInPersonVisit(kiosk);
  await refuseConsent(kiosk);
  await kiosk.screenshotInEveryLanguage('codeSent-slip');
  await kiosk.setLanguage('en');
  await printSlipAndOpenEntry(kiosk, OPERATORS.registrar, { screenshot: true });
  await enterCode(kiosk, await codeOnLastSlip());
  await waitForResult(kiosk, 'Identified by the printed code slip');
  await closeResult(kiosk);
});

it('with the gateway down, the doctor falls back to a printed slip', async () => {
  const { kiosk, fixture } = session();
  const patient = fixture.registerPatient({ familyName: 'Шлюзсыз', phone: '+77019998877' });
  fixture.gateway.script({ type: 'status', status: 503 }, 10);
  await findPatientByIin(kiosk, patient.iin);
  await startInPersonVisit(kiosk);
  await refuseConsent(kiosk);
  const failed = await kiosk.waitForScreen('deliveryFailed');
  await kiosk.screenshotInEveryLanguage('deliveryFailed');
  await kiosk.setLanguage('en');
  await failed.getByRole('button', { name: 'Print a code slip' }).click();
  await printSlipAndOpenEntry(kiosk, OPERATORS.registrar);
  await enterCode(kiosk, await codeOnLastSlip());
  await waitForResult(kiosk, 'Identified by the printed code slip');
  expect(fixture.gateway.deliveries.filter((d) => d.to === '+77019998877')).toEqual([]);
  await closeResult(kiosk);
});
