/**
 * The registry through the UI: a parent linked to a child's record (found by IIN, with the relation
 * and the proof document), shown in the child's record and offered at the enrolment's consent, then
 * unlinked after a question; and an adult's consent to face identification withdrawn, which deletes
 * the face template at once and leaves the record saying the consent is withdrawn.
 * Then the doctor's home at 1366×768, where the name search's three inputs must line up.
 */
import { expect, it } from 'vitest';
import { useTempDir } from '../support/temp-dir.ts';
import { ENROLMENT_PHOTOS, OPERATORS } from './support/kiosk-fixture.ts';
import { LANGUAGES } from './support/kiosk-page.ts';
import { useKioskSession } from './support/kiosk-session.ts';
import {
  openPatientRecord,
  openRegistrarTab,
  signInThroughUi,
  signOutThroughUi,
} from './support/kiosk-ui.ts';

const tempDir = useTempDir('e2e-ui-registrar');

const child = {
  familyName: 'Серікова',
  givenNames: 'Айша Нұржанқызы',
  birthDate: '2019-06-03',
  phone: 'none',
};
const parent = { familyName: 'Серіков', givenNames: 'Нұржан Бекұлы', birthDate: '1990-02-14', phone: 'none' };
let childId: string;
let childIin: string;
let parentIin: string;

const session = useKioskSession({
  dir: tempDir,
  prepare: (fixture) => {
    ({ id: childId, iin: childIin } = fixture.registerPatient(child));
    parentIin = fixture.registerPatient(parent).iin;
    return null;
  },
  signInAs: { who: OPERATORS.registrar, home: 'registrar' },
});

it("links a parent to a child, and the parent shows in the child's record", async () => {
  const { kiosk } = session();
  await openPatientRecord(kiosk, childIin);
  const record = kiosk.screen('patientRecord');
  await record.getByText('No parent or legal representative is linked.').waitFor();
  await record.getByRole('button', { name: 'Link a representative' }).click();

  const link = await kiosk.waitForScreen('linkRepresentative');
  const iin = link.getByLabel("Representative's IIN");
  // The child cannot represent themself: said at once, nothing sent.
  await iin.fill(childIin);
  await link.getByRole('button', { name: 'Find by IIN' }).click();
  await link.getByText('This is the patient themself.', { exact: false }).waitFor();

  await iin.fill(parentIin);
  await link.getByRole('button', { name: 'Find by IIN' }).click();
  const details = link.getByRole('form', { name: 'Representative' });
  await details.getByText(`${parent.familyName} ${parent.givenNames}`).waitFor();
  expect(await details.getByLabel('Relation to the patient').inputValue()).toBe('parent');
  expect(await details.getByLabel('Proof document').inputValue()).toBe('birth_certificate');
  await details.getByLabel('Document number').fill('I-АЛ 0654321');
  await kiosk.screenshotInEveryLanguage('linkRepresentative');
  await kiosk.setLanguage('en');
  await details.getByRole('button', { name: 'Link representative' }).click();

  await kiosk.waitForScreen('patientRecord');
  await record
    .getByText(`${parent.familyName} ${parent.givenNames} is linked as a representative.`)
    .waitFor();
  const item = record.getByRole('listitem').filter({ hasText: `${parent.familyName} ${parent.givenNames}` });
  await item.getByText('Parent', { exact: true }).waitFor();
  await item.getByText('No phone', { exact: true }).waitFor();
  await kiosk.screenshotInEveryLanguage('patientRecord');
  await kiosk.setLanguage('en');

  const linked = await kiosk.call('patientRepresentatives', { patientId: childId });
  expect(linked).toMatchObject({ ok: true, value: [{ relation: 'parent', hasPhone: false }] });
});

it("offers the linked parent at the child's enrolment consent", async () => {
  const { kiosk } = session();
  await openPatientRecord(kiosk, childIin);
  await kiosk.screen('patientRecord').getByRole('button', { name: "Enrol this patient's face" }).click();
  const consent = await kiosk.waitForScreen('enrol');
  await consent.getByRole('heading', { name: 'Who gives consent?' }).waitFor();
  const choice = consent.getByRole('radio', { name: new RegExp(parent.familyName) });
  await expect.poll(() => choice.isChecked()).toBe(true);
  await consent
    .getByText(`Read this to ${parent.familyName} ${parent.givenNames}`, { exact: false })
    .waitFor();
  expect(await consent.getByRole('button', { name: 'Consent given: start the camera' }).isEnabled()).toBe(
    true,
  );
  await kiosk.screenshotInEveryLanguage('enrolConsent-representative');
  await kiosk.setLanguage('en');
});

it("unlinks the parent from the child's record, after asking", async () => {
  const { kiosk, fixture } = session();
  await openPatientRecord(kiosk, childIin);
  const record = kiosk.screen('patientRecord');
  const name = `${parent.familyName} ${parent.givenNames}`;
  const item = record.getByRole('listitem').filter({ hasText: name });
  const unlink = item.getByRole('button', { name: 'Unlink' });

  // The child was never asked about face identification: nothing to withdraw, no button for it.
  await record.getByText('not asked yet', { exact: true }).waitFor();
  await record.getByText('There is no consent in force, so there is nothing to withdraw.').waitFor();
  expect(await record.getByRole('button', { name: 'Withdraw consent to face identification' }).count()).toBe(
    0,
  );

  // Asked first, in plain words; Escape (or Cancel) keeps the link.
  for (const language of LANGUAGES) {
    await kiosk.setLanguage(language);
    await item.locator('.representatives__unlink').click();
    await record.getByRole('dialog').waitFor();
    await kiosk.screenshot(language, 'unlinkRepresentative');
    await kiosk.page.keyboard.press('Escape');
    await record.getByRole('dialog').waitFor({ state: 'detached' });
  }
  await kiosk.setLanguage('en');
  await unlink.click();
  const dialog = record.getByRole('dialog', { name: 'Unlink this representative?' });
  await dialog.getByText("Codes for this patient will no longer go to this person's phone.").waitFor();
  await dialog.getByText(name, { exact: true }).waitFor();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  expect(fixture.runtime.services().representatives.of(childId)).toHaveLength(1);

  await unlink.click();
  await dialog.getByRole('button', { name: 'Unlink representative' }).click();
  await record.getByText(`${name} is no longer linked as a representative.`).waitFor();
  await item.waitFor({ state: 'detached' });
  await record.getByText('No parent or legal representative is linked.').waitFor();
  // The child still needs someone: linking is the next step, and has the focus.
  const linkButton = record.getByRole('button', { name: 'Link a representative' });
  await expect.poll(() => linkButton.evaluate((e) => e === e.ownerDocument.activeElement)).toBe(true);
  expect(await kiosk.call('patientRepresentatives', { patientId: childId })).toMatchObject({
    ok: true,
    value: [],
  });
});

it('withdraws consent to face identification: the face template is deleted', async () => {
  const { kiosk, fixture } = session();
  const adult = fixture.registerPatient({ familyName: 'Обама', givenNames: 'Барак' });
  await fixture.enrol(adult.id, ENROLMENT_PHOTOS.obama);
  await openPatientRecord(kiosk, adult.iin);
  const record = kiosk.screen('patientRecord');
  const withdraw = record.getByRole('button', { name: 'Withdraw consent to face identification' });
  const consentState = record.locator('.record__consent-state');
  expect(await consentState.textContent()).toBe('given');

  // Asked first, in plain words; Escape (or Cancel) keeps everything.
  for (const language of LANGUAGES) {
    await kiosk.setLanguage(language);
    await record.locator('.btn--danger').click();
    await record.getByRole('dialog').waitFor();
    await kiosk.screenshot(language, 'withdrawConsent');
    await kiosk.page.keyboard.press('Escape');
    await record.getByRole('dialog').waitFor({ state: 'detached' });
  }
  await kiosk.setLanguage('en');
  expect(fixture.runtime.services().templates.has(adult.id)).toBe(true);

  await withdraw.click();
  const dialog = record.getByRole('dialog', { name: 'Withdraw consent to face identification?' });
  await dialog.getByText("The patient's face template is deleted now, for good.").waitFor();
  await dialog.getByText('identified by a code', { exact: false }).waitFor();
  await dialog.getByRole('button', { name: 'Withdraw consent and delete the template' }).click();
  await record.getByText('Face template deleted.', { exact: false }).waitFor();
  await record.getByText('No face photo', { exact: true }).waitFor();
  await record.getByText('withdrawn', { exact: true }).waitFor();
  await record.getByText('There is no consent in force, so there is nothing to withdraw.').waitFor();
  expect(await withdraw.count()).toBe(0);
  expect(fixture.runtime.services().templates.has(adult.id)).toBe(false);
  const found = await kiosk.call('patientFindByIin', { iin: adult.iin });
  expect(found).toMatchObject({ ok: true, value: [{ hasTemplate: false, faceConsent: 'withdrawn' }] });
  await kiosk.screenshotInEveryLanguage('patientRecord-withdrawn');
  await kiosk.setLanguage('en');

  // Opened again from the search, the record still says so.
  await record.getByRole('button', { name: 'Find another patient' }).click();
  await openPatientRecord(kiosk, adult.iin);
  expect(await consentState.textContent()).toBe('withdrawn');
});

it("lines up the doctor's name search at 1366×768 in every language", async () => {
  const { kiosk } = session();
  await openRegistrarTab(kiosk, 'Register a patient');
  await signOutThroughUi(kiosk);
  await kiosk.page.setViewportSize({ width: 1366, height: 768 });
  await kiosk.setLanguage('en');
  await signInThroughUi(kiosk, OPERATORS.doctor);
  const home = await kiosk.waitForScreen('doctorHome');
  for (const language of LANGUAGES) {
    await kiosk.setLanguage(language);
    // The IIN input and the three name inputs start on the same line, and so do both buttons.
    const tops = await home
      .locator('.search__form input')
      .evaluateAll((inputs) => inputs.map((i) => Math.round(i.getBoundingClientRect().top)));
    expect(tops).toHaveLength(4);
    expect(new Set(tops).size).toBe(1);
    const buttons = await home
      .locator('.search__form button[type="submit"]')
      .evaluateAll((list) => list.map((b) => Math.round(b.getBoundingClientRect().top)));
    expect(new Set(buttons).size).toBe(1);
    await kiosk.screenshot(language, 'doctorHome-1366x768');
  }
  await kiosk.setLanguage('en');
});
