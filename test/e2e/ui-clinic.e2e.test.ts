/**
 * The admin's Clinic tab through the screens, against a real PostgreSQL: a single desk says it
 * works alone and offers to join; the admin types the provisioning file's passphrase, main takes
 * the file IT made (`clinic add-desk --clinic-key`, here written the same way) from the file
 * dialog, and the tab then shows the desk online, acknowledged by the clinic, with the clinic's
 * desks. Both states are saved in kk, ru and en.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { wrapClinicKey } from '../../src/core/clinic/clinic-key.ts';
import { addDesk } from '../../src/core/clinic/desks.ts';
import { PROVISIONING_FORMAT } from '../../src/core/clinic-sync/provisioning.ts';
import { describeClinic, useClinicDb } from '../support/clinic-db.ts';
import { useTempDir } from '../support/temp-dir.ts';
import { DESK_ID, OPERATORS } from './support/kiosk-fixture.ts';
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
  const su = await clinic.superuser();
  const desk = await addDesk(su, DESK_ID);
  const url = new URL(clinic.url());
  const path = join(tempDir(), `desk-${DESK_ID}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      format: PROVISIONING_FORMAT,
      desk: desk.name,
      role: desk.role,
      password: desk.password,
      clinic: { host: url.hostname, port: Number(url.port), database: url.pathname.slice(1) },
      tlsRequired: false,
      clinicKey: wrapClinicKey(randomBytes(32), PASSPHRASE, desk.name),
    }),
  );
  return path;
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
    expect(Number(await row.locator('td.num').textContent())).toBeGreaterThan(0);
    await kiosk.screenshotInEveryLanguage('admin-clinic');
    await kiosk.setLanguage('en');
  });
});
