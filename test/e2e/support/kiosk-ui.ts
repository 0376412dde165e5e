/**
 * Steps of the desk's screens, driven the way a person does: by the English accessible names
 * (labels, button texts) and the screens' data-screen roots. Each step waits for the screen it
 * starts on, so a spec reads as the visit goes. Call `kiosk.setLanguage('en')` first: the kiosk
 * starts in Kazakh.
 */
import type { Locator } from 'playwright-core';
import type { KioskFixture } from './kiosk-fixture.ts';
import type { KioskPage } from './kiosk-page.ts';

export interface Credentials {
  login: string;
  secret: string;
}

export async function signInThroughUi(kiosk: KioskPage, who: Credentials): Promise<void> {
  const screen = await kiosk.waitForScreen('signIn');
  await screen.getByLabel('Login').fill(who.login);
  await screen.getByLabel('Password').fill(who.secret);
  await screen.getByRole('button', { name: 'Sign in' }).click();
}

/** From the doctor's home: the IIN search opens the one patient it finds. */
export async function findPatientByIin(kiosk: KioskPage, iin: string): Promise<void> {
  const screen = await kiosk.waitForScreen('doctorHome');
  await screen.getByLabel('IIN', { exact: true }).fill(iin);
  await screen.getByRole('button', { name: 'Find by IIN' }).click();
}

/** Confirm the record, then "In person": the visit reaches the consent question. */
export async function startInPersonVisit(kiosk: KioskPage): Promise<void> {
  await (
    await kiosk.waitForScreen('patientConfirm')
  )
    .getByRole('button', { name: 'Start identification' })
    .click();
  await (await kiosk.waitForScreen('visitType')).getByRole('button', { name: 'In person' }).click();
  await kiosk.waitForScreen('consent');
}

export async function giveConsent(kiosk: KioskPage): Promise<void> {
  await (await kiosk.waitForScreen('consent')).getByRole('button', { name: 'Yes, take a photo' }).click();
}

/** "No, send me a code", then the confirming "Send me a code" (the reason is optional). */
export async function refuseConsent(kiosk: KioskPage): Promise<void> {
  const screen = await kiosk.waitForScreen('consent');
  await screen.getByRole('button', { name: 'No, send me a code' }).click();
  await screen.getByRole('button', { name: 'Send me a code' }).click();
}

/** From "Code sent": open the entry and type `code`. */
export async function enterCode(kiosk: KioskPage, code: string): Promise<void> {
  const screen = await kiosk.waitForScreen('codeEntry');
  await screen.getByLabel('Six-digit code').fill(code);
  await screen.getByRole('button', { name: 'Check code' }).click();
}

export async function openCodeEntry(kiosk: KioskPage): Promise<void> {
  await (await kiosk.waitForScreen('codeSent')).getByRole('button', { name: 'Enter the code' }).click();
  await kiosk.waitForScreen('codeEntry');
}

/**
 * From "Print the code slip": print it, open the code entry, and have the second operator (a
 * registrar, with their own login and password) sign the slip visit off.
 */
export async function printSlipAndOpenEntry(
  kiosk: KioskPage,
  second: { login: string; secret: string },
  options: { screenshot?: boolean } = {},
): Promise<void> {
  const screen = await kiosk.waitForScreen('codeSent');
  await screen.getByRole('heading', { name: 'Print the code slip' }).waitFor();
  await screen.getByRole('button', { name: 'Print the slip' }).click();
  await screen.getByText('The slip has been printed.').waitFor();
  await screen.getByRole('button', { name: 'Enter the code' }).click();
  const signOff = await kiosk.waitForScreen('slipSignOff');
  if (options.screenshot === true) {
    await kiosk.screenshotInEveryLanguage('slipSignOff');
    await kiosk.setLanguage('en');
  }
  await signOff.getByLabel('Their login').fill(second.login);
  await signOff.getByLabel('Their password').fill(second.secret);
  await signOff.getByRole('button', { name: 'Sign off the slip visit' }).click();
  await kiosk.waitForScreen('codeEntry');
}

/** The result screen, once its heading says how the patient was identified ("Identified by code"). */
export async function waitForResult(kiosk: KioskPage, heading: string, timeoutMs?: number): Promise<Locator> {
  const result = await kiosk.waitForScreen('result', timeoutMs);
  await result.getByRole('heading', { name: heading }).waitFor();
  return result;
}

/** "Done" on the result screen: back to the doctor's home. */
export async function closeResult(kiosk: KioskPage): Promise<void> {
  await (await kiosk.waitForScreen('result')).getByRole('button', { name: 'Done' }).click();
  await kiosk.waitForScreen('doctorHome');
}

export async function cancelVisit(kiosk: KioskPage): Promise<void> {
  await kiosk.page.getByRole('button', { name: 'Cancel visit' }).click();
}

/** The header's "Sign out": back to the sign-in screen. */
export async function signOutThroughUi(kiosk: KioskPage): Promise<void> {
  await kiosk.page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  await kiosk.waitForScreen('signIn');
}

/** One of the admin's tabs ("Settings", "Self-check", "Backup & move", …). */
export async function openAdminTab(kiosk: KioskPage, tab: string): Promise<void> {
  await kiosk.page
    .getByRole('navigation', { name: 'Administration' })
    .getByRole('button', { name: tab, exact: true })
    .click();
  await kiosk.screen('admin').getByRole('heading', { level: 1, name: tab, exact: true }).waitFor();
}

/** One of the registry's tabs ("Register a patient", "Find a patient", "Enrol a face"). */
export async function openRegistrarTab(kiosk: KioskPage, tab: string): Promise<void> {
  await kiosk.page
    .getByRole('navigation', { name: 'Registry tasks' })
    .getByRole('button', { name: tab, exact: true })
    .click();
}

/** From the registry's "Find a patient": the record of the one patient with this IIN. */
export async function openPatientRecord(kiosk: KioskPage, iin: string): Promise<void> {
  await openRegistrarTab(kiosk, 'Find a patient');
  const search = await kiosk.waitForScreen('patientSearch');
  await search.getByLabel('IIN', { exact: true }).fill(iin);
  await search.getByRole('button', { name: 'Find by IIN' }).click();
  await kiosk.waitForScreen('patientRecord');
}

/**
 * Awaits a step of a UI test; when it fails, the error carries the desk's newest audit rows, so a
 * visit that ended elsewhere (liveness failed, no match, a timeout) says why.
 */
export async function explainedByAudit<T>(
  fixture: Pick<KioskFixture, 'recentAudit'>,
  step: Promise<T>,
): Promise<T> {
  try {
    return await step;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\nThe desk's newest audit rows:\n${fixture.recentAudit().join('\n')}`, {
      cause: error,
    });
  }
}

/** After a failed test: cancels whatever visit is open, so the next test starts at the doctor's home. */
export async function backToDoctorHome(kiosk: KioskPage): Promise<void> {
  const cancel = kiosk.page.getByRole('button', { name: 'Cancel visit' });
  if (await cancel.isVisible()) await cancel.click();
  const done = kiosk.page.getByRole('button', { name: 'Done' });
  if (await done.isVisible()) await done.click();
  await kiosk.waitForScreen('doctorHome');
}
