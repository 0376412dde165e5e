/**
 * The admin's screens through the UI: the desk's self-check (every line with its verdict, said in
 * the desk's language from the line's reason; with no gateway configured the gateway line is a
 * warning), unlocking an account locked by wrong
 * passwords, a backup, an off-desk copy under a passphrase and the transfer file of a move, the
 * gateway's address asking for its token when it changes, and then the other half of the move: a
 * fresh machine that takes the desk over from those two files at its first start. Every admin tab
 * is saved in kk, ru and en under artifacts/screens/.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { decryptBackup } from '../../src/core/crypto/backup-file.ts';
import { createKioskRouter } from '../../src/main/ipc/kiosk-router.ts';
import { trustedSenderCheck } from '../../src/main/ipc/trusted-sender.ts';
import { testRuntime } from '../support/runtime.ts';
import { useTempDir } from '../support/temp-dir.ts';
import { APP_VERSION, DESK_ID, OPERATORS } from './support/kiosk-fixture.ts';
import { KioskPage, LANGUAGES } from './support/kiosk-page.ts';
import { useKioskSession } from './support/kiosk-session.ts';
import { openAdminTab, signInThroughUi } from './support/kiosk-ui.ts';

const tempDir = useTempDir('e2e-ui-admin');
const PASSPHRASE = 'жасыл алма 2025 қазан';
const OFF_DESK = 'сейфте сақталады 2026';

/** Where the old desk wrote its two files for the move. */
let files: { dir: string; transfer: string; backup: string; offDesk: string };

const session = useKioskSession({
  dir: tempDir,
  prepare: () => {
    const dir = tempDir();
    files = {
      dir,
      transfer: join(dir, 'desk.transfer.json'),
      backup: join(dir, 'desk.tanu-backup'),
      offDesk: join(dir, 'desk-offdesk.tanu-backup'),
    };
    return null;
  },
  signInAs: { who: OPERATORS.admin, home: 'admin' },
});

it('runs the self-check: a line per check with its verdict, and the gateway is a warning offline', async () => {
  const { kiosk } = session();
  await openAdminTab(kiosk, 'Self-check');
  const screen = kiosk.screen('admin');
  await screen.getByRole('button', { name: 'Run the self-check' }).click();
  const table = screen.getByRole('table');
  await table.waitFor();
  const lines = table.locator('tbody tr');
  expect(await lines.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-check')))).toEqual([
    'configuration',
    'models',
    'face engine',
    'key',
    'database',
    'disk',
    'gateway',
  ]);
  const gateway = table.getByRole('row', { name: /E-government gateway/ });
  expect(await gateway.getAttribute('data-status')).toBe('WARN');
  await gateway.getByText('Warning', { exact: true }).waitFor();
  expect(await gateway.getAttribute('data-reason')).toBe('offline');
  await gateway
    .getByText('Offline: no gateway is set up, so codes are printed on slips only.', { exact: true })
    .waitFor();
  await gateway
    .getByText('If this desk has a network, set up the e-government gateway in Settings.', { exact: true })
    .waitFor();
  const database = table.getByRole('row', { name: /Records database/ });
  await database.getByText('OK', { exact: true }).waitFor();
  await database.getByText(/^Opens and is intact; the audit chain is verified \(records: \d+\)\.$/).waitFor();
  await screen.getByText(/^Warnings: \d+\./).waitFor();
  // Nothing failed unexpectedly, so nothing is left in English.
  expect(await table.locator('[lang="en"]').count()).toBe(0);
  expect(await screen.getByText('Error messages are shown in English', { exact: false }).count()).toBe(0);

  // The same lines in the desk's other languages: what was found and what to do, not just the names.
  await kiosk.setLanguage('ru');
  const ruGateway = table.getByRole('row', { name: /Шлюз электронного правительства/ });
  await ruGateway.getByText('Внимание', { exact: true }).waitFor();
  await ruGateway
    .getByText('Без сети: шлюз не настроен, коды печатаются только на талонах.', { exact: true })
    .waitFor();
  await ruGateway.getByText('на вкладке «Настройки»', { exact: false }).waitFor();
  await table
    .getByRole('row', { name: /Место на диске/ })
    .getByText(/^Свободно: [\d\s ]+(,\d)? ГБ\.$/)
    .waitFor();
  await kiosk.setLanguage('kk');
  await table
    .getByRole('row', { name: /Электрондық үкімет шлюзі/ })
    .getByText('Желісіз: шлюз бапталмаған, кодтар тек талонға басылады.', { exact: true })
    .waitFor();
  // Numbers as Kazakh writes them (1 500, not 1,500). Within the budget or over it (a loaded
  // machine), the line names the budget in the same way.
  await table
    .getByRole('row', { name: /Бетті тану модулі/ })
    .getByText(/\d{1,3}\s\d{3} мс\)/)
    .waitFor();
  await table
    .getByRole('row', { name: /Жазбалар базасы/ })
    .getByText(/^Ашылады, тұтастығы дұрыс, аудит тізбегі тексерілді \(жазбалар: \d+\)\.$/)
    .waitFor();
  await kiosk.screenshotInEveryLanguage('admin-selfCheck');
  // The table's lower half too, where the warning and what to do about it are.
  for (const language of LANGUAGES) {
    await kiosk.setLanguage(language);
    await table.locator('tbody tr[data-check="gateway"]').scrollIntoViewIfNeeded();
    await kiosk.screenshot(language, 'admin-selfCheck-lines');
  }
  await kiosk.setLanguage('en');
});

it('unlocks an account that wrong passwords locked', async () => {
  const { kiosk, fixture } = session();
  for (let attempt = 0; attempt < 5; attempt += 1) {
    await expect(fixture.runtime.signIn(OPERATORS.doctor.login, 'not-the-password')).rejects.toThrow();
  }
  await openAdminTab(kiosk, 'Accounts');
  const screen = kiosk.screen('admin');
  const doctor = screen.getByRole('row', { name: new RegExp(OPERATORS.doctor.displayName) });
  await doctor.getByText('Locked').waitFor();
  await kiosk.screenshotInEveryLanguage('admin-operators');
  await kiosk.setLanguage('en');
  await doctor.getByRole('button', { name: 'Unlock' }).click();
  await screen.getByText(`${OPERATORS.doctor.displayName} can sign in again.`).waitFor();
  await doctor.getByText('Active').waitFor();
  expect(
    fixture.runtime
      .services()
      .operators.list()
      .find((o) => o.login === OPERATORS.doctor.login)?.locked,
  ).toBe(false);
});

it('backs the records up, and exports the transfer file for a move', async () => {
  const { kiosk, fixture } = session();
  await openAdminTab(kiosk, 'Backup & move');
  const screen = kiosk.screen('admin');

  // A cancelled file dialog is not an error: nothing is said.
  fixture.files.save = null;
  await screen.getByRole('button', { name: 'Back up now' }).click();
  await screen.getByRole('button', { name: 'Back up now' }).waitFor();
  expect(await screen.getByText('Backup saved to:').count()).toBe(0);

  /** Opens a passphrase form, is refused a short passphrase, then saves under `passphrase` to `path`. */
  const saveUnderPassphrase = async (open: string, save: string, passphrase: string, path: string) => {
    await screen.getByRole('button', { name: open }).click();
    const submit = async (phrase: string) => {
      await screen.getByLabel('Passphrase', { exact: true }).fill(phrase);
      await screen.getByLabel('Repeat the passphrase').fill(phrase);
      await screen.getByRole('button', { name: save }).click();
    };
    await submit('too short');
    await screen.getByText('The passphrase needs at least 12 characters.').waitFor();
    fixture.files.save = path;
    await submit(passphrase);
    await screen.getByText(path).waitFor();
  };

  await saveUnderPassphrase('Move this desk', 'Export the transfer file', PASSPHRASE, files.transfer);
  expect(existsSync(files.transfer)).toBe(true);

  // Step 2, right after: the backup (the focus is already on its button).
  fixture.files.save = files.backup;
  await kiosk.page.keyboard.press('Enter');
  await screen.getByText(files.backup).waitFor();
  expect(existsSync(files.backup)).toBe(true);

  // An off-desk copy, under a passphrase of its own instead of the desk's key.
  await saveUnderPassphrase('Make an off-desk copy', 'Save the off-desk copy', OFF_DESK, files.offDesk);
  expect(await screen.getByLabel('Passphrase', { exact: true }).count()).toBe(0); // not left on screen
  expect(
    (await decryptBackup(files.offDesk, null, { kind: 'passphrase', passphrase: OFF_DESK })).keyKind,
  ).toBe('passphrase');
  await kiosk.screenshotInEveryLanguage('admin-backup');
  await kiosk.setLanguage('en');
});

it('saves the other admin tabs in every language', async () => {
  const { kiosk } = session();
  for (const [tab, name] of [
    ['Settings', 'admin-settings'],
    ['Audit chain', 'admin-audit'],
    ['Anti-fraud report', 'admin-report'],
  ] as const) {
    await openAdminTab(kiosk, tab);
    await kiosk.screenshotInEveryLanguage(name);
    await kiosk.setLanguage('en');
  }
});

it('the audit tab lists the newest events by name, who did them or the desk itself', async () => {
  const { kiosk } = session();
  await openAdminTab(kiosk, 'Audit chain');
  const screen = kiosk.screen('admin');
  await screen.getByRole('button', { name: 'Show recent events' }).click();
  const list = screen.getByRole('region', { name: 'Recent events' });
  await list.getByRole('rowheader', { name: 'Signed in' }).first().waitFor();
  await list
    .getByRole('row')
    .filter({ hasText: 'Tanu started' })
    .filter({ hasText: 'The desk itself' })
    .first()
    .waitFor();
  await kiosk.screenshotInEveryLanguage('admin-audit-events');
  await kiosk.setLanguage('en');
});

it('settings: an edited gateway address asks for its token; clearing it removes the gateway and its token', async () => {
  const { kiosk, fixture } = session();
  await openAdminTab(kiosk, 'Settings');
  const screen = kiosk.screen('admin');
  const address = screen.getByLabel('Gateway address');
  const token = screen.getByLabel('Gateway token');
  const save = screen.getByRole('button', { name: 'Save settings' });
  const gatewayNow = () => fixture.runtime.services().config.gateway;

  await address.fill('https://egov.example.kz/notify');
  await screen
    .getByText('A new address needs its token: the stored one is never sent to another address.')
    .waitFor();
  await save.click();
  await screen.getByText('Enter the token for this gateway address.').waitFor();
  expect(gatewayNow()).toBeNull();
  await kiosk.screenshotInEveryLanguage('admin-settings-gateway-token');
  await kiosk.setLanguage('en');

  await token.fill('egov-token-0001');
  await save.click();
  await screen.getByText('Settings saved.').waitFor();
  expect(gatewayNow()?.baseUrl).toBe('https://egov.example.kz/notify');
  expect(fixture.runtime.secrets.get('gateway')).toBe('egov-token-0001');

  // Moving it asks again; the stored token stays where it was entered for.
  await address.fill('https://collector.example/notify');
  await save.click();
  await screen.getByText('Enter the token for this gateway address.').waitFor();
  expect(gatewayNow()?.baseUrl).toBe('https://egov.example.kz/notify');

  await address.fill('');
  await screen.getByText('Saving removes the gateway and deletes its stored token.').waitFor();
  await save.click();
  await screen.getByText('Settings saved.').waitFor();
  expect(gatewayNow()).toBeNull();
  expect(fixture.runtime.secrets.has('gateway')).toBe(false);
});

it('a fresh machine takes the desk over from the transfer file and the backup', async () => {
  const { server, browser } = session();
  const { runtime, files: dialogs } = testRuntime(tempDir());
  const router = createKioskRouter({
    app: { getVersion: () => APP_VERSION },
    platform: 'linux',
    runtime,
    isTrustedSender: trustedSenderCheck(server.origin),
    logger: { warn: () => undefined, error: () => undefined },
  });
  const fresh = await KioskPage.open(browser, { router, url: server.indexUrl });
  try {
    const setup = await fresh.waitForScreen('setup');
    await fresh.screenshotInEveryLanguage('setup');
    await setup.getByRole('button', { name: 'Move a desk here' }).click();
    const passphrase = setup.getByLabel('Passphrase', { exact: true });
    await expect.poll(() => passphrase.evaluate((e) => e === e.ownerDocument.activeElement)).toBe(true);
    await fresh.screenshotInEveryLanguage('setup-move');
    await fresh.setLanguage('en');
    const move = setup.getByRole('button', { name: 'Choose the files and move' });

    // No file chosen in the dialog.
    await passphrase.fill(PASSPHRASE);
    await move.click();
    await setup.getByText('No file was chosen. Press the button again and choose both files.').waitFor();

    // The right files, the wrong passphrase.
    dialogs.open = { transfer: files.transfer, backup: files.backup };
    await passphrase.fill('жасыл алма 2025 қараша');
    await move.click();
    await setup
      .getByText('The passphrase is wrong, or the backup does not belong to this transfer file.')
      .waitFor();
    expect(runtime.configured).toBe(false);

    await passphrase.fill(PASSPHRASE);
    await move.click();
    const moved = await fresh.waitForScreen('deskMoved');
    await moved.getByText('Емхана №5').waitFor();
    await moved.getByText(DESK_ID).waitFor();
    await fresh.screenshotInEveryLanguage('deskMoved');
    await fresh.setLanguage('en');
    await moved.getByRole('button', { name: 'Continue to sign-in' }).click();
    // The moved desk starts in its own default language.
    await fresh.waitForScreen('signIn');
    await fresh.setLanguage('en');
    await signInThroughUi(fresh, OPERATORS.admin);
    await fresh.waitForScreen('admin');
    await fresh.page.getByRole('banner').getByText('Емхана №5').waitFor();
    fresh.assertClean();
  } finally {
    await fresh.close();
    await runtime.close();
  }
});
