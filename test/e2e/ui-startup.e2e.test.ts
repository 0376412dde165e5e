/**
 * A desk that cannot start, through the screens: instead of a window that never opens, the
 * start-up screen says what failed and what IT should do (kk, ru, en); a desk whose data key went
 * missing is recovered there from its transfer file. Then, on a running desk, what needs the
 * admin's attention and the kiosk's only way out: quitting with the admin's password again.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createKioskRouter } from '../../src/main/ipc/kiosk-router.ts';
import { trustedSenderCheck } from '../../src/main/ipc/trusted-sender.ts';
import { testRuntime } from '../support/runtime.ts';
import { useTempDir } from '../support/temp-dir.ts';
import { APP_VERSION, OPERATORS } from './support/kiosk-fixture.ts';
import { KioskPage, LANGUAGES } from './support/kiosk-page.ts';
import { useKioskSession } from './support/kiosk-session.ts';
import { signInThroughUi } from './support/kiosk-ui.ts';

const tempDir = useTempDir('e2e-ui-startup');
const PASSPHRASE = 'жасыл алма 2025 қазан';
const SETUP = {
  clinicId: 'clinic-e2e',
  clinicName: 'Емхана №5',
  timeZone: 'Asia/Almaty',
  callNumber: '+7 727 000 00 00',
  deskId: 'desk-e2e',
  admin: OPERATORS.admin,
};

const session = useKioskSession({
  dir: tempDir,
  signInAs: { who: OPERATORS.admin, home: 'admin' },
});

/** A desk that was set up and exported its transfer file, then lost `what`; opened again. */
async function brokenDesk(what: 'key' | 'database') {
  const dir = tempDir();
  const old = testRuntime(dir);
  await old.runtime.completeSetup(SETUP);
  old.files.save = join(tempDir(), 'desk.transfer.json');
  const transfer = (await old.runtime.exportTransfer(PASSPHRASE)) ?? '';
  await old.runtime.close();
  if (what === 'key') rmSync(join(dir, 'data.key'));
  else for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir, `tanu.sqlite${suffix}`), { force: true });
  const t = testRuntime(dir);
  const router = createKioskRouter({
    app: { getVersion: () => APP_VERSION },
    platform: 'linux',
    runtime: t.runtime,
    isTrustedSender: trustedSenderCheck(session().server.origin),
    logger: { warn: () => undefined, error: () => undefined },
  });
  const page = await KioskPage.open(session().browser, { router, url: session().server.indexUrl });
  return { ...t, transfer, page };
}

it('a desk whose database is gone says so and what IT should do, and offers nothing else', async () => {
  const { runtime, page } = await brokenDesk('database');
  try {
    const screen = await page.waitForScreen('startupError');
    await page.setLanguage('en');
    await screen.getByText('Tanu cannot start').waitFor();
    await screen.getByText(/its records file \(tanu\.sqlite\) is missing or empty/).waitFor();
    await screen.getByText(/Restore the latest backup into the data folder/).waitFor();
    expect(await screen.getByLabel('Passphrase', { exact: true }).count()).toBe(0);
    await page.screenshotInEveryLanguage('startupError-database');
    page.assertClean();
  } finally {
    await page.close();
    await runtime.close();
  }
});

it('a desk whose data key is gone is recovered from its transfer file on the start-up screen', async () => {
  const { runtime, files, transfer, page } = await brokenDesk('key');
  try {
    const screen = await page.waitForScreen('startupError');
    await page.screenshotInEveryLanguage('startupError-key');
    await page.setLanguage('en');
    await screen.getByText(/This desk's data key is missing/).waitFor();
    const passphrase = screen.getByLabel('Passphrase', { exact: true });
    const recover = screen.getByRole('button', { name: 'Choose the transfer file and recover' });

    files.open = { transfer };
    await passphrase.fill('жасыл алма 2025 қараша');
    await recover.click();
    await screen.getByText('The passphrase is wrong, or this is not a Tanu transfer file.').waitFor();
    expect(runtime.configured).toBe(false);

    await passphrase.fill(PASSPHRASE);
    await recover.click();
    await page.waitForScreen('signIn');
    await page.setLanguage('en');
    await signInThroughUi(page, OPERATORS.admin);
    await page.waitForScreen('admin');
    page.assertClean();
  } finally {
    await page.close();
    await runtime.close();
  }
});

it('shows the admin what needs attention: a transfer file is due until one is exported', async () => {
  const { kiosk } = session();
  const alerts = kiosk.page.getByRole('region', { name: 'Needs attention' });
  await alerts.getByText(/No transfer file was exported in the last 30 days \(never exported\)/).waitFor();
  await kiosk.screenshotInEveryLanguage('admin-alerts');
  await kiosk.setLanguage('en');
});

it('quits only with the admin’s password again, and the quit is in the audit', async () => {
  const { kiosk, fixture } = session();
  // The dialog is modal (the language switcher behind it is inert): one language at a time.
  for (const language of LANGUAGES) {
    await kiosk.setLanguage(language);
    await kiosk.page.locator('.admin__quit button').click();
    await kiosk.page.getByRole('dialog').waitFor();
    await kiosk.screenshot(language, 'admin-quit');
    await kiosk.page.keyboard.press('Escape');
    await kiosk.page.getByRole('dialog').waitFor({ state: 'detached' });
  }
  await kiosk.setLanguage('en');
  await kiosk.page.getByRole('button', { name: 'Quit Tanu' }).click();
  const dialog = kiosk.page.getByRole('dialog', { name: 'Quit Tanu?' });
  await dialog.getByLabel('Your password').fill('not the password');
  await dialog.getByRole('button', { name: 'Quit', exact: true }).click();
  await dialog.getByText('The login or the password is wrong.').waitFor();
  const quits = () =>
    fixture.runtime
      .services()
      .store.connection.prepare("SELECT count(*) FROM audit_log WHERE event = 'kiosk_quit'")
      .pluck()
      .get();
  expect(quits()).toBe(0);
  await dialog.getByLabel('Your password').fill(OPERATORS.admin.secret);
  await dialog.getByRole('button', { name: 'Quit', exact: true }).click();
  await expect.poll(quits).toBe(1);
});
