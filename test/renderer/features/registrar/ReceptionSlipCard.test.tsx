/**
 * The registrar's "Print a code slip" on the patient record, in each of the desk's languages,
 * against a stubbed window.kiosk: a clinic desk prints and says until when the slip is valid (the
 * code is never on screen); a clinic that cannot be reached says the doctor's desk prints its own;
 * a single desk shows no card at all.
 */
import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeskContext } from '../../../../src/renderer/app/desk.ts';
import { ReceptionSlipCard } from '../../../../src/renderer/features/registrar/ReceptionSlipCard.tsx';
import { i18n } from '../../../../src/renderer/i18n/index.ts';
import { LOCALES } from '../../../../src/renderer/i18n/locale-files.ts';
import type { KioskApi } from '../../../../src/shared/ipc/channels.ts';
import type { SyncState } from '../../../../src/shared/ipc/clinic-channels.ts';
import { LANGUAGES } from '../../../../src/shared/languages.ts';

const PATIENT = '0f8fad5b-d9cb-469f-a165-70867728950e';
const ONLINE: SyncState = { mode: 'clinic', state: 'online', overBudget: null };

function stub(sync: SyncState, print: KioskApi['patientPrintCodeSlip']) {
  const printCodeSlip = vi.fn(print);
  vi.stubGlobal('kiosk', {
    clinicSyncState: () => Promise.resolve({ ok: true, value: sync }),
    patientPrintCodeSlip: printCodeSlip,
  } as Partial<KioskApi>);
  return printCodeSlip;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

async function shown(): Promise<void> {
  await act(async () => {
    // A clinic in Almaty (UTC+5): the slip's expiry is said in its time, not this PC's.
    render(
      <DeskContext value={{ timeZone: 'Asia/Almaty', languages: null, setLanguages: () => undefined }}>
        <ReceptionSlipCard patientId={PATIENT} />
      </DeskContext>,
    );
    await Promise.resolve();
  });
}

describe.each(LANGUAGES)('the reception slip card in %s', (language) => {
  const texts = LOCALES[language].receptionSlip;

  it('prints a slip for the patient and says until when it is valid', async () => {
    await i18n.changeLanguage(language);
    const print = stub(ONLINE, () =>
      Promise.resolve({ ok: true, value: { printed: true, expiresAt: '2026-12-02T10:30:00.000Z' } }),
    );
    await shown();
    expect(screen.getByText(texts.title)).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: texts.print }));
      await Promise.resolve();
    });
    expect(print).toHaveBeenCalledWith({ patientId: PATIENT });
    expect(screen.getByText(texts.printed.replace('{{time}}', '15:30'))).toBeTruthy();
  });

  it('the clinic unreachable: says the doctor’s desk prints its own', async () => {
    await i18n.changeLanguage(language);
    stub(ONLINE, () => Promise.resolve({ ok: false, code: 'CLINIC_UNREACHABLE' }));
    await shown();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: texts.print }));
      await Promise.resolve();
    });
    expect(screen.getByText(texts.offline)).toBeTruthy();
  });
});

it('a single desk shows no card', async () => {
  const print = stub({ mode: 'single' }, () => Promise.reject(new Error('not called')));
  await shown();
  expect(screen.queryByRole('button')).toBeNull();
  expect(print).not.toHaveBeenCalled();
});
