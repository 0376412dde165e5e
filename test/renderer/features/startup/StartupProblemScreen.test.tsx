/**
 * The start-up screen in Kazakh (the desk's first language): what failed and what IT should do for
 * the problem main reported, and the recovery from the transfer file, against a stubbed
 * window.kiosk: a wrong passphrase is said and cleared, a right one asks main again.
 */
import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { StartupProblemScreen } from '../../../../src/renderer/features/startup/StartupProblemScreen.tsx';
import { i18n } from '../../../../src/renderer/i18n/index.ts';
import { LOCALES } from '../../../../src/renderer/i18n/locale-files.ts';
import type { KioskApi } from '../../../../src/shared/ipc/channels.ts';

const kk = LOCALES.kk;

function stubKiosk(setupRecover: KioskApi['setupRecover']): void {
  vi.stubGlobal('kiosk', { setupRecover } as Partial<KioskApi>);
}

beforeAll(async () => {
  await i18n.changeLanguage('kk');
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('StartupProblemScreen in kk', () => {
  it('says what failed and what to do, in Kazakh, with no recovery for a damaged database', () => {
    render(<StartupProblemScreen problem="DATABASE_CORRUPT" recoverable={false} onRetry={() => undefined} />);
    expect(document.documentElement.lang).toBe('kk');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(kk.startup.title);
    expect(screen.getByText(kk.startup.what.DATABASE_CORRUPT).dataset.problem).toBe('DATABASE_CORRUPT');
    screen.getByText(kk.startup.todo.DATABASE_CORRUPT);
    expect(screen.queryByText(kk.startup.recoverTitle)).toBeNull();
  });

  it('recovers a missing key from the transfer file: a wrong passphrase is said and cleared', async () => {
    const recover = vi
      .fn<KioskApi['setupRecover']>()
      .mockResolvedValueOnce({ ok: false, code: 'DECRYPT_FAILED' })
      .mockResolvedValueOnce({ ok: true, value: { clinicName: 'Емхана №5', deskId: 'desk-12' } });
    stubKiosk(recover);
    const onRetry = vi.fn();
    render(<StartupProblemScreen problem="KEY_MISSING" recoverable onRetry={onRetry} />);
    screen.getByText(kk.startup.what.KEY_MISSING);
    const passphrase = screen.getByLabelText<HTMLInputElement>(kk.startup.passphrase);
    const submit = screen.getByRole('button', { name: kk.startup.recover });

    // Nothing typed: the field says so and main is not asked.
    await act(async () => {
      fireEvent.click(submit);
    });
    screen.getByText(kk.startup.noPassphrase);
    expect(recover).not.toHaveBeenCalled();

    fireEvent.change(passphrase, { target: { value: 'not the passphrase' } });
    await act(async () => {
      fireEvent.click(submit);
    });
    expect(recover).toHaveBeenLastCalledWith({ passphrase: 'not the passphrase' });
    screen.getByText(kk.startup.wrongPassphrase);
    expect(passphrase.value).toBe('');
    expect(onRetry).not.toHaveBeenCalled();

    fireEvent.change(passphrase, { target: { value: 'the passphrase' } });
    await act(async () => {
      fireEvent.click(submit);
    });
    expect(recover).toHaveBeenCalledTimes(2);
    expect(onRetry).toHaveBeenCalledOnce();
  });
});
