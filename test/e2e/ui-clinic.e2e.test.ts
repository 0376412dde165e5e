/**
 * The admin's Clinic tab through the screens, against a real PostgreSQL: a single desk says it
 * works alone and offers to join; the admin types the provisioning file's passphrase, main takes
 * the file IT made (`clinic add-desk --clinic-key`, here written the same way) from the file
 * dialog, and the tab then shows the desk online, acknowledged by the clinic, with the clinic's
 * desks (each one's last contact, acknowledged head and unsent decisions, pictured scrolled to the
 * list); the report tab then says its report is clinic-wide. All are saved in kk, ru and en.
 */
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { addDesk } from '../../src/core/clinic/desks.ts';
import { describeClinic, useClinicDb } from '../support/clinic-db.ts';
import { writeProvisioningFile } from '../support/provisioning-file.ts';
import { useTempDir } from '../support/temp-dir.ts';
import { DESK_ID, OPERATORS } from './support/kiosk-fixture.ts';
import { LANGUAGES } from './support/kiosk-page.ts';
import { useKioskSession } from './support/kiosk-session.ts';
import { openAdminTab } from './support/kiosk-ui.ts';

const clinic = useClinicDb('e2e_clinic');
const tempDir = useTempDir('e2e-ui-clinic');
const PASSPHRASE = 'емхана кілті 2026 желтоқсан';

const session = useKioskSession({
  dir: tempDir,
  signInAs: { who: OPERATORS.admin, home: 'admin' },
});

/** What `npm run clinic -- add-desk --name desk-e2e --clinic-key …` hands IT for this desk. */
async function provisioningFile(): Promise<string> {
  const desk = await addDesk(await clinic.superuser(), DESK_ID);
  return writeProvisioningFile(tempDir(), desk, clinic.url(), randomBytes(32), PASSPHRASE);
}

describeClinic('the Clinic tab', () => {
  it('a single desk joins its clinic with the provisioning file; the tab then shows it online with the clinic’s desks', async () => {
    const { kiosk, fixture } = session();
    await openAdminTab(kiosk, 'Clinic');
    const screen = kiosk.screen('admin');
    await screen.getByRole('heading', { name: 'This desk works alone' }).waitFor();
    await kiosk.screenshotInEveryLanguage('admin-clinic-single');
    await kiosk.setLanguage('en');

    fixture.files.open.provisioning = await provisioningFile();
    await screen.getByLabel('The provisioning file’s passphrase').fill(PASSPHRASE);
    await screen.getByRole('button', { name: 'Choose the file and join' }).click();
    await screen.locator('[data-clinic="online"]').waitFor({ timeout: 20_000 });
    const row = screen.locator(`tr[data-desk="${DESK_ID}"]`);
    await row.waitFor();
    expect(Number(await row.locator('td[data-head]').textContent())).toBeGreaterThan(0);
    // What the desk told the clinic it still holds after its round: nothing.
    expect(await row.locator('td[data-unsent]').textContent()).toBe('0');
    await kiosk.screenshotInEveryLanguage('admin-clinic');
    // The desk list sits below the fold of the kiosk's window: its own picture, scrolled to it.
    for (const language of LANGUAGES) {
      await kiosk.setLanguage(language);
      await row.scrollIntoViewIfNeeded();
      await kiosk.screenshot(language, 'admin-clinic-desks');
    }
    await kiosk.setLanguage('en');

    // Online, the report tab shows the clinic's count over every desk and says so.
    await openAdminTab(kiosk, 'Anti-fraud report');
    await screen.locator('[data-scope="clinic"]').waitFor({ timeout: 20_000 });
    await kiosk.screenshotInEveryLanguage('admin-report-clinic');
    await kiosk.setLanguage('en');
  });
});
