/**
 * The code path through window.kiosk, without the screens: a refused consent sends a code through
 * the fake gateway, and the code read back from what the gateway received identifies the patient;
 * five wrong codes lock the visit. The UI scenarios drive the same steps through the screens.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { IpcResult } from '../../src/shared/ipc/contract-kit.ts';
import type { VisitView } from '../../src/shared/visit-view.ts';
import { useTempDir } from '../support/temp-dir.ts';
import { OPERATORS, openKioskFixture, type KioskFixture } from './support/kiosk-fixture.ts';
import { KioskPage, launchKioskBrowser } from './support/kiosk-page.ts';
import { rendererDir } from './support/renderer-dir.ts';
import { startStaticServer, type StaticServer } from './support/static-server.ts';

const tempDir = useTempDir('e2e-code-path');
const PHONE = '+77017654321';

let server: StaticServer;
let fixture: KioskFixture;
let browser: Browser;
let kiosk: KioskPage;
let patientId: string;

function view(result: IpcResult<VisitView>): VisitView {
  if (!result.ok) throw new Error(`the call failed: ${result.code}`);
  return result.value;
}

/** A visit for the patient who refuses the camera: it goes straight to a code sent to their phone. */
async function refusedConsentVisit(): Promise<string> {
  const { visitId } = view(await kiosk.call('visitStart'));
  view(await kiosk.call('visitSelectPatient', { visitId, patientId }));
  view(await kiosk.call('visitChooseType', { visitId, visitType: 'in-person' }));
  const refused = view(await kiosk.call('visitConsent', { visitId, given: false }));
  expect(refused).toMatchObject({ phase: 'codeSent', codeReason: 'consent-refused', channel: 'patient' });
  expect(refused.destination).toMatch(/^\+7 7\*\* \*\*\* \d\d \d\d$/);
  expect(view(await kiosk.call('visitAct', { visitId, action: 'beginEntry' }))).toMatchObject({
    phase: 'codeEntry',
    triesLeft: 5,
  });
  return visitId;
}

beforeAll(async () => {
  server = await startStaticServer(rendererDir());
  fixture = await openKioskFixture({ dir: tempDir(), trustedOrigin: server.origin });
  patientId = fixture.registerPatient({ phone: PHONE }).id;
  browser = await launchKioskBrowser({ camera: null });
  kiosk = await KioskPage.open(browser, { router: fixture.router, url: server.indexUrl });
  const { login, secret } = OPERATORS.doctor;
  await expect(kiosk.call('sessionSignIn', { login, secret })).resolves.toMatchObject({ ok: true });
});

afterAll(async () => {
  await browser?.close();
  await fixture?.close();
  await server?.close();
});

it('a refused consent sends a code through the gateway, and that code identifies the patient', async () => {
  const visitId = await refusedConsentVisit();
  const code = fixture.lastCodeSentTo(PHONE);
  expect(code).toMatch(/^\d{6}$/);
  expect(view(await kiosk.call('visitSubmitCode', { visitId, code: code ?? '' }))).toMatchObject({
    phase: 'identified',
    method: 'code',
  });
  kiosk.assertClean();
});

it('five wrong codes lock the visit', async () => {
  const visitId = await refusedConsentVisit();
  const right = fixture.lastCodeSentTo(PHONE) ?? '';
  const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
  const tries: (number | null)[] = [];
  let last: VisitView | null = null;
  for (let i = 0; i < 5; i += 1) {
    last = view(await kiosk.call('visitSubmitCode', { visitId, code: wrong }));
    tries.push(last.triesLeft);
  }
  expect(tries).toEqual([4, 3, 2, 1, null]);
  expect(last?.phase).toBe('codeLocked');
  await expect(kiosk.call('visitSubmitCode', { visitId, code: right })).resolves.toEqual({
    ok: false,
    code: 'VISIT_ENDED',
  });
  kiosk.assertClean();
});
